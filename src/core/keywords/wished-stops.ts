/**
 * A wish for kinds to stop said with the kinds first, "i want the codes and promos to stop", "i
 * need the promos to end, keep the order updates": read as the same wish with the stop first, "i
 * want to stop the codes and promos", so the kinds are read as one list (the first of them is
 * not a kind wanted). And its opposite, "i dont want the promos to stop", "no quiero parar los
 * códigos", "i want nothing to stop": no wish to stop, or a stop of what follows it ("…, stop the
 * codes though", "…, pero las ofertas sí", "…, paren lo demás").
 */
import type { KeywordIndex } from './keyword-index.js';
import type { KeywordMatch } from './keyword-match.js';
import { THE_REST_SAID, YES_AFTER } from './clause-stance.js';
import { BUT } from './excepted-kinds.js';
import { QUESTION } from './message-clauses.js';
import {
  ARTICLES,
  CANCELLING_VERBS,
  EVERYTHING,
  ONLY_WORDS,
  PLEASE_WORDS,
  POSSESSIVES,
  THEM,
  everyKind,
  kindsAlone,
  kindsNamedIn,
  kindsNamedPlainly,
} from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';

/**
 * `text` with the stop before the kinds, when it opens with a wish for kinds named plainly, or
 * everything, to stop ("i'd like the order updates and the codes to stop please", "…, but keep
 * the promos", "i want all to stop but the codes"); else `text` as it is. Not a question ("do you
 * want the codes to stop?"), nor kinds in the singular ("i want my order to stop": a purchase),
 * nor words that are no kinds ("i want them to stop"), nor a stop of something else ("i want the
 * codes to stop failing").
 */
export function withStopBeforeKinds(index: KeywordIndex, text: string): string {
  if (QUESTION.test(text)) return text;
  const spoken = stopOfKindsSpokenAround(index, text);
  if (spoken !== undefined) return spoken;
  const wish = WISHED_STOP.exec(text) ?? NOT_TO_KEEP_COMING.exec(text);
  const { kinds } = wish?.groups ?? {};
  // ("i dont want the codes to keep coming": as "i want the codes to stop".)
  const lead = wish?.groups?.['lead'] ?? (wish ? 'i want' : undefined);
  if (wish === null || lead === undefined || kinds === undefined) return text;
  // ("i want all to stop but the codes": everything, then what is kept; "i want everything but
  // the order updates to stop": everything but those.)
  const words = phraseWords(kinds);
  const all =
    words.some((word) => EVERYTHING.has(word)) &&
    words.every((word) => EVERYTHING.has(word) || word === 'of' || word === 'it');
  const [first = '', but = '', ...kept] = words;
  const allBut =
    EVERYTHING.has(first) &&
    (but === 'but' || but === 'except') &&
    kindsNamedPlainly(index, kept).length > 0;
  if (!all && !allBut && kindsNamedPlainly(index, words).length === 0) return text;
  // (What follows is said of its own: "…to stop and the promos to continue" keeps the promos.)
  const rest = text.slice(wish[0].length);
  // ("…to stop and the order updates to keep coming": not "promos and the order updates".)
  if (KEEPS_AFTER_AND.test(rest))
    return `${lead} to stop ${kinds}, ${rest.replace(/^\s+and\s+/iu, '')}`;
  return `${lead} to stop ${kinds}${/^\s+and\s/iu.test(rest) ? `,${rest}` : rest}`;
}

/** "…and the order updates to keep coming", "…and the promos to continue": kinds kept after "and". */
const KEEPS_AFTER_AND =
  /^\s+and\s+(?:(?!\bnot?\s)[^,.;:!?])*?\s(?:to|can|may|should)\s+(?:keep|continue|stay)(?:\s|$)/iu;

/** Words a wish may open with before its verb ("i really want", "we would like", "i'd like"). */
const WISHING = ['i', 'we', 'just', 'really', 'would', "i['’]?d", 'so', 'honestly', 'seriously'];

