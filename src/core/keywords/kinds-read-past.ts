/**
 * A wish to stop read past the kinds' words: beside a word for messages ("i dont want order
 * notifications") or at the end ("stop texting me about my orders").
 */
import type { KeywordIndex } from './keyword-index.js';
import type { StopMatch } from './keyword-match.js';
import { contentWords } from './keyword-index.js';
import { PUNCTUATION_BREAK, QUESTION } from './message-clauses.js';
import {
  ABOUT,
  ANY,
  ALREADY,
  ARTICLES,
  ALSO,
  CANCELLING_VERBS,
  JOINS,
  LEAVE_OFF,
  MESSAGES_SAID,
  OF_KINDS,
  POSSESSIVES,
  ONLY_WORDS,
  PROMOTING,
  PURCHASES,
  REFUSALS,
  SENDING_VERBS,
  STOPPING_VERBS,
  complains,
  contentRunEnd,
  labelWordKind,
  namesKindsAndAll,
} from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';
import { findPhrase } from './find-phrase.js';
import { BUT, NOT } from './excepted-kinds.js';

/**
 * A wish to stop some kinds read past the kinds' words beside a word for messages ("i dont want
 * order notifications": `kindWordsLeftOut`), with `find` looking for the phrasing in the words
 * left. Only in a message of one clause without "only" ("…, just order updates" says what to
 * keep, and its "just" is a filler), and only when it names the kinds: never a stop of
 * everything that the words as written did not ask for.
 */
export function kindsBesideMessages(
  past: KindsReadPast | undefined,
  find: (phrased: string) => StopMatch | undefined,
): StopMatch | undefined {
  if (!past) return undefined;
  const match = past.beside === undefined ? undefined : find(past.beside);
  if (match?.categories && match.categories.length > 0) return match;
  // "no me manden nada de mis pedidos", "dont send me anything about my orders": the kinds. Not
  // when the wish names other kinds of its own ("no deals on my order" is about its price).
  const { atEnd } = past;
  const wish = atEnd && find(atEnd.phrased);
  if (!atEnd || !wish) return undefined;
  const own = wish.categories ?? [];
  if (own.some((id) => !atEnd.kinds.includes(id))) return undefined;
  return { ...wish, type: 'contains', categories: atEnd.kinds };
}

/**
 * `said` read past the kinds' words (see {@link kindsBesideMessages}): beside a word for
 * messages (`kindWordsLeftOut`), and at the end (`kindsAtTheEnd`); `undefined` where neither
 * applies: in a question, in a message of more clauses than one, or with "only".
 */
export type KindsReadPast = {
  readonly beside?: string;
  readonly atEnd?: { readonly phrased: string; readonly kinds: readonly string[] };
};

export function kindsReadPast(
  index: KeywordIndex,
  text: string,
  said: string,
  asked = QUESTION.test(text),
): KindsReadPast | undefined {
  // A question about them complains or asks ("sem mensagens do pedido?", "não me manda nada do
  // meu pedido?").
  if (asked) return undefined;
  // Punctuation at either end ends no clause ("I don't want order notifications!").
  const inside = text.replace(/^[\s,.;:!?¡¿]+|[\s,.;:!?¡¿]+$/gu, '');
  if (PUNCTUATION_BREAK.test(inside) || phraseWords(text).some((word) => ONLY_WORDS.has(word))) {
    return undefined;
  }
  const beside = kindWordsLeftOut(index, said);
  const atEnd = kindsAtTheEnd(index, said);
  return {
    ...(beside === said ? {} : { beside }),
    ...(atEnd ? { atEnd } : {}),
  };
}

/**
 * The kinds a message names at its end, after "about", "de", "sobre"… ("ya no me avisen de mis
 * pedidos", "não me mandem mais nada dos meus pedidos", "stop texting me about orders and
 * promos"), and the message before them. `undefined` when it ends otherwise.
 */
