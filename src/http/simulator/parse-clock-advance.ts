import { DAY } from '../../core/clock.js';
import { ValidationError } from '../../errors.js';
import { parseClockStep } from '../../simulation/clock-step.js';
import { SimulatorError } from '../../simulation/simulator-error.js';

/** Ten years: further than any rule of a flow looks ahead (cool-down, expiry). */
const MAX_ADVANCE = 3650 * DAY;

/**
 * Reads how far to move the clock: a clock step as transcripts write it (`"+25h"`, `"+30d"`,
 * `"+1h30m"`) or a number of milliseconds. Only forward: the window and the ledger never run
 * backwards. Throws `ValidationError('invalid_clock_advance')` (400) saying what is wrong.
 * @example parseClockAdvance('+25h') // 90_000_000
 */
export function parseClockAdvance(advance: string | number): number {
  const ms = typeof advance === 'number' ? advance : fromClockStep(advance);
  if (!Number.isInteger(ms) || ms <= 0 || ms > MAX_ADVANCE) {
    throw new ValidationError(
      'invalid_clock_advance',
      `advance ${JSON.stringify(advance)} must move the clock forward, by at most 3650 days; ` +
        'send a clock step such as "+25h" or a whole number of milliseconds.',
    );
  }
  return ms;
}

function fromClockStep(step: string): number {
  try {
    return parseClockStep(step);
  } catch (error) {
    if (error instanceof SimulatorError) {
      throw new ValidationError('invalid_clock_advance', error.message);
    }
    throw error;
  }
}
