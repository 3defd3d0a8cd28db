/**
 * What one clause of a message does with the kinds it names: keeps them ("keep the promos",
 * "order updates only", "login codes are fine", "las ofertas no"), stops them, or lists them.
 * Read clause by clause by the kept kinds' clauses (`kept-kinds.ts`).
 */
import type { KeywordIndex } from './keyword-index.js';
import type { KeywordMatch, StopMatch } from './keyword-match.js';
import type { PhraseLanguage } from './phrase-index.js';
import { withoutFillers } from './message-clauses.js';
import {
  ALSO_WORDS,
  CANCELLING_VERBS,
  EVERYTHING,
  GOING_ON,
  MESSAGES_SAID,
  POSSESSIVES,
  ONLY_WORDS,
  PLEASE_WORDS,
  STOPPING_VERBS,
  THANKS_FOR,
  kindsAlone,
  kindsNamedIn,
  labelWordKind,
  withoutLabels,
} from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';
import {
  NOT,
  kindsRefusedAfter,
  leftOut,
  notBare,
  withoutAround,
  notThe,
  pastNo,
} from './excepted-kinds.js';

/** How a clause reads alone: the matcher's own reading, without this one on top. */
export type ReadClause = (clause: string) => KeywordMatch | null;

/** What one clause does with the kinds it names; `listed`: it names kinds and nothing else. */
export type ClauseStance = {
  readonly stance: 'keep' | 'stop' | 'listed';
  readonly kinds: readonly string[];
  /** Kept as the only ones wanted ("order updates only", "i only want the login codes"). */
  readonly only?: true;
  /** Kept by a word that says they are fine ("login codes are fine", "los pedidos bien"). */
  readonly fine?: true;
  /** Kept by asking for them ("i still want the order updates", "sigo queriendo los pedidos"). */
  readonly wanted?: true;
  /** For a stopping clause: it opens with a no ("no offers"). */
  readonly refusal?: true;
  /** Kept by a no after a stop ("stop the codes, not the promos"). */
  readonly notStopped?: true;
  /**
   * Kept by a word after them ("las ofertas no", "déjenlos"): the kinds listed and joined before
   * them are kept too.
   */
  readonly trailing?: true;
  /** Kept by a yes after them ("las ofertas sí"): a no after the next kinds refuses them. */
  readonly yes?: true;
  /** Kept by asking not to stop them ("don't unsubscribe me from the promos"): that stop. */
  readonly negated?: StopMatch;
  /** For a stopping clause: it stops "the rest" ("stop the rest", "quiten lo demás"). */
  readonly rest?: true;
  /** For a stopping clause: how it reads on its own. */
  readonly match?: StopMatch;
  /** Kinds listed after another clause, whose stance they take ("stop the codes, promos too"). */
  readonly listed?: true;
  /** Joined to the clause before it by "and", "y", "e". */
  readonly joined?: boolean;
};

/** Words that link a clause to the one before: "and", "but", "also". */
const LINKING: ReadonlySet<string> = new Set([
  ...['and', 'but', 'also', 'y', 'pero', 'e', 'mas', 'tambien', 'tambem'],
]);

/** Words that open a clause and say nothing of its kinds: "bueno", "well", "bom". */
const WELL: ReadonlySet<string> = new Set(['bueno', 'well', 'pues', 'bom', 'hmm', 'ah', 'oh']);

/** A clause's stance that keeps its kinds alone. */
const ALONE = { only: true } as const;

/** Words that say kinds are fine to keep ("order updates are fine", "os avisos tudo bem", 👍). */
const FINE: ReadonlySet<string> = new Set([
  ...['fine', 'ok', 'okay', 'good', 'great', 'cool', 'alright', 'bien', 'vale', 'bem', 'beleza'],
  ...['useful', 'helpful', 'needed', 'utiles', 'util', 'uteis'],
  // "the promos stay", "las ofertas se quedan", "as promoções ficam".
  ...['stay', 'stays', 'quedan', 'queda', 'quedarse', 'ficam', 'fica', 'ficar'],
  // "pedidos y ofertas siguen", "os pedidos continuem".
  ...['siguen', 'sigan', 'continuan', 'continuen', 'seguem', 'sigam', 'continuam', 'continuem'],
  // "…and the promos to continue", "the order updates can continue".
  ...['continue', 'continues'],
  // "i love the offers", "me gustan las ofertas", "adoro as promoções".
  ...['love', 'like', 'gustan', 'gusta', 'encantan', 'adoro', 'gosto', 'amo'],
]);