function kindsAtTheEnd(
  index: KeywordIndex,
  said: string,
): { phrased: string; kinds: string[] } | undefined {
  const words = said.split(' ').filter(Boolean);
  const kindsOf = (word: string): readonly string[] => {
    const kind = labelWordKind(index, word);
    if (kind !== undefined) return [kind];
    return index.marketingWords.has(word) ? index.marketingCategories : [];
  };
  // Back from the end: kinds, and the words that join and tie them ("de pedidos ni de ofertas").
  const labelled: string[] = [];
  let at = words.length;
  while (at > 0) {
    const label = labelEndingAt(index, words, at);
    if (label) {
      labelled.push(label.category);
      at -= label.length;
      continue;
    }
    const word = words[at - 1]!;
    const joins = ABOUT.has(word) || JOINS.has(word) || contentWords([word]).length === 0;
    if (!joins && kindsOf(word).length === 0) break;
    at -= 1;
  }
  // The first word there that ties kinds to the wish; the kinds after it ("no deals on my order":
  // "on my order", and "no deals" the wish).
  const about = words.findIndex((word, i) => i >= at && ABOUT.has(word));
  const kinds = new Set([...words.slice(about + 1).flatMap(kindsOf), ...labelled]);
  if (about <= 0 || kinds.size === 0) return undefined;
  return { phrased: `${words.slice(0, about).join(' ')} `, kinds: [...kinds] };
}

/**
 * The label that `words` end with at `end` ("…about order updates"), if any, and how many words
 * say it: as written, or by its content words in a row ("os avisos dos pedidos" for "avisos dos
 * seus pedidos").
 */
function labelEndingAt(
  index: KeywordIndex,
  words: readonly string[],
  end: number,
): { category: string; length: number } | undefined {
  const before = ` ${words.slice(0, end).join(' ')} `;
  const written = index.labels.find((label) => before.endsWith(` ${label.tokens}`));
  if (written) return { category: written.category, length: written.tokens.split(' ').length - 1 };
  for (const label of index.labels) {
    const content = label.content.trim().split(' ');
    if (content.length < 2) continue;
    for (let at = words.lastIndexOf(content[0]!, end - 1); at >= 0; at -= 1) {
      if (words[at] === content[0] && contentRunEnd(words, at, content) === end) {
        return { category: label.category, length: end - at };
      }
    }
  }
  return undefined;
}

/**
 * `said` without the words of a kind that go with a word for messages, before it ("order
 * notifications", "order update msgs", "promo notifications") or after it ("notificações dos
 * pedidos", "avisos de mis pedidos"): the phrasings speak of messages; the kinds are read from
 * the whole message. A kind's own label stays ("order updates").
 * @example kindWordsLeftOut(index, 'i dont want order notifications ') // 'i dont want notifications '
 */
function kindWordsLeftOut(index: KeywordIndex, said: string): string {
  const words = said.split(' ').filter(Boolean);
  const isKind = (i: number) => i < words.length && labelWordKind(index, words[i]!) !== undefined;
  const isMessages = (i: number) => i < words.length && index.messageWords.has(words[i]!);
  // A kind, or marketing ("promo notifications", "mensagens de promoções").
  const isNamed = (i: number) =>
    isKind(i) || (i < words.length && index.marketingWords.has(words[i]!));
  // After a kind's word, also one for messages in the singular ("order update msgs").
  const isSingularMessages = (i: number) =>
    i < words.length && index.messageWords.has(`${words[i]}s`);
  const labels = new Set(index.labels.map((label) => label.tokens));
  const kept: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    let end = i;
    while (isNamed(end) || (end > i && isSingularMessages(end))) end += 1;
    // Kind words right before a word for messages, but for a label ("order updates").
    const run = `${words.slice(i, end + 1).join(' ')} `;
    if (end > i && isMessages(end) && !labels.has(run)) i = end;
    kept.push(words[i]!);
    if (!isMessages(i)) continue;
    // "of my", "de los", "dos": then the kind's words.
    let from = i + 1;
    while (from < words.length && contentWords([words[from]!]).length === 0) from += 1;
    let to = from;
    while (isNamed(to)) to += 1;
    if (to > from) i = to - 1;
  }
  return `${kept.join(' ')} `;
}

