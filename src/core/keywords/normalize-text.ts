/**
 * Text normalisation for keyword matching (PRODUCT.md, "Keywords are matched like a careful
 * human would"): `ＳＴＯＰ`, `\u200eSTOP`, `Stop 🙏`, `stop!!` and ` Stop. ` all become `stop`.
 */
import { rememberedByText } from './remembered-text.js';

/**
 * Invisible and direction marks that carry no meaning for a keyword: zero-width space and
 * joiners, LRM/RLM, bidi embeddings and isolates, word joiner, BOM, soft hyphen.
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/gu;

/** Combining marks, stripped after NFD so `Párar` folds to `parar`. */
const MARKS = /\p{M}/gu;

/**
 * What may be trimmed from either end: spaces, punctuation, symbols (skin tones are `Sk`),
 * emoji, variation selectors and ZWJ (the last two are also removed earlier; listed for clarity).
 */
const EDGE = /^[\s\p{P}\p{S}\p{Extended_Pictographic}\uFE00-\uFE0F\u200D]$/u;

const INNER_SPACE = /\s+/gu;

/** Printable ASCII alone: the Unicode normalisations and the invisible marks change none of it. */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/u;

/**
 * Normalises a message or a keyword for comparison: NFKC, invisible marks removed, lower case,
 * accents folded, ends trimmed of spaces, punctuation, symbols and emoji, inner spaces collapsed.
 * Both sides of every keyword comparison go through it; it is idempotent.
 * @example normalizeForMatching('¡BAJA! 🙏') // 'baja'
 */
export const normalizeForMatching: (text: string) => string = rememberedByText((text) => {
  const folded = PRINTABLE_ASCII.test(text)
    ? text.toLowerCase()
    : text
        .normalize('NFKC')
        .replace(INVISIBLE, '')
        .toLowerCase()
        .normalize('NFD')
        .replace(MARKS, '')
        .normalize('NFKC');
  return trimEdges(folded).replace(INNER_SPACE, ' ');
});

/**
 * Trims {@link EDGE} characters code point by code point: a linear scan, where an anchored
 * `[…]+$` regex would backtrack quadratically on long runs of punctuation. Only the ends are
 * looked at; the text is cut once.
 */
function trimEdges(text: string): string {
  let start = 0;
  while (start < text.length) {
    const char = String.fromCodePoint(text.codePointAt(start)!);
    if (!EDGE.test(char)) break;
    start += char.length;
  }
  let end = text.length;
  while (end > start) {
    const from =
      end - (isLowSurrogate(text, end - 1) && isHighSurrogate(text, end - 2, start) ? 2 : 1);
    if (!EDGE.test(text.slice(from, end))) break;
    end = from;
  }
  return text.slice(start, end);
}

function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A high surrogate at `at`, not before `from`. */
function isHighSurrogate(text: string, at: number, from: number): boolean {
  const code = text.charCodeAt(at);
  return at >= from && code >= 0xd800 && code <= 0xdbff;
}
