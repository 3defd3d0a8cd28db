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
import { EMULATOR_USER_PREFIX } from './identity.js';

// The 'max' metadata is used on purpose: 'min' only checks a number's length, so it would accept
// numbers in ranges no country assigns.

const PHONE_FORM = 'use E.164, e.g. +14155550123';
const IDENTIFIER_FORM = `${PHONE_FORM}, or a WhatsApp business-scoped user id such as US.13491208655302741918`;

/** A leading `+` or `00`, then digits with optional spaces, dashes, dots and parentheses. */
const DIALLABLE = /^(\+|00)?[\d\s().-]+$/;

/** `US.1349…`, or a parent BSUID shared by several business portfolios, `US.ENT.1181…`. */
const BUSINESS_SCOPED_USER_ID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{6,128}$/;

/** Any id a webhook could carry as `user_id` (the webhook stores it as given): printable, no spaces. */
const OPAQUE_USER_ID = /^[\x21-\x7e]{1,160}$/;

/** A Bot Framework user's id (`EM.<from.id>`): printable, no spaces, at most this long. */
const EMULATOR_USER_ID = /^EM\.[\x21-\x7e]{1,128}$/;

/** Longer than any identifier: a phone, a user id or an Emulator id. Refused before parsing. */
const MAX_IDENTIFIER_LENGTH = 160;

/** E.164 as WhatsApp writes it (`wa_id`): 6 to 15 digits, no leading 0. */
const E164_DIGITS = /^[1-9]\d{5,14}$/;

const REASONS: Readonly<Record<string, string>> = {
  NOT_A_NUMBER: 'it has no digits',
  INVALID_COUNTRY: 'it does not start with a known country code',
  TOO_SHORT: 'it is too short',
  TOO_LONG: 'it is too long',
  INVALID_LENGTH: 'it has the wrong number of digits for its country',
};

/**
 * The other forms of one mobile number that WhatsApp and a CRM write differently, each a pair:
 * WhatsApp's `wa_id` keeps the form a person's account was opened with, a CRM has today's.
 * - Mexico: `+52 1 …` (the mobile prefix, dropped from the numbering plan in 2019, still in many
 *   `wa_id`s) and `+52 …`;
 * - Brazil: `+55 DD 9 …` and `+55 DD …` (mobiles before the ninth digit, 8 digits from 6 to 9;
 *   landlines start from 2 to 5 and have no other form);
 * - Argentina: `+54 9 …` (a mobile dialled from abroad, as every `wa_id` has it) and `+54 …` (the
 *   same area code and number, as CRMs and people write it). A number of an area is a mobile or
 *   a landline, never both, so a landline's other form names no one else.
 * The Cloud API delivers to either form of Mexico's and Brazil's; a reply goes to the form
 * stored first, which for a customer who wrote in is the `wa_id`'s.
 */
const NUMBER_FORMS: readonly {
  readonly long: RegExp;
  readonly short: RegExp;
  readonly extra: string;
}[] = [
  { long: /^(\+52)1(\d{10})$/, short: /^(\+52)(\d{10})$/, extra: '1' },
  { long: /^(\+55[1-9]\d)9([6-9]\d{7})$/, short: /^(\+55[1-9]\d)([6-9]\d{7})$/, extra: '9' },
  { long: /^(\+54)9([1-9]\d{9})$/, short: /^(\+54)([1-9]\d{9})$/, extra: '9' },
];

/**
 * The other ways `phone` (E.164, or `+` and a `wa_id`'s digits) may be written for the same
 * WhatsApp account (see {@link NUMBER_FORMS}); empty for most numbers. A contact stored under
 * one form is the contact of the other: the service looks both up, so a STOP given from one
 * form stops what a CRM sends to the other (`service/resolve-identifier.ts`).
 * @example numberAliases('+5215500000123') // ['+525500000123']
 */
export function numberAliases(phone: string): string[] {
  for (const { long, short, extra } of NUMBER_FORMS) {
    const [, head, tail] = long.exec(phone) ?? [];
    if (head !== undefined && tail !== undefined) return [`${head}${tail}`];
    const [, shortHead, shortTail] = short.exec(phone) ?? [];
    if (shortHead !== undefined && shortTail !== undefined)
      return [`${shortHead}${extra}${shortTail}`];
  }
  return [];
}

/**
 * Normalises a phone number written by a person or a system to E.164 with a leading `+`.
 * The country code is required; a leading `+` or `00` is optional, and spaces, dashes, dots and
 * parentheses are ignored. Throws `ValidationError('invalid_phone')` saying what is wrong.
 * @example normalizePhone('0044 (20) 7946-0123') // '+442079460123'
 */
export function normalizePhone(input: string): string {
  return toE164(input, PHONE_FORM);
}

/**
 * True for a WhatsApp business-scoped user id: two capitals (a country), a dot, 6 to 128 letters
 * or digits (`US.1349…`), with `ENT.` before them for a parent BSUID. `EM.` is never one: it
 * names a Bot Framework Emulator user.
 */
export function isBusinessScopedUserId(s: string): boolean {
  return BUSINESS_SCOPED_USER_ID.test(s) && !s.startsWith(EMULATOR_USER_PREFIX);
}

