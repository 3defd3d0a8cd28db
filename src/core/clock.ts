/**
 * The source of "now" for every time rule.
 * The core never reads `Date.now()`; it is handed a clock so tests and simulators move time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock, for production wiring in `src/main.ts`. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to: used by tests and by the simulators' `/clock +25h`.
 * @example const clock = createManualClock(Date.parse('2026-01-01T09:00:00Z')); clock.advance(25 * HOUR);
 */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** Creates a {@link ManualClock} starting at `start` (epoch milliseconds). */
export function createManualClock(start: number): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A clock that follows another and can be moved forward: the server's clock when the
 * simulator is enabled, so a tester can jump "25 hours later" without waiting.
 */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
  /** How far ahead of the base clock it runs, in ms. */
  offset(): number;
}

/** Creates an {@link AdjustableClock} over `base`. */
export function createAdjustableClock(base: Clock): AdjustableClock {
  let ahead = 0;
  return {
    now: () => base.now() + ahead,
    advance: (ms) => {
      ahead += ms;
    },
    offset: () => ahead,
  };
}
