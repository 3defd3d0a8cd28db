import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/core/clock.js';
import { WINDOW_MS, advanceWindow, joinWindows, windowState } from '../../src/core/window.js';
import type { WindowMarks } from '../../src/core/window.js';

const T0 = Date.parse('2026-01-01T09:00:00Z');
const time = fc.integer({ min: T0, max: T0 + 30 * 24 * HOUR });

function advanceAll(times: readonly number[]): WindowMarks | undefined {
  let marks: WindowMarks | undefined;
  for (const t of times) marks = advanceWindow(marks ?? {}, t);
  return marks;
}

describe('windowState', () => {
  it('is closed, with no expiry, for a customer who never wrote', () => {
    expect(windowState(undefined, T0)).toEqual({ open: false });
  });

  it('is open until 24 hours after the last message, and closed from that instant', () => {
    expect(windowState(T0, T0)).toEqual({ open: true, expiresAt: T0 + WINDOW_MS });
    expect(windowState(T0, T0 + WINDOW_MS - 1)).toEqual({ open: true, expiresAt: T0 + WINDOW_MS });
    expect(windowState(T0, T0 + WINDOW_MS)).toEqual({ open: false, expiresAt: T0 + WINDOW_MS });
    expect(windowState(T0, T0 + 25 * HOUR)).toEqual({ open: false, expiresAt: T0 + WINDOW_MS });
  });

  it('counts from the last message: 9:00 then 9:05 is open until 9:05 the next day', () => {
    const marks = advanceWindow(advanceWindow({}, T0), T0 + 5 * MINUTE);
    expect(marks).toEqual({ lastInboundAt: T0 + 5 * MINUTE, windowStartedAt: T0 });
    expect(windowState(marks.lastInboundAt, T0 + 24 * HOUR + 4 * MINUTE)).toEqual({
      open: true,
      expiresAt: T0 + 24 * HOUR + 5 * MINUTE,
    });
    expect(windowState(marks.lastInboundAt, T0 + 24 * HOUR + 5 * MINUTE).open).toBe(false);
  });

  it('is open exactly when now is before lastInboundAt + 24 h', () => {
    fc.assert(
      fc.property(time, time, (last, now) => {
        const state = windowState(last, now);
        expect(state.expiresAt).toBe(last + WINDOW_MS);
        expect(state.open).toBe(now < last + WINDOW_MS);
      }),
    );
  });
});

describe('advanceWindow', () => {
  it('opens a window with the first message', () => {
    expect(advanceWindow({}, T0)).toEqual({ lastInboundAt: T0, windowStartedAt: T0 });
  });

  it('starts a new window with a message after the previous one closed', () => {
    expect(advanceWindow({ lastInboundAt: T0, windowStartedAt: T0 }, T0 + 25 * HOUR)).toEqual({
      lastInboundAt: T0 + 25 * HOUR,
      windowStartedAt: T0 + 25 * HOUR,
    });
  });

  it('never moves lastInboundAt back for an older, late-delivered message', () => {
    expect(
      advanceWindow({ lastInboundAt: T0 + HOUR, windowStartedAt: T0 }, T0 + 30 * MINUTE),
    ).toEqual({
      lastInboundAt: T0 + HOUR,
      windowStartedAt: T0,
    });
  });

  it('keeps lastInboundAt at the latest message time whatever order messages arrive in', () => {
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 20 }), (times) => {
        expect(advanceAll(times)?.lastInboundAt).toBe(Math.max(...times));
      }),
    );
  });

  it('starts the window at the first message after the last gap of 24 h or more, for messages in order', () => {
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 20 }), (unsorted) => {
        const times = [...unsorted].sort((a, b) => a - b);
        let expected = times[0];
        for (let i = 1; i < times.length; i += 1) {
          if (times[i]! - times[i - 1]! >= WINDOW_MS) expected = times[i];
        }
        expect(advanceAll(times)?.windowStartedAt).toBe(expected);
      }),
    );
  });

  it('never puts the window start after the last message', () => {
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 20 }), (times) => {
        const marks = advanceAll(times);
        expect(marks!.windowStartedAt).toBeLessThanOrEqual(marks!.lastInboundAt);
      }),
    );
  });
});

describe('joinWindows', () => {
  const sortedTimes = fc
    .array(time, { minLength: 1, maxLength: 20 })
    .map((times) => [...times].sort((a, b) => a - b));

  it('keeps the marks of the only contact that has any', () => {
    const marks = { lastInboundAt: T0 + HOUR, windowStartedAt: T0 };
    expect(joinWindows(marks, {})).toEqual(marks);
    expect(joinWindows({}, marks)).toEqual(marks);
    expect(joinWindows({}, {})).toEqual({});
  });

  it('starts the window at the earlier contact when its window was still open', () => {
    const byPhone = { lastInboundAt: T0 + HOUR, windowStartedAt: T0 };
    const byUser = { lastInboundAt: T0 + 3 * HOUR, windowStartedAt: T0 + 2 * HOUR };
    expect(joinWindows(byPhone, byUser)).toEqual({
      lastInboundAt: T0 + 3 * HOUR,
      windowStartedAt: T0,
    });
  });

  it('keeps the later window alone when the earlier one had closed before it began', () => {
    const byPhone = { lastInboundAt: T0, windowStartedAt: T0 };
    const byUser = { lastInboundAt: T0 + 30 * HOUR, windowStartedAt: T0 + 24 * HOUR };
    expect(joinWindows(byUser, byPhone)).toEqual(byUser);
  });

  it('is exact when the earlier messages went to one contact and the later ones to the other', () => {
    fc.assert(
      fc.property(sortedTimes, fc.nat(), (times, cut) => {
        const at = cut % (times.length + 1);
        const joined = joinWindows(
          advanceAll(times.slice(0, at)) ?? {},
          advanceAll(times.slice(at)) ?? {},
        );
        expect(joined).toEqual(advanceAll(times));
      }),
    );
  });

  it('never starts the window before the messages of both contacts together would', () => {
    fc.assert(
      fc.property(sortedTimes, fc.array(fc.boolean(), { maxLength: 20 }), (times, sides) => {
        const onA = times.filter((_, i) => sides[i] ?? false);
        const onB = times.filter((_, i) => !(sides[i] ?? false));
        const joined = joinWindows(advanceAll(onA) ?? {}, advanceAll(onB) ?? {});
        const all = advanceAll(times)!;
        expect(joined.lastInboundAt).toBe(all.lastInboundAt);
        expect(joined.windowStartedAt).toBeGreaterThanOrEqual(all.windowStartedAt);
        expect(joined.windowStartedAt).toBeLessThanOrEqual(all.lastInboundAt);
      }),
    );
  });
});
