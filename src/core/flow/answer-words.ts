/**
 * The words and clause breaks the answers are read with (`answer-of.ts`, `answer-sentences.ts`):
 * a text as its words, where its clauses end, and the small word tables of the built-in
 * languages that tell a yes with a condition, a no with thanks or a negation.
 */
import { BUILTIN_LANGUAGES, normalizeForMatching, tokenize } from '../keywords/index.js';
import { builtinSmallTalk } from '../small-talk/index.js';

/** A title or message as its words: "Yes, all of them!" and "yes all of them" are one. */
export function wordsOf(text: string): string {
  return tokenize(normalizeForMatching(text)).join(' ');
}

/** Where a clause ends: punctuation, or a dash between spaces. */
export const CLAUSE_END = /[,.;:!?¡¿\n]+|\s[-–]\s/u;

/** Every clause end of a text, for `split`. */
export const CLAUSE_ENDS = new RegExp(CLAUSE_END.source, 'gu');

/** One clause of a message: its words, and the punctuation that ends it ('' at the end). */
export interface Clause {
  readonly words: readonly string[];
  readonly end: string;
}

/** A message as its clauses, in order; clauses without words are left out. */
export function clausesOf(text: string): Clause[] {
  const parts = text.split(new RegExp(`(${CLAUSE_END.source})`, 'u'));
  const clauses: Clause[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const words = wordsOf(parts[i] ?? '');
    if (words !== '') clauses.push({ words: words.split(' '), end: parts[i + 1] ?? '' });
  }
  return clauses;
}

/**
 * The words that bring a condition after a yes, by base language ("yes but…", "sí, excepto…",
 * "sim, menos…"); `afterBreak` ones only after a comma or stop ("sí, solo los pedidos"), since
 * without one they are everyday words ("quero só saber…").
 */
export const CONDITION_WORDS: Readonly<
  Record<string, { always: ReadonlySet<string>; afterBreak: ReadonlySet<string> }>
> = {
  en: { always: new Set(['but', 'except', 'without']), afterBreak: new Set(['only']) },
  es: { always: new Set(['pero', 'excepto', 'menos', 'sin']), afterBreak: new Set(['solo']) },
  pt: { always: new Set(['mas', 'exceto', 'menos', 'sem']), afterBreak: new Set(['so']) },
};

/**
 * The words that open an unmistakable yes, by base language: a yes word of the flow that starts
 * with one of them ("sí", "sí claro", "yes sure") may carry a request after it. Not "ok",
 * "vale", "claro" or "dale", which as often only acknowledge the menu.
 */
export const PLAIN_YES: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(['yes', 'yeah', 'yep', 'yup']),
  es: new Set(['si', 'sip']),
  pt: new Set(['sim']),
};

/**
 * The words of thanks that make a no a "no, thanks", by base language: at least one `core` word,
 * with `also` words beside it ("thank you", "muchas gracias").
 */
export const THANKS: Readonly<
  Record<string, { core: ReadonlySet<string>; also: ReadonlySet<string> }>
> = {
  en: { core: new Set(['thanks', 'thank', 'thx', 'ty']), also: new Set(['you', 'very', 'much']) },
  es: { core: new Set(['gracias', 'grax']), also: new Set(['muchas']) },
  pt: {
    core: new Set(['obrigado', 'obrigada', 'obg', 'brigado', 'brigada']),
    also: new Set(['muito']),
  },
};

/** Words for "none" before what is refused ("nada de mensajes", "nenhuma mensagem"). */
export const NONE: ReadonlySet<string> = new Set([
  'nada',
  'ningun',
  'ninguna',
  'ningunos',
  'nenhum',
  'nenhuma',
  'any',
]);

/** "None of them" in the built-in languages, as a whole message. */
export const NONE_OF_THEM: ReadonlySet<string> = new Set([
  'none',
  'none of them',
  'none of those',
  'ninguno',
  'ninguna',
  'ninguno de esos',
  'ninguna de esas',
  'nenhum',
  'nenhuma',
  'nenhum deles',
  'nenhuma delas',
  // A no to every one ("no to all", "no a todos", "não pra todas").
  'no to all',
  'no to all of them',
  'no a todos',
  'no a todas',
  'nao a todos',
  'nao a todas',
  'nao pra todos',
  'nao pra todas',
  'nao para todos',
  'nao para todas',
  // "no to everything", "no a todo", "não a tudo".
  ...['no to everything', 'no a todo', 'nao a tudo', 'nao pra tudo', 'nao para tudo'],
  ...['no to all of it', 'no a ninguno', 'no a ninguna', 'nao a nenhum', 'nao a nenhuma'],
]);

/**
 * After a no, thanks to every one ("no thanks to all", "no gracias a todos", "não obrigado pra
 * todas"): a no to every one. (Alone, "thanks to all" thanks.)
 */
