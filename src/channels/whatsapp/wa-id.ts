/**
 * WhatsApp writes phone numbers as bare digits (`wa_id`, `from`, `recipient_id`, `to`);
 * the rest of the product uses E.164 with a leading `+`. These two functions convert.
 */

const E164_DIGITS = /^[1-9]\d{5,14}$/;

/**
 * Converts a WhatsApp phone id (`16505551234`, also accepted with `+`) to E.164 (`+16505551234`).
 * Returns `undefined` when it is not a plausible phone number (E.164: 6 to 15 digits, no leading 0).
 */
export function waIdToE164(waId: string): string | undefined {
  const digits = waId.startsWith('+') ? waId.slice(1) : waId;
  return E164_DIGITS.test(digits) ? `+${digits}` : undefined;
}

/** Converts E.164 (`+16505551234`) to the digits the Cloud API `to` field takes (`16505551234`). */
export function e164ToWaId(phone: string): string {
  return phone.replace(/^\+/, '');
}