/**
 * A refusal of kinds named by words of their labels alone, at the end of a message of one clause
 * ("no more codes", "no quiero más códigos", "nao quero mais promoções e códigos", "stop the
 * codes"): read as if it said "messages", for those kinds; the bot asks. Only plural words; never
 * after "my" ("i dont want my order anymore" is about the order), nor in a question.
 */
export function kindsAsMessages(
  index: KeywordIndex,
  text: string,
  said: string,
  preferred: string | undefined,
): StopMatch | undefined {
  const stated = statedWords(text, said);
  if (!stated) return undefined;
  const words = withoutNeverAsked(stated);
  const kinds = new Set<string>();
  let byLabel = 0;
  let at = words.length;
  // Only words for purchases ("halt all orders"); with another kind they are messages too
  // ("stop orders and codes").
  let purchases: boolean | undefined;
  let only = false;
  // Where the first label as written starts ("courier texts": an other name of the flow's).
  let labelledFrom = words.length;
  // Kinds and messages in general ("no quiero códigos ni mensajes"): not just those kinds.
  const withAll = namesKindsAndAll(index, said);
  for (; at > 0; at -= 1) {
    // A label as written ("…and order updates"): its kind, messages and no purchase.
    const label = labelEndingAt(index, words, at);
    const labelWords = label?.length ?? 0;
    if (label && labelWords > 1) {
      kinds.add(label.category);
      byLabel += 1;
      purchases = false;
      at -= labelWords - 1;
      labelledFrom = at - 1;
      continue;
    }
    const word = words[at - 1]!;
    const kind = labelWordKind(index, word);
    if (kind !== undefined || index.marketingWords.has(word)) {
      purchases = (purchases ?? true) && PURCHASES.has(word);
    }
    // "the order", "el pedido", "o código": a purchase, or a code, not their messages; a code
    // sent is one ("stop sending the code", "parem de mandar código").
    if (kind !== undefined && !word.endsWith('s') && !codeSent(words, at - 1)) return undefined;
    // "promo codes", "discount codes": offers.
    const promoting = words[at - 2] ?? '';
    const marketing = index.marketingWords.has(promoting) || PROMOTING.has(promoting);
    if (kind !== undefined && marketing && index.marketingCategories.length > 0) {
      for (const id of index.marketingCategories) kinds.add(id);
      byLabel += 1;
      purchases = false;
      at -= 1;
    } else if (kind !== undefined && !marketing) {
      kinds.add(kind);
      byLabel += 1;
    } else if (index.marketingWords.has(word)) {
      for (const id of index.marketingCategories) kinds.add(id);
    } else if (ONLY_WORDS.has(word)) only = true;
    else if (withAll && (index.messageWords.has(word) || ANY.has(word))) continue;
    else if (!JOINS.has(word) && !LINKS.has(word) && !ADDS.has(word) && !joinedOf(words, at)) {
      break;
    }
  }
  const before = words.slice(0, at);
  if (byLabel === 0 || POSSESSIVES.has(before.at(-1) ?? '')) return undefined;
  // "fed up with offers but not with codes": kinds left out of what came before, not refused.
  if (NOT.has(before.at(-1) ?? '') && BUT.has(before.at(-2) ?? '')) return undefined;
  // "no codes!!" may say none came: a refusal of more words ("no more codes", "no quiero códigos"),
  // or a verb that stops or cancels what is no purchase ("stop the codes", "cancel the codes";
  // "halt all orders" is the orders).
  const refused = before.length >= 2 && before.some((word) => REFUSALS.has(word));
  const stopped = purchases !== true && stoppingVerbAt(before, words) >= 0;
  // Or a complaint of them ("sick of your codes", "odio los códigos", "cansei desses códigos"):
  // read as the complaint of messages it is, its words before the kinds kept ("odio los
  // mensajes").
  const complained = !only && purchases !== true && complains(before);
  // ("paren solo los códigos": those alone; not "no quiero solo los códigos".)
  if ((!refused || only) && !stopped && !complained) return undefined;
  const fromVerb = stopped ? fromStoppingVerb(index, before) : undefined;
  const leads = [before, ...(fromVerb ? [fromVerb] : [])];
  // (Up to the first word of a kind or of messages: "cansei dos avisos de pedidos e das ofertas".)
  const named = words.findIndex(
    (word) =>
      labelWordKind(index, word) !== undefined ||
      index.marketingWords.has(word) ||
      index.messageWords.has(word),
  );
  const opens = named < 0 ? labelledFrom : Math.min(named, labelledFrom);
  if (complained && opens > 0 && opens !== before.length) leads.push(words.slice(0, opens));
  // The phrasing in the customer's language first ("pare os códigos" is Portuguese too).
  let first: StopMatch | undefined;
  for (const lead of leads) {
    for (const messages of MESSAGES_SAID) {
      const phrased = `${[...lead, messages].join(' ')} `;
      const found =
        findPhrase(index, phrased, 'optOut', preferred) ??
        findPhrase(index, phrased, 'confirm', preferred) ??
        findPhrase(index, phrased, 'maybeOptOut', preferred);
      const stop = found && {
        ...found,
        type: 'contains' as const,
        ...(withAll ? {} : { categories: [...kinds] }),
      };
      if (stop && (preferred === undefined || stop.language === preferred)) return stop;
      first ??= stop;
    }
    // A phrasing of the whole request stands before one from its verb on: "quero cancelar os
    // códigos" is Portuguese, though "cancelar los códigos" is Spanish too.
    if (first) return first;
  }
  return first;
}

