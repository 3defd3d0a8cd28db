/**
 * QUESTION EXPERIMENTS: a language of a flow may word its opt-in question in several ways
 * (`texts.<lang>.questionVariants`), each shown to a share of the customers. A customer's
 * variant is drawn once, from a stable key of the contact, and kept in the conversation, so
 * they always read the same wording; every ask and answer records it (`evidence.variant`).
 */
import { createHash } from 'node:crypto';
import type { ConsentTexts } from './definition.js';

/** The name of the flow's own `question` among the variants. */
export const STANDARD_VARIANT = 'standard';

/** One wording of the question in a language: the standard one or a variant. */
export interface QuestionWording {
  readonly id: string;
  readonly question: string;
  readonly reask: string;
}

/** Every wording of the question in a language: the standard one first, then the variants. */
export function questionWordings(texts: ConsentTexts): QuestionWording[] {
  return [
    { id: STANDARD_VARIANT, question: texts.question, reask: texts.reask },
    ...(texts.questionVariants ?? []).map((v) => ({
      id: v.id,
      question: v.question,
      reask: v.reask ?? texts.reask,
    })),
  ];
}

/** The wording called `id` in this language; the standard one when there is no such variant. */
export function wordingOf(texts: ConsentTexts, id: string | undefined): QuestionWording {
  const wordings = questionWordings(texts);
  return wordings.find((w) => w.id === id) ?? wordings[0]!;
}

/** True when the language has a wording called `id` (the standard one included). */
export function hasVariant(texts: ConsentTexts, id: string): boolean {
  return questionWordings(texts).some((w) => w.id === id);
}

/**
 * Draws the variant a customer sees, from `key` (a stable key of the contact, the flow and the
 * language): the same key always gives the same variant while the weights stay as they are.
 * Each variant takes `weight` out of 100 of the keys, in the order written; the standard
 * question takes the rest.
 * @example drawVariant(texts, 'default:en:+14155550123') // 'short' or 'standard'
 */
export function drawVariant(texts: ConsentTexts, key: string): string {
  const variants = texts.questionVariants ?? [];
  if (variants.length === 0) return STANDARD_VARIANT;
  const point = pointOf(key);
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.weight;
    if (point < upTo) return variant.id;
  }
  return STANDARD_VARIANT;
}

/** A point in [0, 100) from the key's SHA-256: uniform, and the same on every machine. */
function pointOf(key: string): number {
  const digest = createHash('sha256').update(key).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}