/**
 * A wish that kinds keep coming, where the words are (with the words that lead to it: "que", "i
 * want", "let", "only"): "(the promos) to keep coming", "can keep arriving", "let (the order
 * updates) keep coming", "(que las ofertas) sigan llegando", "(que as promoções) continuem
 * chegando", "que sigan (los pedidos)", "(las ofertas) que sigan". Not "the promos keep coming",
 * "las ofertas siguen llegando", "continuam chegando": complaints; nor with a no ("…not to keep
 * coming").
 */
function keepComing(words: readonly string[]): ReadonlySet<number> | undefined {
  // ("…and the promos not to keep coming", "…y que las ofertas no sigan llegando": a refusal.)
  if (words.some((word) => NOT.has(word))) return undefined;
  const lets = words[0] === 'let';
  for (let i = 1; i < words.length; i += 1) {
    if (!ARRIVING.has(words[i]!)) continue;
    const verb = words[i - 1]!;
    if (GOING_ON.has(verb)) return withLeading(words, [i - 1, i]);
    if (verb === 'keep' && i >= 2 && MAY.has(words[i - 2]!)) {
      return withLeading(words, [i - 2, i - 1, i]);
    }
    if (verb === 'keep' && lets) return withLeading(words, [i - 1, i]);
  }
  // ("…, las ofertas pueden seguir", "…, os avisos podem continuar", "…, the promos can continue".)
  const may = words.findIndex((word, i) => i > 0 && CONTINUING.has(word) && MAY.has(words[i - 1]!));
  if (may > 0) return withLeading(words, [may - 1, may]);
  // ("…pero que sigan los pedidos", "…mas q continuem os pedidos", "…las ofertas que sigan".)
  const going = words.findIndex((word) => GOING_ON.has(word));
  if (going >= 0 && words.some((word) => THAT.has(word))) return withLeading(words, [going]);
  return undefined;
}

/** The places `at`, and those of the words that lead to a wish ("que", "i want", "let"). */
function withLeading(words: readonly string[], at: readonly number[]): ReadonlySet<number> {
  return new Set([...at, ...words.flatMap((word, i) => (LEADING.has(word) ? [i] : []))]);
}

/** "That", leading a wish in Spanish and Portuguese, as typed: "que", "q", "k". */
const THAT: ReadonlySet<string> = new Set(['que', 'q', 'k']);

/** Words that lead to a wish that kinds keep coming. */
const LEADING: ReadonlySet<string> = new Set([
  ...THAT,
  ...['let', 'i', 'we', 'want', 'need', 'would', 'like', 'only', 'just', 'solo', 'so'],
]);

/** Words for messages arriving, or being sent: "coming", "llegando", "chegando", "mandando". */
const ARRIVING: ReadonlySet<string> = new Set([
  ...['coming', 'arriving', 'llegando', 'viniendo', 'chegando', 'vindo'],
  ...['mandando', 'enviando', 'avisando', 'mandandome', 'enviandome', 'avisandome'],
]);

/**
 * The kinds of a wish that they stop, the verb after them: "que las ofertas (también) paren",
 * "que as promoções parem", "que las ofertas no sigan (llegando)".
 */
function kindsSaidToStop(index: KeywordIndex, words: readonly string[]): readonly string[] {
  if (!THAT.has(words[0] ?? '')) return [];
  const end = words.findIndex((word, i) => i > 1 && (STOPPING_VERBS.has(word) || NOT.has(word)));
  const [verb = '', going = '', ...arriving] = words.slice(end);
  const stops =
    end > 1 &&
    (STOPPING_VERBS.has(verb)
      ? going === ''
      : GOING_ON.has(going) && arriving.every((word) => ARRIVING.has(word)));
  return stops ? kindsByName(index, words.slice(1, end)) : [];
}

/** What makes "keep coming" a wish: "to keep coming", "can keep coming", "pueden seguir". */
const MAY: ReadonlySet<string> = new Set([
  ...['to', 'can', 'may', 'could', 'should', 'pueden', 'puede', 'podem', 'pode'],
]);

/** Verbs of going on that "can" makes a wish: "(can) continue", "(pueden) seguir". */
const CONTINUING: ReadonlySet<string> = new Set(['continue', 'seguir', 'continuar']);

