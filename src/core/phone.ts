/**
 * Phone numbers and the other way to name a WhatsApp user, the business-scoped user id
 * (PRODUCT.md, Identity). Everything stored and compared is E.164 with a leading `+`.
 */
import {
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { ValidationError } from '../errors.js';
import type { ContactRef } from './identity.js';

// The 'max' metadata is used on purpose: 'min' only checks a number's length, so it would accept
// numbers in ranges no country assigns.

const PHONE_FORM = 'use E.164, e.g. +14155550123';
const IDENTIFIER_FORM = `${PHONE_FORM}, or a WhatsApp business-scoped user id such as US.13491208655302741918`;

/** A leading `+` or `00`, then digits with optional spaces, dashes, dots and parentheses. */
const DIALLABLE = /^(\+|00)?[\d\s().-]+$/;

const BUSINESS_SCOPED_USER_ID = /^[A-Z]{2}\.[A-Za-z0-9]{6,}$/;

const REASONS: Readonly<Record<string, string>> = {
  NOT_A_NUMBER: 'it has no digits',
  INVALID_COUNTRY: 'it does not start with a known country code',
  TOO_SHORT: 'it is too short',
  TOO_LONG: 'it is too long',
  INVALID_LENGTH: 'it has the wrong number of digits for its country',
};

/**
 * Normalises a phone number written by a person or a system to E.164 with a leading `+`.
 * The country code is required; a leading `+` or `00` is optional, and spaces, dashes, dots and
 * parentheses are ignored. Throws `ValidationError('invalid_phone')` saying what is wrong.
 * @example normalizePhone('0044 (20) 7946-0123') // '+442079460123'
 */
export function normalizePhone(input: string): string {
  return toE164(input, PHONE_FORM);
}

/** True for a WhatsApp business-scoped user id: two capitals, a dot, 6+ letters or digits (`US.1349…`). */
export function isBusinessScopedUserId(s: string): boolean {
  return BUSINESS_SCOPED_USER_ID.test(s);
}

/**
 * Reads the `{phone}` of a REST path or body: a business-scoped user id, or a phone number in
 * any form {@link normalizePhone} accepts, also with a URL-encoded leading `%2B`.
 * @example parseContactIdentifier('%2B14155550123') // { phone: '+14155550123' }
 */
export function parseContactIdentifier(input: string): ContactRef {
  const trimmed = input.trim();
  if (isBusinessScopedUserId(trimmed)) return { userId: trimmed };
  return { phone: toE164(trimmed.replace(/^%2B/i, '+'), IDENTIFIER_FORM) };
}

function toE164(input: string, expected: string): string {
  const fail = (reason: string): never => {
    throw new ValidationError(
      'invalid_phone',
      `"${input}" is not a valid phone number: ${reason}; ${expected}`,
    );
  };
  const trimmed = input.trim();
  if (trimmed === '') return fail('it is empty');
  if (!/\d/.test(trimmed)) return fail('it has no digits');
  if (!DIALLABLE.test(trimmed)) {
    return fail('only digits, spaces, dashes, dots and parentheses may follow the leading + or 00');
  }
  const digits = trimmed.replace(/\D/g, '');
  const international = `+${trimmed.startsWith('00') ? digits.slice(2) : digits}`;

  const lengthProblem = validatePhoneNumberLength(international);
  if (lengthProblem) return fail(REASONS[lengthProblem] ?? 'it is not a phone number');
  try {
    const parsed = parsePhoneNumberWithError(international);
    if (parsed.isValid()) return parsed.number;
    const country = parsed.country ? ` in ${parsed.country}` : '';
    return fail(`no number${country} is assigned in that range`);
  } catch (error) {
    if (error instanceof ParseError)
      return fail(REASONS[error.message] ?? 'it is not a phone number');
    throw error;
  }
}
