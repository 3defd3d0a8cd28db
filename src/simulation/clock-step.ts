import { DAY, HOUR, MINUTE } from '../core/clock.js';
import { SimulatorError } from './simulator-error.js';

const UNITS: Readonly<Record<string, number>> = {
  d: DAY,
  h: HOUR,
  m: MINUTE,
  s: 1000,
};

/**
 * Reads a clock step such as `+25h`, `+30d`, `+90m`, `+1h30m` or `+45s` (the `+` is optional)
 * and returns it in milliseconds. Throws a {@link SimulatorError} that shows the right form.
 * @example parseClockStep('+1h30m') // 5_400_000
 */
export function parseClockStep(step: string): number {
  const text = step.trim().toLowerCase().replace(/\s+/g, '');
  const body = text.startsWith('+') ? text.slice(1) : text;
  const parts = [...body.matchAll(/(\d+)([dhms])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (body === '' || parts.length === 0 || consumed !== body) {
    throw new SimulatorError(
      `"${step}" is not a clock step. Write a number and a unit, e.g. +25h, +30d, +90m or +1h30m (d = days, h = hours, m = minutes, s = seconds).`,
    );
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit!]!, 0);
}

/** "1 day 1 hour", for telling the tester how far the clock moved. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['day', DAY],
    ['hour', HOUR],
    ['minute', MINUTE],
    ['second', 1000],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(' ') : 'no time';
}