/** Kept by a wish for them (see `ClauseStance.wanted`). */
const WANTED = { wanted: true } as const;

/** Signs that say kinds are fine ("order updates 👍"). */
const FINE_SIGNS = /[👍👌✅]/u;

/**
 * What may sit between kinds and a word that says they are fine ("are", "están", "tudo", "promos
 * can stay", "las ofertas pueden quedarse").
 */
const BEING: ReadonlySet<string> = new Set([
  ...['are', 'is', 'r', 'still', 'all', 'estan', 'esta', 'son', 'muy', 'todo', 'de'],
  ...['sao', 'estao', 'ta', 'tao', 'tudo', 'boa', 'i', 'im', 'am', 'with', 'me', 'das', 'dos'],
  ...['se', 'can', 'may', 'could', 'should', 'pueden', 'puede', 'podem', 'pode', 'to'],
]);

/** A clause that asks to be sent kinds: "i only want the login codes", "solo quiero los pedidos". */
const WANTS_KINDS =
  /^(?:(?:i|yo|eu) )?(?:(?:still|todavia|aun|ainda) )?(?:(?:only|just|solo|so|apenas|somente) )?(?:(?:want|need|quiero|necesito|sigo queriendo|quero|preciso|keep|mantengan|mantenga|manten|mantener|mantenham|mantenha|manter|dejen|dejame|deixem|deixe|(?:continuar|seguir) (?:com|con|recibiendo|recebendo|a receber))(?: me)?(?: (?:to get|to receive|to keep getting|to keep receiving|to keep|recibir|receber|manter|mantener|(?:seguir|continuar) (?:recibiendo|con|com|recebendo|a receber)))? )/u;

/**
 * A wish not to stop what follows it ("i dont want to stop the promos", "no paren las ofertas",
 * "no me quiten las ofertas", "não quero parar as promoções"); its first word says the language
 * (see `LANGUAGE_OF`).
 */
const NOT_STOPPING_KINDS =
  /^(?:i )?(dont|do not|no|nao|nunca) (?:me |nos |les |lhe )?(?:want to (?:stop|cancel)|paren|pare|cancelen|cancele|quiten|quite|detengan|parem|cancelem|tirem|tire|(?:quiero|deseo|quero|desejo) (?:parar|cancelar|quitar|tirar)) /u;

const LANGUAGE_OF: Readonly<Record<string, string>> = {
  dont: 'en',
  'do not': 'en',
  no: 'es',
  nao: 'pt',
  nunca: 'pt',
};

/**
 * Words that give kinds the stance of the clause before ("same for the promos", "además las
 * ofertas", "assim como as promoções").
 */
const SAME_FOR =
  /^(?:and )?(?:(?:the )?same (?:for|with|goes for)|ditto(?: for)?|as well as|along with|including|even|(?:y )?(?:lo )?mismo (?:con|para|de)|igual (?:con|para|de|com|pra)|ademas(?: de)?|asi como|incluso|hasta|junto con|y de paso|(?:e )?(?:o mesmo|a mesma coisa|mesma coisa) (?:com|para|pra|de|dos|das)|alem de|alem|assim como|inclusive|ate|junto com) /u;

/** "Instead of" opening a clause after a stop, in the built-in languages. */
const INSTEAD_OF =
  /^(?:instead of|rather than|and not|en vez de|en lugar de|y no|(?:em vez|ao inves) d(?:e|a|o|as|os)|e nao)(?= |$)/u;

/** A yes after kinds that follow a stop ("…, las ofertas sí", "…, as promoções sim"). */
export const YES_AFTER: ReadonlySet<string> = new Set(['si', 'sim', 'yes']);

/** Words after kinds that leave them be ("los pedidos déjenlos", "os pedidos deixem"). */
const LEAVE_THEM: ReadonlySet<string> = new Set([
  ...['dejenlos', 'dejalos', 'dejelos', 'dejen', 'deja', 'deje', 'deixem', 'deixa', 'deixe'],
  // "…, promos keep", "…, los pedidos mantengan".
  ...['keep', 'mantengan', 'mantenham'],
]);

/** Ties the kinds to a wish at its end: "from the promos", "de las ofertas", "das promoções". */
const FROM: ReadonlySet<string> = new Set([
  ...['from', 'of', 'off', 'about', 'on', 'de', 'del', 'do', 'da', 'dos', 'das', 'sobre'],
]);