/**
 * A wish, the kinds, and "to stop" or "to end" where a clause ends: at the message's end, at
 * punctuation, or before "but", "and", "please", "now" ("…to stop but keep the order updates").
 */
const WISHED_STOP = new RegExp(
  `^\\s*(?<lead>(?:(?:${WISHING.join('|')})\\s+)+(?:want|wanna|need|like))\\s+(?<kinds>.+?)\\s+to\\s+(?:stop|end|cease|quit)(?=\\s*$|\\s*[,.;:!]|\\s+(?:but|and|please|pls|plz|now|asap|already|thanks|thx)(?:\\s|$))`,
  'iu',
);

/**
 * A Spanish or Portuguese wish that kinds not keep coming, or never come again, as the same wish
 * with the stop first ("no quiero que los códigos sigan llegando", "nao quero que continuem
 * chegando os codigos", "nunca más quiero códigos", "no quiero nunca más códigos ni ofertas" read
 * as "quiero parar los códigos…"), when they name kinds plainly; `undefined` for any other text.
 */
function stopOfKindsSpokenAround(index: KeywordIndex, text: string): string | undefined {
  const wish = NOT_TO_KEEP_COMING_ES_PT.exec(text) ?? NEVER_AGAIN_ES_PT.exec(text);
  const { verb = wish?.groups?.['verb2'], kinds = wish?.groups?.['before'] } = wish?.groups ?? {};
  if (!wish || verb === undefined || kinds === undefined) return undefined;
  if (kindsNamedPlainly(index, phraseWords(kinds)).length === 0) return undefined;
  const want = /^(?:quero|desejo)$/iu.test(verb) ? 'quero' : 'quiero';
  return `${want} parar ${kinds}${text.slice(wish[0].length)}`;
}

/** Messages arriving, going on, in Spanish and Portuguese: "sigan llegando", "continuem chegando". */
const GOING_ON_ARRIVING =
  '(?:sigan|continuen|continúen|sigam|continuem)\\s+(?:llegando|viniendo|chegando|vindo)';

/** Where a wish's kinds end: the message's end, punctuation, or "but", "and", thanks. */
const KINDS_END =
  '(?=[\\s.!\\p{Extended_Pictographic}\\uFE0F]*$|\\s*[,.;:!]|\\s+(?:pero|mas|y|e|gracias|obg|porfa|por favor)(?:\\s|$))';

/** "no quiero que (me) sigan llegando …kinds…", "não quero que …kinds… continuem chegando". */
const NOT_TO_KEEP_COMING_ES_PT = new RegExp(
  `^\\s*(?:(?:hola|buenas|oi|ol[aá])[,.!\\s]+)*(?:(?:yo|eu)\\s+)?(?:ya\\s+|j[aá]\\s+)?(?:no|n[aã]o)\\s+(?<verb>quiero|quisiera|queremos|deseo|quero|desejo)\\s+(?:mais\\s+|m[aá]s\\s+)?que\\s+(?:(?:me|nos)\\s+)?(?:${GOING_ON_ARRIVING}\\s+(?<kinds>[^,.;:!?]+?)|(?<before>[^,.;:!?]+?)\\s+(?:(?:me|nos)\\s+)?${GOING_ON_ARRIVING})${KINDS_END}`,
  'iu',
);

/** "nunca más quiero …kinds…", "no quiero nunca más …kinds…", "nunca mais quero …kinds…". */
const NEVER_AGAIN_ES_PT = new RegExp(
  `^\\s*(?:(?:hola|buenas|oi|ol[aá])[,.!\\s]+)*(?:(?:yo|eu)\\s+)?(?:(?:nunca|jam[aá]s)\\s+(?:m[aá]s|mais)\\s+(?<verb>quiero|deseo|quero|desejo)|(?:no|n[aã]o)\\s+(?<verb2>quiero|quero)\\s+(?:nunca|jam[aá]s)\\s+(?:m[aá]s|mais))\\s+(?:(?:recibir|receber)\\s+)?(?<kinds>[^,.;:!?]+?)${KINDS_END}`,
  'iu',
);

