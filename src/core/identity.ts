/**
 * Who a contact is. Since 2026 a WhatsApp user may be known by a business-scoped user id
 * (`US.1349…`) instead of, or as well as, a phone number; consent follows the person either way.
 */
export interface ContactRef {
  /** E.164 with leading `+`, when known. */
  readonly phone?: string;
  /** WhatsApp business-scoped user id (`contacts[].user_id`, `messages[].from_user_id`). */
  readonly userId?: string;
}

/** True when the reference names somebody (at least one identifier). */
export function isKnownRef(ref: ContactRef): boolean {
  return Boolean(ref.phone ?? ref.userId);
}

/** A short human label for logs and screens, never the full number. */
export function describeRef(ref: ContactRef): string {
  if (ref.phone) return maskPhone(ref.phone);
  return ref.userId ? `user ${ref.userId}` : 'unknown contact';
}

/** Masks all but the last three digits: `+34600123456` → `+*********456`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  if (digits.length <= 3) return '+***';
  return `+${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}