/**
 * The stance of one clause of a message (`previous`: the clause before it's): it keeps the kinds
 * it names ("keep the promos", "order updates only", "login codes are fine", "don't unsubscribe
 * me from the promos"), stops them (it reads as a stop alone, or "just the order updates" after a
 * clause that asks not to stop), or lists them; `undefined` for any other clause.
 */
export function clauseStance(
  index: KeywordIndex,
  clause: string,
  previous: ClauseStance | undefined,
  readClause: ReadClause,
  before: { readonly verb: boolean; readonly space: boolean; readonly joined: boolean },
): Omit<ClauseStance, 'joined'> | undefined {
  const words = withoutAround(phraseWords(clause));
  if (words.length === 0) return undefined;
  // "stop the codes, not the promos", "paren los códigos pero no las ofertas", "stop promos,
  // not codes", "paren ofertas, no códigos", "stop but not my order": kept (and the next "not
  // the order updates" too). ("no offers, no codes" is a list of refusals; "no more messages,
  // not the codes" keeps; in English, "stop the codes, no promos" refuses them too, but "stop
  // promos no codes", with no comma, keeps them: offering them might stop what the customer
  // keeps.) After a clause that stops or cancels something else ("cancel my order but not the
  // promos"), "not" keeps too.
  const stopped = previous?.stance === 'stop' && (!previous.refusal || previous.kinds.length === 0);
  const english = previous?.match?.language === 'en' && !before.space;
  const bare = notBare(words) && (words[0] !== 'no' || !english);
  const notAfterVerb = before.verb && (notThe(words) || (notBare(words) && words[0] !== 'no'));
  if (((stopped || previous?.notStopped) && (notThe(words) || bare)) || notAfterVerb) {
    const kinds = kindsLeftOutNamed(index, words.slice(1));
    if (kinds.length > 0) return { stance: 'keep', kinds, notStopped: true };
  }
  // "stop the codes instead of the promos", "paren los códigos en vez de las ofertas": kept.
  const instead = INSTEAD_OF.exec(words.join(' '));
  if ((stopped || previous?.notStopped) && instead) {
    const kinds = kindsLeftOutNamed(index, words.slice(instead[0].split(' ').length));
    if (kinds.length > 0) return { stance: 'keep', kinds, notStopped: true };
  }
  // "paren los códigos, las ofertas no (porfa)", "…, los pedidos y códigos déjenlos": kept (not
  // "…, promos no thanks", a refusal).
  const said = [...phraseWords(clause)];
  while (PLEASE_WORDS.has(said.at(-1) ?? '')) said.splice(-(said.at(-2) === 'por' ? 2 : 1));
  // ("…, bueno los códigos no", "…, well codes no".)
  while (WELL.has(said[0] ?? '')) said.shift();
  const closing = said.at(-1) ?? '';
  const leaves = NOT.has(closing) || LEAVE_THEM.has(closing);
  // ("no quiero los códigos, las ofertas sí": after any stop, a yes keeps them; not "parem os
  // códigos e as promoções sim", joined to it.)
  const yes = previous?.stance === 'stop' && YES_AFTER.has(closing);
  const wanted = yes && !before.joined;
  if (yes && before.joined) {
    const kinds = kindsLeftOutNamed(index, said.slice(0, -1));
    if (kinds.length > 0) return { stance: 'listed', kinds };
  }
  // "não parem os códigos, as promoções também não": not stopped either.
  if (previous?.negated && NOT.has(closing) && said.some((word) => ALSO_WORDS.has(word))) {
    const kinds = kindsLeftOutNamed(
      index,
      said.filter((word) => !ALSO_WORDS.has(word)).slice(0, -1),
    );
    if (kinds.length > 0) return { stance: 'keep', kinds, negated: previous.negated };
  }
  // ("códigos no. ofertas sí. pedidos no": kinds each with a yes or a no; the no refuses.)
  const refusing = previous?.yes && NOT.has(closing);
  if ((((stopped || previous?.notStopped) && leaves) || wanted) && !refusing) {
    const kinds = kindsLeftOutNamed(index, said.slice(0, -1));
    const stance = { stance: 'keep', kinds, notStopped: true, trailing: true } as const;
    if (kinds.length > 0) return { ...stance, ...(wanted && { yes: true }) };
  }
  // "…, las ofertas no me interesan", "…, promos i dont want either": refused.
  const refusedAfter = kindsRefusedAfter(index, words);
  if (refusedAfter.length > 0) return { stance: 'stop', kinds: refusedAfter, refusal: true };
  // "order updates only", "just the order updates": kept, or after "don't stop the promos", stopped.
  const [first, last] = [words[0]!, words.at(-1)!];
  // "no paren los avisos pero sí las ofertas", "não parem os avisos, mas sim as ofertas": the
  // yes takes the stop the clause before asks not to make, of the kinds it names alone; "…pero
  // sí quiero las ofertas", "…mas sim continuem as promoções" want them (kept), and so does a
  // word for messages that names no kind ("…pero sí los códigos y los avisos": not a stop of
  // the codes alone).
  if (previous?.negated && YES_AFTER.has(first)) {
    const rest = words.slice(1);
    const alone = kindsByName(index, rest);
    const general = withoutLabels(index, `${rest.join(' ')} `)
      .split(' ')
      .some((word) => index.messageWords.has(word));
    if (alone.length > 0 && !general) {
      return { stance: 'stop', kinds: alone, match: { ...previous.negated, categories: alone } };
    }
    const wanted = [...kindsNamedIn(index, ` ${rest.join(' ')} `, true)];
    if (wanted.length > 0) return { stance: 'keep', kinds: wanted, ...WANTED };
  }
  if (ONLY_WORDS.has(first) || ONLY_WORDS.has(last)) {
    const kinds = kindsByName(index, ONLY_WORDS.has(first) ? words.slice(1) : words.slice(0, -1));
    // The stop that clause asks not to make, made of these kinds.
    const asked = previous?.negated;
    if (asked && kinds.length > 0) {
      return { stance: 'stop', kinds, match: { ...asked, categories: kinds } };
    }
    // "order updates only" wants them alone; "…, just order updates" keeps them.
    if (kinds.length > 0) return { stance: 'keep', kinds, ...(ONLY_WORDS.has(last) && ALONE) };
  }
  // "stop codes only", "only stop codes", "stop only the codes": a stop of those kinds.
  const [verb, ...named] = words.filter((word) => !ONLY_WORDS.has(word));
  const only = words.some((word) => ONLY_WORDS.has(word)) && STOPPING_VERBS.has(verb ?? '');
  const onlyThose = only ? kindsByName(index, named) : [];
  const read = onlyThose.length > 0 ? readClause(verb!) : null;
  if (read?.kind === 'optOut') {
    const { language, keyword } = read;
    const match: StopMatch = { type: 'contains', kind: 'optOut', language, keyword };
    return { stance: 'stop', kinds: onlyThose, match: { ...match, categories: onlyThose } };
  }
  // "…, thanks for the codes (though)", "…y gracias por los códigos": kept (not "stop the
  // promos thanks for the order updates", "codes thanks for…": a clause that says more first).
  const spokenAll = ` ${phraseWords(clause).join(' ')} `;
  const thanked = THANKS_FOR.exec(spokenAll);
  if (thanked && phraseWords(spokenAll.slice(0, thanked.index)).every((w) => LINKING.has(w))) {
    const kinds = kindsNamedIn(index, spokenAll.slice(thanked.index), true);
    if (kinds.size > 0) return { stance: 'keep', kinds: [...kinds], fine: true };
  }
  // "login codes are fine", "los pedidos están bien", "order updates 👍", "…, the promos to keep
  // coming".
  const coming = keepComing(words);
  const fine = words.some((word) => FINE.has(word)) || FINE_SIGNS.test(clause) || coming;
  if (fine) {
    const kinds = kindsByName(
      index,
      words.filter((word, i) => !FINE.has(word) && !BEING.has(word) && !coming?.has(i)),
    );
    // (A wish that they keep coming asks for them: "stop everything, the promos can keep coming"
    // keeps the promos, as "…, i still want the promos" does.)
    if (kinds.length > 0) return { stance: 'keep', kinds, fine: true, ...(coming && WANTED) };
  }
  // "keep the promos", "i only want the login codes", "quiero los pedidos".
  const spoken = `${words.join(' ')} `;
  const wants = WANTS_KINDS.exec(spoken);
  if (wants) {
    // ("i still want my orders and promos".)
    const wanted = spoken.slice(wants[0].length).split(' ').filter(Boolean);
    const kinds = kindsByName(
      index,
      wanted.filter((word) => !POSSESSIVES.has(word)),
    );
    const alone = wants[0].split(' ').some((word) => ONLY_WORDS.has(word));
    if (kinds.length > 0) return { stance: 'keep', kinds, wanted: true, ...(alone && ALONE) };
  }
  // "don't unsubscribe me from the promos", "dont stop sending me promos".
  const negated = notStopping(index, words);
  if (negated) return { stance: 'keep', kinds: negated.categories, negated };
  // "…y que las ofertas también paren", "…y que las ofertas no sigan llegando": kinds said to stop
  // after a stop, listed with it.
  const alsoStopped = previous?.stance === 'stop' ? kindsSaidToStop(index, words) : [];
  if (alsoStopped.length > 0) return { stance: 'listed', kinds: alsoStopped };
  // "same for the promos", "lo mismo con las ofertas", "o mesmo para as promoções": listed.
  const same = SAME_FOR.exec(spoken);
  const listed = same ? spoken.slice(same[0].length).split(' ').filter(Boolean) : words;
  const kinds = kindsByName(index, listed);
  if (kinds.length > 0) return { stance: 'listed', kinds };
  // "paren los códigos y las ofertas que no uso": kinds joined to a stop, with why.
  const joinedKinds =
    previous?.stance === 'stop' && before.joined ? kindsWithWhy(index, words) : [];
  if (joinedKinds.length > 0) return { stance: 'listed', kinds: joinedKinds };
  // ("stop the codes tho", "stop the codes lol": read without those words too.)
  const unadorned = words.join(' ');
  const match =
    (unadorned === phraseWords(clause).join(' ') ? null : readClause(unadorned)) ??
    readClause(clause) ??
    stopsTheRest(spoken, readClause);
  if (match?.kind !== 'optOut') {
    // "no the promos, …", "the promos no, …", "…, no codes": kinds refused with a bare no (a
    // correction may follow). After another clause, "not the codes" only as the rules above
    // read it ("no more promos, not the codes" is no second refusal).
    const past = pastNo(words);
    const plain = leftOut(index, words);
    const refused = previous && notThe(past) ? [] : plain.length > 0 ? plain : leftOut(index, past);
    return refused.length > 0 ? { stance: 'stop', kinds: refused, refusal: true } : undefined;
  }
  const rest = THE_REST_SAID.test(spoken) ? { rest: true as const } : {};
  // ("no offers", "ofertas no": a refusal.)
  const refusal = NOT.has(words[0]!) || NOT.has(words.at(-1)!) ? { refusal: true as const } : {};
  if (match.type === 'exact') {
    const { language, keyword } = match;
    const stop = { type: 'contains', kind: 'optOut', language, keyword } as const;
    return { stance: 'stop', kinds: [], match: stop, ...rest, ...refusal };
  }
  return { stance: 'stop', kinds: match.categories ?? [], match, ...rest, ...refusal };
}