/**
 * A wish that kinds not keep coming, where a clause ends: "i dont want the codes or the promos to
 * keep coming", "we no longer want the order updates to continue, thanks", "hi! i dont want the
 * promos to keep coming 🙏".
 */
const NOT_TO_KEEP_COMING = new RegExp(
  `^\\s*(?:(?:hi|hello|hey|ok|okay)[,.!\\s]+)*(?:(?:${WISHING.join('|')})\\s+)*(?:dont|don['’]t|do not|no longer)\\s+(?:want|need)\\s+(?<kinds>.+?)\\s+to\\s+(?:keep (?:coming|comming|arriving|being sent)|continue|come anymore|come any more)(?:\\s+(?:anymore|any more))?(?=[\\s.!\\p{Extended_Pictographic}\\uFE0F]*$|\\s*[,.;:!]|\\s+(?:but|and|please|pls|plz|thanks|thank you|thx|ty|lol)(?:\\s|$))`,
  'iu',
);

/**
 * A message that opens with a wish that kinds, "them" or nothing, not stop ("i dont want the
 * promos to stop", "não quero parar os códigos", "no quiero parar nada gracias"): what it asks,
 * read with `readRest` for what follows. `null`: no wish to stop ("…, they are useful", "…to
 * stop anymore"); a stop of what follows, the kinds kept left out ("…, stop the codes though",
 * "…, but i dont want codes", "…, only the promos", "…, stop the rest"); `undefined`: no such
 * opening, or one whose rest names kinds without a stop ("…, the codes are great"), read as a
 * whole.
 */
export function afterNoStopWish(
  index: KeywordIndex,
  text: string,
  readRest: (rest: string) => KeywordMatch | null,
): KeywordMatch | null | undefined {
  const wish =
    NO_STOP_WISHED.exec(text) ?? NO_STOP_WISHED_ES_PT.exec(text) ?? NOTHING_TO_STOP.exec(text);
  const { kinds, verb, no } = wish?.groups ?? {};
  if (!wish || kinds === undefined) return undefined;
  const language = verb === undefined ? 'en' : wishLanguage(verb, no ?? '');
  const words = phraseWords(kinds);
  const them = words.every((word) => THEM.has(word) || ARTICLES.has(word));
  // ("i dont want anything to stop", "no quiero parar nada": as "them", no kind named; a stop
  // after it is read whole.)
  const nothing = words.every((word) => NOTHING.has(word) || ARTICLES.has(word));
  // ("i dont want the orders to stop": the order updates; not "my order", a purchase.)
  const own = words.some((word) => POSSESSIVES.has(word));
  const kept = them || nothing || own ? [] : kindsAlone(index, words);
  if (!them && !nothing && kept.length === 0) return undefined;
  // (Thanks at the end say nothing of the kinds: "…, paren lo demás gracias".)
  const rest = text.slice(wish[0].length).replace(THANKS_AT_END, '');
  const after = phraseWords(rest).filter((word) => !BUT.has(word));
  if (after.length === 0) return null;
  const instead = kindsInstead(index, after);
  // ("…, but i dont want codes": what follows "but" is read alone; "…, paren lo demás", "…, lo
  // demás sí", "…, parem o resto": every kind but those kept.)
  const read =
    instead.length > 0
      ? stopOf(instead, language)
      : (readRest(rest.replace(OPENING_BUT, '')) ?? restStopped(after, language));
  if (read?.kind === 'optOut') {
    const asked = 'categories' in read && read.categories?.length ? read.categories : undefined;
    const categories = (asked ?? everyKind(index)).filter((id) => !kept.includes(id));
    const { language, keyword } = read;
    return categories.length > 0
      ? { type: 'contains', kind: 'optOut', language, keyword, categories }
      : null;
  }
  // (Kinds named as the customer's own, or as one, are purchases: "…, solo cancelar mi pedido",
  // "…, quiero devolver un pedido".)
  const named = kindsNamedIn(index, ` ${after.join(' ')} `, true).size > 0;
  const purchase = after.some(
    (word, i) =>
      POSSESSIVES.has(word) ||
      (ONE.has(word) && kindsNamedIn(index, ` ${after[i + 1] ?? ''} `, true).size > 0),
  );
  return named && !purchase ? undefined : null;
}