export const THANKS_TO_ALL: ReadonlySet<string> = new Set([
  ...['thanks to all', 'thanks to all of them', 'thank you to all', 'gracias a todos'],
  ...['gracias a todas'],
  ...['obrigado a todos', 'obrigado a todas', 'obrigado pra todos', 'obrigado pra todas'],
  ...['obrigada a todos', 'obrigada a todas', 'obrigada pra todos', 'obrigada pra todas'],
]);

/** Words that turn the yes word after them into a no ("não quero", "don't want"). */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'no',
  'not',
  'dont',
  'nao',
  'n',
  'never',
  'nunca',
  // The "t" of "didn't", "hasn't", "can't" (split at the apostrophe), and the same run together.
  't',
  'didnt',
  'doesnt',
  'isnt',
  'wasnt',
  'hasnt',
  'havent',
  'cant',
  'wont',
  'nobody',
  'nothing',
  'tampoco',
  'jamas',
  'nadie',
  'ni',
  'nem',
  'ninguem',
]);

/**
 * Words people put before their real answer to "do you want to stop?" or "stop just those?"
 * ("nvm, keep them", "ay, mejor todo", "hmm pode parar"): the openers of every built-in language
 * (`PhraseData.openers`), read past.
 */
export const HEDGES: ReadonlySet<string> = new Set(
  Object.values(BUILTIN_LANGUAGES).flatMap((language) =>
    (language.phrases.openers ?? []).map(wordsOf),
  ),
);

/**
 * Words that say "just those" to "stop just those?" even without naming the kinds ("yes, only
 * those", "solo esos"), of every built-in language.
 */
export const ONLY: ReadonlySet<string> = new Set([
  'just',
  'only',
  'those',
  'these',
  'solo',
  'solamente',
  'unicamente',
  'nomas',
  'namas',
  'esos',
  'esas',
  'so',
  'somente',
  'apenas',
  'essas',
  'esses',
]);
/**
 * Words that may surround the kinds a customer names in answer to "stop just those?" ("yeah,
 * just the promos", "solo las ofertas", "só as promoções"), of every built-in language: a
 * message of them and the kinds being asked about picks "just those". No negation, no "keep".
 */
export const AROUND_KINDS: ReadonlySet<string> = new Set([
  ...ONLY,
  'yes',
  'yeah',
  'yep',
  'yup',
  'ok',
  'okay',
  'sure',
  'the',
  'my',
  'them',
  'please',
  'pls',
  'si',
  'vale',
  'dale',
  'claro',
  'las',
  'los',
  'mis',
  'eso',
  'porfa',
  'por',
  'favor',
  'sim',
  'pode',
  'as',
  'os',
  'meus',
  'minhas',
  'isso',
  'mesmo',
  // "just the promos actually", "only the codes tho".
  'actually',
  'tho',
]);

/**
 * Words that join the words of a kind's name, or that people put around it, of every built-in
 * language ("avisos DE MIS pedidos", "the order STUFF"): left out of a name on both sides when a
 * message's words are matched with the kinds' names.
 */
export const NAME_GLUE: ReadonlySet<string> = new Set([
  'de',
  'del',
  'do',
  'dos',
  'da',
  'das',
  'of',
  'for',
  'to',
  'a',
  'o',
  'el',
  'la',
  'lo',
  'tus',
  'sus',
  'seus',
  'suas',
  'your',
  'stuff',
  'things',
  'ones',
  'messages',
  'msgs',
  'mensajes',
  'mensagens',
  'thx',
  'thanks',
  'gracias',
  'obrigado',
  'obrigada',
]);

/** Words that join two names in a list ("orders and codes", "códigos ni ofertas"). */
export const AND: ReadonlySet<string> = new Set([
  'and',
  'y',
  'e',
  'or',
  'nor',
  'o',
  'ou',
  'ni',
  'nem',
]);

/**
 * Words of wanting around the kinds a customer asks for in answer to the question ("i want only
 * order updates", "quiero solo los avisos de mis pedidos"). Never read so to "stop just those?",
 * where "I want the promos" keeps them.
 */
export const WANTING: ReadonlySet<string> = new Set([
  'i',
  'want',
  'get',
  'receive',
  'quiero',
  'recibir',
  'quero',
  'receber',
  // "só quero saber dos meus pedidos", "i only want to hear about my orders".
  'know',
  'hear',
  'about',
  'saber',
  'sobre',
  // "yes please send me the order updates but no promos", "mándenme los pedidos", "me mandem os
  // códigos".
  ...['send', 'me', 'mandenme', 'mandame', 'manden', 'envienme', 'enviame', 'mandem', 'enviem'],
]);