/**
 * The kinds `words` name alone (see `kindsAlone`), spoken of as messages: with a label, a word for
 * messages or a marketing word ("os avisos do pedido", "the promos"), or a plural word of a label
 * ("codes"). Not a purchase: "my order is fine", "só quero o código", "my orders are fine".
 */
function kindsByName(index: KeywordIndex, words: readonly string[]): string[] {
  const said = ` ${words.join(' ')} `;
  const spoken =
    index.labels.some((label) => said.includes(` ${label.tokens}`)) ||
    words.some((word) => index.marketingWords.has(word) || index.messageWords.has(word)) ||
    (!words.some((word) => POSSESSIVES.has(word)) &&
      words.some((word) => word.endsWith('s') && labelWordKind(index, word) !== undefined));
  return spoken ? kindsAlone(index, words) : [];
}

/**
 * The kinds `words` open with, then say why they are not wanted with a no or a reason ("las
 * ofertas no me dejan en paz", "las promos que no uso", "as promos porque nao leio"); none when
 * the words after them keep them ("las ofertas no me las quiten", "the promos i like").
 */
function kindsWithWhy(index: KeywordIndex, words: readonly string[]): string[] {
  let end = 0;
  for (let to = 1; to < words.length; to += 1) {
    if (kindsByName(index, words.slice(0, to)).length > 0) end = to;
  }
  const rest = words.slice(end);
  const why = rest.some((word) => NOT.has(word) || BECAUSE.has(word));
  const keeps = rest.some(
    (word) => STOPPING_VERBS.has(word) || CANCELLING_VERBS.has(word) || FINE.has(word),
  );
  return end > 0 && rest.length > 0 && why && !keeps ? kindsByName(index, words.slice(0, end)) : [];
}