/**
 * The kinds `words` (what follows a wish not to stop) name to stop instead: after "only" or a yes
 * ("…, only the promos", "…, pero sí las ofertas"), before a yes ("…, pero las ofertas sí porfa"),
 * or with a stopping verb ("…, pero las ofertas que paren", "…, las ofertas sí quiero pararlas");
 * the words besides those must name the kinds alone, and not as the customer's own ("…, solo
 * saber dónde está mi pedido", "…, solo cancelar mi pedido", "…, los pedidos también los quiero sí"
 * name none to stop).
 */
function kindsInstead(index: KeywordIndex, words: readonly string[]): string[] {
  const plain = words.filter((word) => !PLEASE_WORDS.has(word) && word !== 'por');
  const stopping = plain.some(isStoppingVerb);
  const [first = '', last = ''] = [plain[0], plain.at(-1)];
  const marked = ONLY_WORDS.has(first) || YES_AFTER.has(first) || YES_AFTER.has(last) || stopping;
  if (!marked || plain.length < 2) return [];
  const named = plain.filter(
    (word, i) =>
      !(i === 0 && ONLY_WORDS.has(word)) &&
      !YES_AFTER.has(word) &&
      !isStoppingVerb(word) &&
      !(stopping && WISHING_TO.has(word)),
  );
  // ("…, solo cancelar mi pedido": a purchase.)
  return named.some((word) => POSSESSIVES.has(word)) ? [] : kindsAlone(index, named);
}

/** A stopping or cancelling verb, also with "them" joined to it ("paralas", "pararlas"). */
function isStoppingVerb(word: string): boolean {
  return CANCELLING_VERBS.has(word) || /^par(?:a|ar|e|en|em)(?:la|lo)s?$/u.test(word);
}

/** Words that lead to a stopping verb after the kinds ("las ofertas que paren", "sí quiero pararlas"). */
const WISHING_TO: ReadonlySet<string> = new Set(['que', 'quiero', 'quero']);

/**
 * A stop of every kind, when `words` say "the rest" with a stop or a yes and nothing else ("…,
 * paren lo demás", "…, lo demás sí"; not "…, el resto sí quiero recibirlo").
 */
function restStopped(words: readonly string[], language: string): KeywordMatch | null {
  const said = ` ${words.join(' ')} `;
  const rest = THE_REST_SAID.exec(said);
  if (!rest) return null;
  const besides = phraseWords(said.slice(0, rest.index) + said.slice(rest.index + rest[0].length));
  const stops = besides.some(
    (word) => YES_AFTER.has(word) || CANCELLING_VERBS.has(word) || word === 'baja',
  );
  const only = besides.every(
    (word) =>
      YES_AFTER.has(word) ||
      CANCELLING_VERBS.has(word) ||
      PLEASE_WORDS.has(word) ||
      ['baja', 'de', 'por'].includes(word),
  );
  return stops && only ? stopOf([], language) : null;
}

/** Thanks closing a message: "gracias", "obg", "thx 🙏". */
const THANKS_AT_END =
  /[\s,.!]+(?:muchas gracias|gracias|obrigad[oa]|obg|valeu|thanks|thank you|thx|ty)[\s.!\p{Extended_Pictographic}\uFE0F]*$/iu;

/** Punctuation and "but" opening what follows a wish. */
const OPENING_BUT = /^[\s,.;:!]*(?:(?:but|pero|mas)\s+)?/iu;

/** "A", "un", "um": one thing, not a kind of message ("un pedido" is a purchase). */
const ONE: ReadonlySet<string> = new Set(['an', 'un', 'una', 'um', 'uma']);