/**
 * Words for "all" that an exception may follow ("all but the offers", "todo menos ofertas",
 * "tudo exceto as promoções"), of every built-in language.
 */
export const ALL: ReadonlySet<string> = new Set([
  'all',
  'everything',
  'todo',
  'todos',
  'todas',
  'tudo',
]);

/** Words that bring the exception after "all" (see `ALL`), of every built-in language. */
export const EXCEPT: ReadonlySet<string> = new Set([
  'but',
  'except',
  'excepting',
  'minus',
  'excepto',
  'menos',
  'salvo',
  'exceto',
  'fora',
]);

/** "Please" in the built-in languages ("pls", "porfa", "por favor"). */
export const PLEASE: ReadonlySet<string> = new Set([
  'please',
  'pls',
  'plz',
  'porfa',
  'por',
  'favor',
]);

/**
 * `words` without "please" or thanks at their end ("yes all of them thanks", "ok pls"), of
 * `language` or, without one, of any built-in language; the first word always stays.
 */
export function withoutPoliteEnd(words: readonly string[], language?: string): readonly string[] {
  const thanks =
    language === undefined ? Object.values(THANKS) : [THANKS[language.split('-')[0] ?? '']];
  const polite = (word: string) =>
    PLEASE.has(word) ||
    thanks.some((t) => t !== undefined && (t.core.has(word) || t.also.has(word)));
  let end = words.length;
  while (end > 1 && polite(words[end - 1]!)) end -= 1;
  return words.slice(0, end);
}

/** The built-in greetings of every language, as words ("buenas tardes", "boa tarde", "hi"). */
const GREETINGS: ReadonlySet<string> = new Set(
  Object.keys(BUILTIN_LANGUAGES).flatMap((language) =>
    (builtinSmallTalk(language)?.greetings ?? []).map(wordsOf),
  ),
);

/** The most words of one greeting ("hola que tal"). */
const LONGEST_GREETING = Math.max(...[...GREETINGS].map((greeting) => greeting.split(' ').length));

/**
 * `words` without the greetings they open with ("boa tarde, sim todas", "hola buenas, sí todos");
 * the last word always stays.
 */
export function withoutGreeting(words: readonly string[]): readonly string[] {
  return pastLeading(words, GREETINGS, LONGEST_GREETING);
}

/**
 * The parts of a list of `words` between the words that join them ("order updates and login
 * codes"), without the words of `around`.
 */
export function listParts(
  words: readonly string[],
  around: ReadonlySet<string> = new Set(),
): string[][] {
  const parts: string[][] = [[]];
  for (const word of words) {
    if (AND.has(word)) parts.push([]);
    else if (!around.has(word)) parts.at(-1)!.push(word);
  }
  return parts;
}

/** The most words of one hedge ("sabe de uma coisa"). */
const LONGEST_HEDGE = 4;

/**
 * `words` without the hedges they open with ("pensándolo bien", "na verdade", "la neta", `HEDGES`),
 * and, with `noToo`, a "no" among them. At least one word is left.
 */
export function pastOpeners(words: readonly string[], noToo = false): readonly string[] {
  return pastLeading(words, HEDGES, LONGEST_HEDGE, (word) => noToo && isNo(word));
}

/**
 * `words` past the phrases of `phrases` (of `longest` words at most) they open with, and past
 * the single words `alsoPast` allows among them; the last word always stays.
 */
function pastLeading(
  words: readonly string[],
  phrases: ReadonlySet<string>,
  longest: number,
  alsoPast: (word: string) => boolean = () => false,
): readonly string[] {
  let i = 0;
  next: while (i < words.length - 1) {
    for (let n = Math.min(longest, words.length - 1 - i); n >= 1; n -= 1) {
      if (phrases.has(words.slice(i, i + n).join(' '))) {
        i += n;
        continue next;
      }
    }
    if (alsoPast(words[i]!)) i += 1;
    else break;
  }
  return words.slice(i);
}

/** A plain yes of the built-in languages ("yes", "yeah", "sí", "sim"): see `PLAIN_YES`. */
export function isPlainYes(word: string): boolean {
  return Object.values(PLAIN_YES).some((words) => words.has(word));
}

/** A word that brings a condition in any built-in language, after a break or not (`CONDITION_WORDS`). */
export function isCondition(word: string): boolean {
  return Object.values(CONDITION_WORDS).some((c) => c.always.has(word) || c.afterBreak.has(word));
}

/** A plain no of the built-in languages ("no", "não", "nah", "nope", Mexico's "nel"). */
export function isNo(word: string): boolean {
  return PLAIN_NO.has(word);
}

const PLAIN_NO: ReadonlySet<string> = new Set(['no', 'nao', 'nah', 'nope', 'nel']);