/**
 * The country (ISO 3166 code) a contact's identifiers belong to: its number's (by the number's
 * range, `+1 787…` is PR), else its business-scoped user id's prefix (`BR.1349…`); `undefined`
 * when neither tells (an Emulator user, a number of a shared range).
 * @example countryOfContact({ phone: '+5511900000123' }) // 'BR'
 */
export function countryOfContact(ref: ContactRef): string | undefined {
  if (ref.phone !== undefined) {
    const country = countryOfNumber(ref.phone);
    if (country) return country;
  }
  const prefix = ref.userId === undefined ? undefined : /^([A-Z]{2})\./.exec(ref.userId)?.[1];
  return prefix === undefined || ref.userId?.startsWith(EMULATOR_USER_PREFIX) ? undefined : prefix;
}

/** How many numbers' countries {@link countryOfNumber} remembers before it starts afresh. */
const COUNTRIES_KEPT = 10_000;
const countryByNumber = new Map<string, string | undefined>();

/**
 * The country of a number by its range, or `undefined` when libphonenumber does not read it (a
 * wa_id in an unknown range). Every turn asks it for the customer's number, so answers are
 * remembered: parsing costs far more than the lookup.
 */
function countryOfNumber(phone: string): string | undefined {
  if (countryByNumber.has(phone)) return countryByNumber.get(phone);
  let country: string | undefined;
  try {
    const parsed = parsePhoneNumberWithError(phone);
    country = parsed.country ?? parsed.getPossibleCountries()[0];
  } catch {
    country = undefined;
  }
  if (countryByNumber.size >= COUNTRIES_KEPT) countryByNumber.clear();
  countryByNumber.set(phone, country);
  return country;
}

/**
 * Reads the `{phone}` of a REST path or body: a business-scoped user id, an Emulator user id
 * (`EM.…`), or a phone number in any form {@link normalizePhone} accepts, also with a
 * URL-encoded leading `%2B`. Throws `ValidationError('invalid_phone')`.
 * @example parseContactIdentifier('%2B14155550123') // { phone: '+14155550123' }
 */
export function parseContactIdentifier(input: string): ContactRef {
  const { strict } = readContactIdentifier(input);
  if (strict instanceof ValidationError) throw strict;
  return strict;
}

/** The two readings of a `{phone}`: see {@link readContactIdentifier}. */
export interface IdentifierReading {
  /** A valid phone number in E.164 or a user id; else why it is neither (`invalid_phone`). */
  readonly strict: ContactRef | ValidationError;
  /**
   * The identifier in the form a WhatsApp webhook stores it, when that differs from `strict`: a
   * number's digits (`+` and 6 to 15 of them, as `wa_id`), or a user id of a form we do not know.
   * WhatsApp's ids are what it says they are, also in ranges our phone metadata calls unassigned
   * or in older national forms.
   */
  readonly asWritten?: ContactRef;
}

/**
 * Reads an identifier both ways: strictly (a number assigned in its country, or a user id), and
 * as written, the way the webhook stores WhatsApp's own ids. An API route finds a
 * contact stored under either; only a number that is stored nowhere must pass the strict reading.
 * @example readContactIdentifier('17771000000') // { strict: ValidationError, asWritten: { phone: '+17771000000' } }
 */
export function readContactIdentifier(input: string): IdentifierReading {
  const trimmed = input.trim();
  if (trimmed.length > MAX_IDENTIFIER_LENGTH) {
    return {
      strict: invalidPhone(
        `An identifier of ${trimmed.length} characters is not a phone number or a user id: it is too long; ${IDENTIFIER_FORM}`,
      ),
    };
  }
  if (isBusinessScopedUserId(trimmed) || EMULATOR_USER_ID.test(trimmed)) {
    return { strict: { userId: trimmed } };
  }
  const written = trimmed.replace(/^%2B/i, '+');
  const strict = tryToE164(written, IDENTIFIER_FORM);
  const asWritten = storedForm(written);
  const same = isRef(strict) && asWritten?.phone !== undefined && strict.phone === asWritten.phone;
  return { strict, ...(asWritten && !same ? { asWritten } : {}) };
}

/**
 * How a webhook would have stored this identifier: a phone as `+` and its digits (`wa_id`), or
 * anything else WhatsApp could name a user by (a user id in a form newer than ours) as written.
 */
function storedForm(written: string): ContactRef | undefined {
  if (DIALLABLE.test(written)) {
    const digits = withoutPrefix(written.replace(/[\s().-]/g, ''));
    return E164_DIGITS.test(digits) ? { phone: `+${digits}` } : undefined;
  }
  return OPAQUE_USER_ID.test(written) ? { userId: written } : undefined;
}

function withoutPrefix(compact: string): string {
  if (compact.startsWith('+')) return compact.slice(1);
  return compact.startsWith('00') ? compact.slice(2) : compact;
}

function isRef(value: ContactRef | ValidationError): value is ContactRef {
  return !(value instanceof ValidationError);
}

function tryToE164(input: string, expected: string): ContactRef | ValidationError {
  try {
    return { phone: toE164(input, expected) };
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

function invalidPhone(message: string): ValidationError {
  return new ValidationError('invalid_phone', message);
}

/** The input as an error message shows it: long inputs cut, so a message stays a sentence. */
function quoted(input: string): string {
  return `"${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
}

function toE164(input: string, expected: string): string {
  const fail = (reason: string): never => {
    throw invalidPhone(`${quoted(input)} is not a valid phone number: ${reason}; ${expected}`);
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