/** What a wish not to stop may name instead of kinds: "anything", "nada". */
const NOTHING: ReadonlySet<string> = new Set([
  ...['anything', 'nothing', 'none', 'any', 'of', 'it', 'them', 'this', 'nada', 'ninguno'],
  ...['ninguna', 'nenhum', 'nenhuma', 'nd'],
]);

/**
 * The language of a Spanish or Portuguese wish: its verb's, or for a verb both share
 * ("queremos", "queria") its "no" or "não".
 */
function wishLanguage(verb: string, no: string): string {
  if (/^(?:quero|desejo|quer[ií]amos)$/iu.test(verb)) return 'pt';
  if (/^(?:quiero|quisiera|quisi[eé]ramos|deseo)$/iu.test(verb)) return 'es';
  return no.toLowerCase() === 'no' ? 'es' : 'pt';
}

/** A stop of `categories` in the wish's language: asked. */
function stopOf(categories: string[], language: string): KeywordMatch {
  return { type: 'contains', kind: 'optOut', language, keyword: STOP_WORD[language]!, categories };
}

const STOP_WORD: Readonly<Record<string, string>> = { en: 'stop', es: 'parar', pt: 'parar' };

/**
 * "no quiero parar los códigos", "não quero cancelar as promoções", "no quiero que paren las
 * ofertas", "não quero que parem nada", and what follows it.
 */
const NO_STOP_WISHED_ES_PT =
  /^\s*(?:(?:hola|buenas|oi|ol[aá]|no|n[aã]o)[,\s]+)*(?:(?:yo|eu|nosotros|n[oó]s)\s+)?(?<no>no|n[aã]o|n)\s+(?<verb>quiero|quisiera|quisi[eé]ramos|quero|queria|quer[ií]amos|queremos|deseo|desejo)\s+(?:parar|cancelar|quitar|tirar|que\s+(?:me\s+|nos\s+)?(?:paren|cancelen|quiten|parem|cancelem|tirem))\s+(?<kinds>[^,.;:!?]+?)(?:\s+(?:porfa|por favor|pfv|pf|gracias|obg|obrigad[oa]|valeu|vlw|por ahora|por enquanto|ainda|todavia|todavía|n[aã]o|k{3,}|(?:ja){2,}|(?:ha){2,}))*(?=[\s,.;:!\p{Extended_Pictographic}\uFE0F]*$|\s*[,.;:!]|\s+(?:pero|mas)(?:\s|$)|\s+(?=(?:quiero|quero|solo|s[oó]|necesito|preciso)\s))/iu;

/** "i want nothing to stop", "we need none of it to end", and what follows it. */
const NOTHING_TO_STOP =
  /^\s*(?:(?:i|we)\s+)?(?:want|need)\s+(?<kinds>nothing|none|none of (?:it|them|this))\s+to\s+(?:stop|end)(?:\s+(?:please|pls|plz|now|thanks|thx))*(?=[\s,.;:!\p{Extended_Pictographic}\uFE0F]*$|\s*[,.;:!]|\s+but(?:\s|$))/iu;

/**
 * "(no, wait,) i don't want …kinds… to stop (coming, anymore, please)", "we wouldn't want …", and
 * what follows it.
 */
const NO_STOP_WISHED =
  /^\s*(?:(?:hi|hello|hey|no|nah|nope|wait|hold on)[,\s]+)*(?:(?:i|we)\s+)?(?:dont|don['’]t|do not|never|wouldnt|wouldn['’]t|would not)\s+(?:want|need|like)\s+(?<kinds>[^,.;:!?]+?)\s+to\s+(?:stop|end)(?:\s+(?:coming|arriving))?(?:\s+(?:anymore|any more|ever|please|pls|plz|now|thanks|thx))*(?=[\s,.;:!\p{Extended_Pictographic}\uFE0F]*$|\s*[,.;:!]|\s+but(?:\s|$))/iu;
