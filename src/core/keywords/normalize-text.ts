/**
 * Text normalisation for keyword matching (PRODUCT.md, "Keywords are matched like a careful
 * human would"): `ＳＴＯＰ`, `\u200eSTOP`, `Stop 🙏`, `stop!!` and ` Stop. ` all become `stop`.
 */

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

/**
 * Normalises a message or a keyword for comparison: NFKC, invisible marks removed, lower case,
 * accents folded, ends trimmed of spaces, punctuation, symbols and emoji, inner spaces collapsed.
 * Both sides of every keyword comparison go through it; it is idempotent.
 * @example normalizeForMatching('¡BAJA! 🙏') // 'baja'
 */
export function normalizeForMatching(text: string): string {
  const folded = text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .normalize('NFKC');
  return trimEdges(folded).replace(INNER_SPACE, ' ');
}

/**
 * Trims {@link EDGE} characters code point by code point: a linear scan, where an anchored
 * `[…]+$` regex would backtrack quadratically on long runs of punctuation.
 */
function trimEdges(text: string): string {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && EDGE.test(chars[start] ?? '')) start += 1;
  while (end > start && EDGE.test(chars[end - 1] ?? '')) end -= 1;
  return chars.slice(start, end).join('');
}