/** Words that give a reason, in the built-in languages ("que no uso", "because", "porque"). */
const BECAUSE: ReadonlySet<string> = new Set([
  ...['because', 'cause', 'cuz', 'since', 'que', 'q', 'porque', 'pq', 'xq', 'ja', 'ya'],
]);

/**
 * The kinds `words` name after a no that leaves them out of a stop ("not the promos", "not code",
 * "not my order"): a no after a stop says they are messages, one or many, the customer's or not.
 */
function kindsLeftOutNamed(index: KeywordIndex, words: readonly string[]): string[] {
  return kindsAlone(
    index,
    words.filter((word) => !POSSESSIVES.has(word)),
  );
}

/**
 * "The rest" and "everything else" in the built-in languages, for the other kinds; not "the rest
 * of my order", "o resto do pedido".
 */
export const THE_REST_SAID =
  /(?<=^| )(?:all the rest|the rest|everything else|the others|the other ones|todo lo demas|lo demas|los demas|las demas|todo el resto|el resto|todo o resto|o resto|os outros|as outras|tudo mais)(?= (?!(?:of|from|do|da|de|del|dos|das) ))/u;

/**
 * A clause that asks to stop "the rest" ("quiten lo demás", "cancelem o resto", "i dont want
 * the rest"): read as if it said "the messages", in each built-in language's word for them.
 */