/**
 * Whether the word at `at` is one a verb of sending takes, and no purchase: "stop sending (me)
 * the code", "dejen de mandar el código", "parem de mandar código" (not "stop sending the order").
 */
function codeSent(words: readonly string[], at: number): boolean {
  if (PURCHASES.has(`${words[at]}s`)) return false;
  let before = at - 1;
  while (ARTICLES.has(words[before] ?? '') || SENT_TO.has(words[before] ?? '')) before -= 1;
  return SENDING_VERBS.has(words[before] ?? '');
}

/** Whom a code is sent to, between the verb and the code ("sending me the code"). */
const SENT_TO: ReadonlySet<string> = new Set(['me', 'us', 'nos', 'my', 'mi', 'meu']);

/**
 * Whether `words[at - 1]` is "de", "dos"… right after a word that joins kinds ("…promos y de
 * los códigos", "…promoções nem dos códigos").
 */
function joinedOf(words: readonly string[], at: number): boolean {
  return OF_KINDS.has(words[at - 1] ?? '') && JOINS.has(words[at - 2] ?? '');
}

/**
 * The words of `said` when `text` is one clause that asks nothing, or asks for something ("can
 * you stop the codes?", "¿pueden parar los códigos?"); `undefined` otherwise.
 */
function statedWords(text: string, said: string): string[] | undefined {
  const inside = text.replace(/^[\s,.;:!?¡¿]+|[\s,.;:!?¡¿]+$/gu, '');
  if ((QUESTION.test(text) && !REQUEST.test(inside)) || PUNCTUATION_BREAK.test(inside)) {
    return undefined;
  }
  return said.split(' ').filter(Boolean);
}

/**
 * `words` without a closing "(that) I never asked for" ("i keep getting codes i didnt ask for",
 * "me llegan códigos que nunca pedí", "recebo códigos que eu não pedi") nor how often they come:
 * the complaint is of the kinds before them.
 */
