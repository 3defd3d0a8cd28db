import { DAY, HOUR, MINUTE } from '../../core/clock.js';
import { ValidationError } from '../../errors.js';

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: MINUTE, h: HOUR, d: DAY };
const FORM = /^\+?\s*(\d+(?:\.\d+)?)\s*([smhd])$/i;
/** Ten years: further than any rule of a flow looks ahead (cool-down, expiry). */
const MAX_ADVANCE = 3650 * DAY;
const EXPECTED = 'use "+90m", "+25h", "+30d" or a number of milliseconds';

/**
 * Reads how far to move the simulator's clock: `"+25h"`, `"+30d"`, `"90m"`, `"+45s"`, or a
 * number of milliseconds. Only forward: the window and the ledger never run backwards.
 * Throws `ValidationError('invalid_clock_advance')` saying what is wrong.
 * @example parseClockAdvance('+25h') // 90_000_000
 */
export function parseClockAdvance(value: unknown): number {
  const ms = toMilliseconds(value);
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_ADVANCE) {
    throw new ValidationError(
      'invalid_clock_advance',
      `advance ${JSON.stringify(value)} must move the clock forward by at most 3650 days; ${EXPECTED}`,
    );
  }
  return Math.round(ms);
}

function toMilliseconds(value: unknown): number {
  if (typeof value === 'number') return value;
  const match = typeof value === 'string' ? FORM.exec(value.trim()) : null;
  if (!match) {
    throw new ValidationError(
      'invalid_clock_advance',
      `advance ${JSON.stringify(value) ?? 'is missing and'} is not a duration; ${EXPECTED}`,
    );
  }
  return Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
}
