import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  isBusinessScopedUserId,
  normalizePhone,
  numberAliases,
  parseContactIdentifier,
  readContactIdentifier,
} from '../../src/core/phone.js';

// Fictional numbers only: US 555-01xx, Ofcom's London drama range, Spain 600 000 0xx.

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

/** A valid fictional number as { country code, national digits }. */
const fictionalNumber = fc.oneof(
  fc
    .integer({ min: 0, max: 99 })
    .map((n) => ({ cc: '1', national: `41555501${String(n).padStart(2, '0')}` })),
  fc
    .integer({ min: 0, max: 999 })
    .map((n) => ({ cc: '44', national: `2079460${String(n).padStart(3, '0')}` })),
  fc
    .integer({ min: 0, max: 99 })
    .map((n) => ({ cc: '34', national: `6000000${String(n).padStart(2, '0')}` })),
);

/** Writes a number as a person might: +, 00 or nothing; groups split by spaces, dashes, dots; parentheses. */
const written = fc
  .record({
    number: fictionalNumber,
    prefix: fc.constantFrom('+', '00', '', '+ '),
    cuts: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 4 }),
    separators: fc.array(fc.constantFrom(' ', '-', '.', '', ' - '), { minLength: 5, maxLength: 5 }),
    parens: fc.boolean(),
    padding: fc.constantFrom('', ' ', '  ', '\t'),
  })
  .map(({ number, prefix, cuts, separators, parens, padding }) => {
    const groups: string[] = [];
    let rest = number.national;
    for (const cut of cuts) {
      if (rest.length <= cut) break;
      groups.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    groups.push(rest);
    if (parens && groups.length > 1) groups[0] = `(${groups[0]})`;
    const body = groups.map((g, i) => (i === 0 ? g : `${separators[i] ?? ' '}${g}`)).join('');
    return {
      text: `${padding}${prefix}${number.cc} ${body}${padding}`,
      e164: `+${number.cc}${number.national}`,
    };
  });

describe('normalizePhone', () => {
  it.each([
    ['+14155550123', '+14155550123'],
    ['14155550123', '+14155550123'],
    ['+1 (415) 555-0123', '+14155550123'],
    ['001 415.555.0199', '+14155550199'],
    ['+44 20 7946 0123', '+442079460123'],
    ['0044 (20) 7946-0123', '+442079460123'],
    ['+34 600 000 012', '+34600000012'],
    ['  34-600-000-012  ', '+34600000012'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['+34 600', 'too short'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['call me', 'no digits'],
    ['+1 415 555 0123 ext 9', 'only digits, spaces, dashes, dots and parentheses'],
    ['+999 1234 5678', 'known country code'],
    ['+1234567890123456', 'too long'],
    ['+1 555 555 0123', 'no number'],
  ])('rejects %j saying it is %s', (input, reason) => {
    const error = errorOf(() => normalizePhone(input));
    expect(error.code).toBe('invalid_phone');
    expect(error.message).toContain(reason);
    expect(error.message).toContain('use E.164, e.g. +14155550123');
  });

  it('quotes the input in the message, as the caller wrote it', () => {
    expect(errorOf(() => normalizePhone('+34 600')).message).toBe(
      '"+34 600" is not a valid phone number: it is too short; use E.164, e.g. +14155550123',
    );
  });

  it('normalises any valid number written in any of the usual ways to the same E.164', () => {
    fc.assert(
      fc.property(written, ({ text, e164 }) => {
        expect(normalizePhone(text)).toBe(e164);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(written, ({ text }) => {
        const once = normalizePhone(text);
        expect(normalizePhone(once)).toBe(once);
      }),
    );
  });

  it('rejects any input containing a letter, with invalid_phone', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('a', 'x', 'é', 'Z'),
        fc.string(),
        (before, letter, after) => {
          expect(errorOf(() => normalizePhone(`${before}${letter}${after}`)).code).toBe(
            'invalid_phone',
          );
        },
      ),
    );
  });
});

describe('numberAliases', () => {
  it.each([
    ['Mexico, old mobile form (a wa_id)', '+5215500000123', ['+525500000123']],
    ['Mexico, today', '+525500000123', ['+5215500000123']],
    ['Brazil, mobile with the ninth digit', '+5511987650123', ['+551187650123']],
    ['Brazil, mobile without it (a wa_id)', '+551187650123', ['+5511987650123']],
    ['Argentina, mobile from abroad (a wa_id)', '+5491123450123', ['+541123450123']],
    ['Argentina, as a CRM writes it', '+541123450123', ['+5491123450123']],
  ])('gives the other form of a number: %s', (_case, phone, aliases) => {
    expect(numberAliases(phone)).toEqual(aliases);
  });

  it.each([
    ['a Brazilian landline', '+551132650123'],
    ['a Brazilian mobile that never had 8 digits', '+5511912340123'],
    ['a Mexican number of the wrong length', '+52155000001234'],
    ['an Argentine number of the wrong length', '+54911234501234'],
    ['a US number', '+14155550123'],
    ['a Spanish mobile', '+34600000123'],
  ])('gives none for %s', (_case, phone) => {
    expect(numberAliases(phone)).toEqual([]);
  });

  it('is its own inverse: the other form’s other form is the number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('+52', '+521', '+5511', '+55119', '+5521', '+55219', '+54', '+549'),
        fc.stringMatching(/^[6-9]\d{7,9}$/),
        (head, tail) => {
          const phone = `${head}${tail}`;
          const others = numberAliases(phone);
          // Every Mexican and Argentine number of 10 national digits and Brazilian mobile of 8
          // or 9 has one.
          const hasOther = /^\+521?\d{10}$|^\+549?\d{10}$|^\+55\d\d9?[6-9]\d{7}$/.test(phone);
          expect(others).toHaveLength(hasOther ? 1 : 0);
          for (const other of others) expect(numberAliases(other)).toEqual([phone]);
        },
      ),
    );
  });
});