function stopsTheRest(said: string, readClause: ReadClause): KeywordMatch | null {
  if (!THE_REST_SAID.test(said)) return null;
  for (const messages of MESSAGES_SAID) {
    const match = readClause(said.replace(THE_REST_SAID, messages));
    if (match?.kind === 'optOut') return match;
  }
  return null;
}

/**
 * The kinds a clause asks not to stop: a wish to stay subscribed with the kinds at its end ("don't
 * unsubscribe me from the promos", "no me den de baja de las ofertas"), or one not to stop with
 * kinds named ("dont stop sending me promos"). `undefined` for any other clause.
 */
function notStopping(
  index: KeywordIndex,
  words: readonly string[],
): (StopMatch & { readonly categories: string[] }) | undefined {
  const said = `${words.join(' ')} `;
  const asked = (phrases: PhraseLanguage | undefined, categories: string[]) =>
    phrases
      ? ({
          type: 'contains',
          kind: 'optOut',
          language: phrases.language,
          keyword: said.trim(),
          categories,
        } as const)
      : undefined;
  const keepOn = index.phrases.find((p) => p.keepOn?.test(said));
  if (keepOn) return asked(keepOn, [...kindsNamedIn(index, said, true)]);
  // "no paren las ofertas", "não quero parar as promoções": the kinds, and nothing else, follow.
  const notStop = NOT_STOPPING_KINDS.exec(said);
  if (notStop) {
    const kinds = kindsByName(index, said.slice(notStop[0].length).split(' ').filter(Boolean));
    const language = index.phrases.find((p) => p.language === LANGUAGE_OF[notStop[1] ?? '']);
    // "no quiero cancelar el pedido, solo las ofertas": no kind kept, but what follows stops.
    if (language) return asked(language, kinds);
  }
  const staysIn = (wish: readonly string[]) => {
    const kept = `${withoutFillers(index, wish).join(' ')} `;
    return index.phrases.find((p) => p.staySubscribed?.test(kept));
  };
  for (let cut = words.length - 2; cut > 0; cut -= 1) {
    if (!FROM.has(words[cut]!)) continue;
    const tail = words.slice(cut + 1);
    // "dont unsubscribe me from everything", "no me den de baja de todo": no kind kept.
    const all = tail.length === 1 && EVERYTHING.has(tail[0]!);
    const kinds = all ? [] : kindsAlone(index, tail);
    if (!all && kinds.length === 0) continue;
    const stays = staysIn(words.slice(0, cut));
    if (stays) return asked(stays, kinds);
  }
  const stays = staysIn(words);
  return stays && asked(stays, []);
}
