/**
 * The words a text tells the customer to send: "Reply STOP at any time to stop them", "Escribe
 * MENÚ", 'Type "help"'. The compliance check reads them to know that the opt-in question says
 * how to stop with a real opt-out word (not merely that the letters "stop" appear), and that no
 * text tells the customer to send a word the bot would not understand.
 */
import { builtinLanguage, normalizeForMatching, phraseWords } from '../keywords/index.js';

/** One word (or words) the customer is told to send. */
export interface ReplyInstruction {
  /** As written in the text: `STOP`, `NO THANKS`. */
  readonly written: string;
  /** Its words, normalised as keywords are: `stop`, `no thanks`. */
  readonly words: string;
  /** Written as a keyword (capitals or quotes), not merely a word after "reply". */
  readonly marked: boolean;
  /** The text says it is for stopping ("… to stop them"). */
  readonly forStopping: boolean;
}

/** Words that may stand between a reply verb and the word: "reply with STOP". */
const CONNECTORS = new Set([
  'with',
  'con',
  'com',
  'avec',
  'mit',
  'the',
  'word',
  'palabra',
  'palavra',
]);
/** How far after the word a stop purpose may come: "STOP at any time to stop". */
const PURPOSE_WINDOW = 6;

interface Piece {
  readonly written: string;
  readonly words: string;
  readonly marked: boolean;
}

/**
 * The reply instructions of a rendered text in `language`. `isOptOut` tells an opt-out word of
 * the language (an unmarked one right after a reply verb is an instruction too: "reply stop");
 * `ignore` are words never taken for instructions although capitalised (the business name,
 * WhatsApp).
 * @example replyInstructions('Reply STOP to stop.', 'en', isOptOut, []) // [{ words: 'stop', forStopping: true, … }]
 */
export function replyInstructions(
  text: string,
  language: string,
  isOptOut: (words: string) => boolean,
  ignore: readonly string[],
): ReplyInstruction[] {
  const builtin = builtinLanguage(language);
  const verbs = new Set((builtin?.replyVerbs ?? []).map((v) => phraseWords(v).join(' ')));
  const purposes = (builtin?.stopPurposes ?? []).map((p) => ` ${phraseWords(p).join(' ')} `);
  const ignored = new Set(ignore.flatMap((w) => phraseWords(w)));
  const found: ReplyInstruction[] = [];
  for (const sentence of text.split(/[.!?;:\n¡¿]+(?=\s|$)/u)) {
    const pieces = piecesOf(sentence, ignored);
    const forStopping = (end: number) => {
      const after = ` ${pieces
        .slice(end, end + PURPOSE_WINDOW)
        .map((p) => p.words)
        .join(' ')} `;
      return purposes.some((purpose) => after.includes(purpose));
    };
    const taken = new Set<number>();
    const take = (start: number, end: number, marked: boolean) => {
      if (taken.has(start)) return;
      for (let i = start; i < end; i += 1) taken.add(i);
      const run = pieces.slice(start, end);
      found.push({
        written: run.map((p) => p.written).join(' '),
        words: run.map((p) => p.words).join(' '),
        marked,
        forStopping: forStopping(end),
      });
    };
    pieces.forEach((piece, i) => {
      if (!verbs.has(piece.words)) return;
      let next = i + 1;
      while (next < pieces.length && CONNECTORS.has(pieces[next]!.words)) next += 1;
      const first = pieces[next];
      if (first && !first.marked && isOptOut(first.words)) take(next, next + 1, false);
      // Every word written as a keyword in the rest of the sentence: "Reply STOP …, START …".
      for (let j = next; j < pieces.length; j += 1) {
        if (!pieces[j]!.marked) continue;
        let end = j + 1;
        while (
          end < pieces.length &&
          pieces[end]!.marked &&
          !pieces[end]!.written.startsWith('"')
        ) {
          end += 1;
        }
        take(j, end, true);
        j = end - 1;
      }
    });
    // "STOP to end": a keyword followed by what it is for, with no verb before it.
    pieces.forEach((piece, i) => {
      if (piece.marked && !taken.has(i) && forStopping(i + 1)) take(i, i + 1, true);
    });
  }
  return found;
}

/** A sentence's words: quoted spans and capitalised words are marked as keywords. */
function piecesOf(sentence: string, ignored: ReadonlySet<string>): Piece[] {
  const pieces: Piece[] = [];
  const pattern =
    /"([^"]+)"|“([^”]+)”|«([^»]+)»|(?<![\p{L}\p{N}])'([^']+)'(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:[’'][\p{L}]+)?/gu;
  for (const match of sentence.matchAll(pattern)) {
    const quoted = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (quoted !== undefined) {
      const words = phraseWords(quoted).join(' ');
      if (words !== '') pieces.push({ written: `"${quoted}"`, words, marked: true });
      continue;
    }
    const written = match[0];
    const words = phraseWords(written).join(' ');
    if (words === '') continue;
    pieces.push({ written, words, marked: isCapitalised(written) && !ignored.has(words) });
  }
  return pieces;
}

/** `STOP`, `MENÚ`, `ＳＴＯＰ`: two letters or more, all capitals. */
function isCapitalised(word: string): boolean {
  const letters = [...normalizeForMatching(word)].length;
  return letters >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}
