/**
 * Where a message's clauses meet, whether one is asked, and its words without fillers: what the
 * keyword matching reads a message by.
 */
import type { KeywordIndex } from './keyword-index.js';
import { tokenize } from './keyword-index.js';
import { rememberedByOwnerAndText } from './remembered-text.js';

/**
 * Where a message's clauses meet: punctuation, a dash between spaces, "and" / "but" in the
 * product's languages ("no gracias y ya no me escriban", "nah and pls stop messaging me"), or
 * after a no that opens the message, as if followed by a comma ("no gracias ya no quiero
 * recibir nada"). A clause can only add a match (the "do you want to stop?" question): the whole
 * message is read first, and again after the clauses.
 */
export const CLAUSE_BREAK =
  /[,.;:!?¡¿\n]+|\s[-–]\s|\s(?:and|but|y|pero|e|mas|mais|et|und|aber|ma)\s|^\s*(?:no|n[aã]o|nah|nope)\s+/iu;

/** `CLAUSE_BREAK` but for an opening no ("no quiero que me quiten las ofertas" is one clause). */
export const BETWEEN_CLAUSES =
  /[,.;:!?¡¿\n]+|\s[-–]\s|\s(?:and|but|y|pero|e|mas|mais|et|und|aber|ma)\s/iu;

/**
 * The punctuation breaks alone: an opening no may begin the clause that asks to stop ("no me
 * manden nada, …"), and French "mais" is Portuguese "more" ("não mandem mais nada, …").
 */
export const PUNCTUATION_BREAK = /[,.;:!?¡¿\n]+|\s[-–]\s/u;

/** `CLAUSE_BREAK` kept in a split: the clauses, and between them what broke them. */
export const CLAUSES_AND_BREAKS = new RegExp(`(${CLAUSE_BREAK.source})`, 'iu');

/** Punctuation, or "but", between clauses. */
export const CLAUSE_OR_BUT = /[,.;:!?¡¿\n]+|\s[-–]\s|\s(?:but|pero)\s/iu;

/** Where a message's first clause ends: punctuation, or "but", "pero", "mas". */
export const AFTER_FIRST_CLAUSE =
  /[,.;:!?¡¿\n]+\s*(?:(?:but|pero|mas)\s+)?|\s(?:but|pero|mas)\s+/iu;

/** A break between clauses that joins them: "and", "y", "e". */
export const JOINING_BREAK = /^\s(?:and|y|e)\s$/iu;

/** A message that asks: it ends with a question mark (emoji and spaces aside) or opens with "¿". */
export const QUESTION = /^\s*¿|\?[\s\p{Extended_Pictographic}\uFE0F\u200D]*$/u;

/**
 * Whether `clause` of `text` is asked: the message is a question, or a question mark ends the
 * clause ("no more order notifications? i never got one lol").
 */
export function asks(text: string, clause: string): boolean {
  if (QUESTION.test(text)) return true;
  const at = text.indexOf(clause);
  return at >= 0 && /^\s*\?/u.test(text.slice(at + clause.length));
}

/** Signs that say more of a kind than its name: a question, an emoji ("order updates 👍"). */
export const SAYS_MORE = /[?¿\p{Extended_Pictographic}]/u;

/** Joins an idiom's words while fillers are left out: a character no word has. */
const HELD = '\u0001';

/** The words without the fillers of the flow's languages ("stop please" → "stop"). */
export function withoutFillers(index: KeywordIndex, words: readonly string[]): readonly string[] {
  return index.fillers ? fillersLeftOut(index, words.join(' ')) : words;
}

const fillersLeftOut = rememberedByOwnerAndText((index: KeywordIndex, words: string) => {
  let said = `${words} `;
  // An idiom's words held together, so no filler is taken out of it ("para já" stays).
  if (index.idioms) said = said.replace(index.idioms, (idiom) => idiom.replaceAll(' ', HELD));
  return tokenize(said.replace(index.fillers!, '').replaceAll(HELD, ' '));
});

/**
 * `text` without the words that add it to a wish before it: "too", "either", "tampoco", "também"
 * at its end ("no more codes either"), "and", "also" at its start ("and stop the codes too"), and
 * an opening "tampoco" as its no ("tampoco quiero los códigos" → "no quiero los códigos").
 */
export function withoutAlso(text: string): string {
  return text.replace(ALSO_AT_END, '').replace(ALSO_AT_START, '').replace(NEITHER_AT_START, 'no ');
}

/** "Too", "either", "as well", "tampoco", "también", "também" closing a message ("…too pls"). */
const ALSO_AT_END =
  /[\s,]+(?:too|either|as well|aswell|also|tampoco|tambi[eé]n|tamb[eé]m|tb|tbm)(?:\s+(?:pls|please|plz|tbh|lol|porfa|por favor|xfa|pfv|pf))?[\s.!?\p{Extended_Pictographic}\uFE0F]*$/iu;

/** "And", "also", "y", "e" opening a message that adds a wish ("and stop the codes too"). */
const ALSO_AT_START = /^\s*(?:(?:and|also|plus|y|e|tambi[eé]n|tamb[eé]m|tbm)[\s,]+)+/iu;

/** "Tampoco" opening a Spanish wish: its no ("tampoco quiero los códigos", "y tampoco…"). */
const NEITHER_AT_START = /^\s*(?:y\s+)?tampoco\s+/iu;