function withoutNeverAsked(words: string[]): string[] {
  const said = words.join(' ').replace(HOW_OFTEN, '');
  const match = NEVER_ASKED.exec(said);
  return (match ? match[1]! : said).split(' ');
}

/**
 * A closing "every day", "all the time" ("recebo muitos códigos todo dia", "i get too many codes
 * every day"): how often they come, after a complaint read from the words before the kinds.
 */
const HOW_OFTEN =
  / (?:every ?day|every single day|all day|all the time|daily|todos los dias|todo el dia|todo el tiempo|a diario|a toda hora|todo dia|todos os dias|toda hora|o tempo todo|o dia todo|o dia inteiro)$/u;

const NEVER_ASKED = new RegExp(
  `^(.+?) (?:${[
    '(?:that |which )?i (?:didnt|did not|never|dont|do not) (?:ask|asked|sign up|signed up|subscribe|subscribed|want|agree|agreed)(?: for| to)?',
    'que (?:yo |eu )?(?:nunca|no|nao|jamas|jamais) (?:pedi|solicite|solicitei|quiero|quero|acepte|aceitei)',
  ].join('|')})$`,
  'u',
);

/** A question that asks for something: "can you…", "¿pueden…", "vc pode…". */
const REQUEST =
  /^(?:(?:please|pls|plz|por favor|porfa)\s+)?(?:(?:can|could|would|will)\s+(?:you|u|y'all)|(?:me\s+)?(?:pueden|puede|puedes|podrian|podria|podrias)|(?:vc|voce|você|vcs|voces|vocês)?\s*(?:pode|podem|poderia|poderiam))\s/iu;

/**
 * Kinds named first, then refused or stopped, as the whole message ("codes and promos no more",
 * "orders stop", "códigos y ofertas ya no", "as promoções e os códigos não quero mais"): read as
 * the refusal said before them ("no more messages"), for those kinds; the bot asks. Not in a
 * question, nor of a kind's word alone ("the code", "my orders stop").
 */
export function kindsThenRefused(
  index: KeywordIndex,
  text: string,
  said: string,
  preferred: string | undefined,
): StopMatch | undefined {
  const words = statedWords(text, said);
  if (!words) return undefined;
  const kinds = new Set<string>();
  let at = 0;
  for (; at < words.length; at += 1) {
    const word = words[at]!;
    const kind = labelWordKind(index, word);
    if (kind !== undefined && word.endsWith('s') && !PROMOTING.has(words[at - 1] ?? '')) {
      kinds.add(kind);
    } else if (index.marketingWords.has(word)) {
      for (const id of index.marketingCategories) kinds.add(id);
    } else if (!JOINS.has(word) && !LINKS.has(word) && !ADDS.has(word)) break;
  }
  const refusal = words.slice(at);
  const opens = refusal[0] ?? '';
  if (kinds.size === 0 || refusal.length > 3) return undefined;
  if (!REFUSALS.has(opens) && !STOPPING_VERBS.has(opens) && !ALREADY.has(opens)) return undefined;
  // A bare no only in the customer's language: "codigos no" is Spanish "no mensajes", "codes no"
  // is none (nor evidence that the customer writes Spanish).
  // (Portuguese "códigos não" said as "não quero mensagens".)
  const bare = refusal.length === 1 && REFUSALS.has(opens);
  const ways = bare ? [refusal, [...refusal, 'quero']] : [refusal];
  for (const phrased of MESSAGES_SAID.flatMap((m) => ways.map((way) => [...way, m]))) {
    const found = findPhrase(index, `${phrased.join(' ')} `, 'optOut', preferred);
    if (found && (!bare || found.language === preferred)) {
      return { ...found, type: 'contains', categories: [...kinds] };
    }
  }
  return undefined;
}

/**
 * `before` from its stopping or cancelling verb on, when only openers (`PhraseData.openers`) and words that
 * lead to a request (`LEAD_INS`) come before it ("hmm stop the codes", "can you just stop the
 * codes", "só parem as promoções"); `undefined` for any other words ("dont stop the codes").
 */
function fromStoppingVerb(index: KeywordIndex, before: readonly string[]): string[] | undefined {
  const joined = `${before.join(' ')} `;
  const words = (index.openers ? joined.replace(index.openers, '') : joined).trim().split(' ');
  const verb = stoppingVerbAt(words);
  if (verb < 0 || !words.slice(0, verb).every((word) => LEAD_INS.has(word))) return undefined;
  const from = words.slice(verb);
  return from.length < before.length ? from : undefined;
}

/**
 * Where `words` say to stop or cancel: a stopping or cancelling verb, or "dejen de", "deja de"
 * ("dejen de mandarme códigos"; not "dejen los códigos", which keeps them), or "tira", "quita"
 * with the word after them in `said` (see `TAKE_OFF`); -1 if nowhere.
 */
function stoppingVerbAt(words: readonly string[], said = words): number {
  return words.findIndex(
    (word, i) =>
      CANCELLING_VERBS.has(word) ||
      (LEAVE_OFF.has(word) && words[i + 1] === 'de') ||
      TAKE_OFF[word]?.has(said[i + 1] ?? '') === true,
  );
}

/**
 * The forms said to one person, "tira", "quita", with their own language's article after them
 * ("tira os códigos por favor", "quita los códigos"; not "tira los códigos", no Portuguese).
 */
const TAKE_OFF: Readonly<Record<string, ReadonlySet<string>>> = {
  tira: new Set(['os', 'as', 'esses', 'essas', 'me']),
  quita: new Set(['los', 'las', 'esos', 'esas', 'me']),
};

/**
 * Words that lead to a request to stop, of every built-in language ("can you just…", "só…", "i
 * told you to…").
 */
const LEAD_INS: ReadonlySet<string> = new Set([
  ...['can', 'could', 'would', 'you', 'u', 'just', 'please', 'pls', 'plz', 'so', 'now', 'ok'],
  ...['okay', 'solo', 'porfa', 'ya', 'ahora', 'pueden', 'puedes', 'somente', 'apenas', 'agora'],
  ...['podem', 'pode', 'vcs', 'voces'],
  // "i said stop the codes", "i told you to stop the codes", "ya dije que paren los códigos".
  ...['i', 'said', 'told', 'asked', 'to', 'again', 'already', 'dije', 'pedi', 'que', 'eu', 'disse'],
  // "i want you to stop the codes", "i really need you to stop the promos".
  ...['want', 'wanna', 'need', 'like', 'id', 'really'],
  // "quiero que me quiten los códigos", "quero que me tirem as promoções".
  ...['quiero', 'quero', 'me'],
  // A yes, thanks, a greeting or "and" before it: "yes and stop the codes", "sí paren las
  // ofertas", "sim parem os códigos", "gracias y paren los códigos".
  ...['and', 'also', 'yes', 'yeah', 'yep', 'sure', 'thanks', 'thx', 'hi', 'hello', 'hey'],
  ...['si', 'sim', 'y', 'e', 'gracias', 'obrigado', 'obrigada', 'hola', 'oi', 'ola'],
]);

/** Words that add a kind to a list ("promos also codes", "along with codes", "promos n codes"). */
const ADDS: ReadonlySet<string> = new Set([...ALSO, 'along', 'with', 'n']);

/** Articles between a refusal and the kinds ("no more of the codes", "ni los códigos"). */
const LINKS: ReadonlySet<string> = new Set([
  ...ARTICLES,
  ...['any', 'of', 'those', 'these', 'esos', 'esas', 'esses', 'essas'],
  // "ya basta con tantos códigos", "chega de tantas promoções".
  ...['tanto', 'tantos', 'tanta', 'tantas'],
]);
