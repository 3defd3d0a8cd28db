/**
 * What a WhatsApp error code means for the contact or for pacing, so the service can record a
 * fact (PRODUCT.md "Send errors are understood, not retried blindly") and the pacer
 * can back off.
 */
export type WhatsAppErrorKind =
  /** 131047: more than 24 hours since the customer's last message; only a template may go. */
  | 'outside_window'
  /** 131026: the recipient cannot receive it (not on WhatsApp, old app, terms not accepted…). */
  | 'undeliverable'
  /** 131049: Meta's per-user marketing limit; not sent, do not retry soon. */
  | 'marketing_cap'
  /** 131050: the user stopped marketing messages from this business in WhatsApp. */
  | 'marketing_stopped'
  /** 130429: the business number's throughput (about 80 messages a second) was exceeded. */
  | 'rate_limited_number'
  /** 131056: too many messages to the same customer in a short time. */
  | 'rate_limited_pair'
  | 'other';

export const WHATSAPP_ERROR_CODES = Object.freeze({
  outsideWindow: 131047,
  undeliverable: 131026,
  marketingCap: 131049,
  marketingStopped: 131050,
  numberRateLimit: 130429,
  pairRateLimit: 131056,
});

const KINDS: ReadonlyMap<number, WhatsAppErrorKind> = new Map([
  [WHATSAPP_ERROR_CODES.outsideWindow, 'outside_window'],
  [WHATSAPP_ERROR_CODES.undeliverable, 'undeliverable'],
  [WHATSAPP_ERROR_CODES.marketingCap, 'marketing_cap'],
  [WHATSAPP_ERROR_CODES.marketingStopped, 'marketing_stopped'],
  [WHATSAPP_ERROR_CODES.numberRateLimit, 'rate_limited_number'],
  [WHATSAPP_ERROR_CODES.pairRateLimit, 'rate_limited_pair'],
]);

/**
 * Maps a WhatsApp error code (from a send response or a `failed` status webhook) to its meaning.
 * @example classifyWhatsAppError(131050) // 'marketing_stopped'
 */
export function classifyWhatsAppError(code: number | undefined): WhatsAppErrorKind {
  return (code !== undefined && KINDS.get(code)) || 'other';
}