describe('isBusinessScopedUserId', () => {
  it.each(['US.13491208655302741918', 'BR.abc123', 'GB.A1B2C3D4', 'US.ENT.11815799212886844830'])(
    'accepts %j',
    (id) => {
      expect(isBusinessScopedUserId(id)).toBe(true);
    },
  );

  it.each([
    'us.13491208655302741918',
    'US13491208655302741918',
    'US.12345',
    'USA.1234567',
    '+14155550123',
    'US.1234 567',
    'EM.tester12345',
  ])('refuses %j', (id) => {
    expect(isBusinessScopedUserId(id)).toBe(false);
  });
});

describe('parseContactIdentifier', () => {
  it('reads a business-scoped user id as a user id', () => {
    expect(parseContactIdentifier('US.13491208655302741918')).toEqual({
      userId: 'US.13491208655302741918',
    });
  });

  it('reads a phone number with or without +, as E.164', () => {
    expect(parseContactIdentifier('14155550123')).toEqual({ phone: '+14155550123' });
    expect(parseContactIdentifier('+14155550123')).toEqual({ phone: '+14155550123' });
  });

  it('decodes a URL-encoded leading %2B', () => {
    expect(parseContactIdentifier('%2B14155550123')).toEqual({ phone: '+14155550123' });
    expect(parseContactIdentifier('%2b442079460123')).toEqual({ phone: '+442079460123' });
  });

  it('names both accepted forms when the identifier is neither', () => {
    const error = errorOf(() => parseContactIdentifier('US.123'));
    expect(error.code).toBe('invalid_phone');
    expect(error.message).toContain('business-scoped user id');
    expect(error.message).toContain('+14155550123');
  });
});

describe('readContactIdentifier', () => {
  it('reads a valid number once: the digits as written are the E.164 number', () => {
    expect(readContactIdentifier('+1 (415) 555-0123')).toEqual({
      strict: { phone: '+14155550123' },
    });
  });

  it('keeps the digits as written, as a webhook stores a wa_id, when the strict reading refuses them', () => {
    const { strict, asWritten } = readContactIdentifier('%2B17771000000');
    expect(strict).toBeInstanceOf(ValidationError);
    expect(asWritten).toEqual({ phone: '+17771000000' });
    expect(readContactIdentifier('0052 1 55 0000 0123').asWritten).toEqual({
      phone: '+5215500000123',
    });
  });

  it('offers no reading as stored for what no webhook could store (too few digits, a leading 0, spaces)', () => {
    for (const input of ['12345', '+0123456789', 'not a phone', '+1 415 555 0123 x12']) {
      expect(readContactIdentifier(input).asWritten, input).toBeUndefined();
    }
  });

  it('keeps a user id of a form it does not know as written, for a contact a webhook stored under it', () => {
    const { strict, asWritten } = readContactIdentifier('us.some-new-form');
    expect(strict).toBeInstanceOf(ValidationError);
    expect(asWritten).toEqual({ userId: 'us.some-new-form' });
  });

  it('reads an Emulator id (EM.…) as a user id of its own kind', () => {
    expect(readContactIdentifier('EM.tester-1').strict).toEqual({ userId: 'EM.tester-1' });
  });

  it('refuses an identifier of more than 160 characters without quoting it', () => {
    const long = '1'.repeat(161);
    const { strict, asWritten } = readContactIdentifier(long);
    expect(asWritten).toBeUndefined();
    expect(strict).toBeInstanceOf(ValidationError);
    expect((strict as ValidationError).message).toContain('too long');
    expect((strict as ValidationError).message).not.toContain(long);
  });
});
