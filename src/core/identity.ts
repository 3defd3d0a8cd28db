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

/**
 * Prefix of the user id of a contact who writes through the Bot Framework endpoint
 * (`/api/messages`, the Emulator): `EM.<from.id>`. Never a WhatsApp id (WhatsApp's start with a
 * country, `US.…`), so such a contact is kept apart from every WhatsApp contact: nothing sent
 * to WhatsApp and no WhatsApp consent is ever about it.
 */
export const EMULATOR_USER_PREFIX = 'EM.';

/** True for the user id of a Bot Framework (Emulator) contact, `EM.…`. */
export function isEmulatorUserId(userId: string | undefined): boolean {
  return userId?.startsWith(EMULATOR_USER_PREFIX) ?? false;
}

/** True when the reference names somebody (at least one identifier). */
export function isKnownRef(ref: ContactRef): boolean {
  return Boolean(ref.phone ?? ref.userId);
}

/** A short human label for logs and screens, never the full number or user id. */
export function describeRef(ref: ContactRef): string {
  if (ref.phone) return maskPhone(ref.phone);
  return ref.userId ? `user ${maskUserId(ref.userId)}` : 'unknown contact';
}

/** Masks all but the last three digits: `+34600123456` → `+*********456`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  if (digits.length <= 3) return '+***';
  return `+${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}

/**
 * Masks a user id like a phone number: its prefix (`US.`, `EM.`) and last three characters
 * stay, so a log line can still be matched with a report: `US.13491208655302741918` →
 * `US.*****************918`.
 */
export function maskUserId(userId: string): string {
  const dot = userId.indexOf('.');
  const prefix = dot > 0 && dot <= 3 ? userId.slice(0, dot + 1) : '';
  const rest = userId.slice(prefix.length);
  if (rest.length <= 3) return `${prefix}***`;
  return `${prefix}${'*'.repeat(rest.length - 3)}${rest.slice(-3)}`;
}
