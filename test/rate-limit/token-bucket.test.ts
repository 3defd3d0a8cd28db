import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../src/rate-limit/index.js';

const T0 = Date.parse('2026-05-04T09:00:00Z');

describe('token bucket', () => {
  it('lets a full bucket’s burst through, then one token per interval', () => {
    const bucket = createTokenBucket(2, 1000, T0);

    bucket.take(T0);
    bucket.take(T0);

    expect(bucket.waitMs(T0)).toBe(1000);
    expect(bucket.waitMs(T0 + 400)).toBe(600);
    expect(bucket.waitMs(T0 + 1000)).toBe(0);
    expect(bucket.isFull(T0 + 1000)).toBe(false);
    expect(bucket.isFull(T0 + 2000)).toBe(true);
  });

  it('never holds more than its capacity, however long it waited', () => {
    const bucket = createTokenBucket(3, 1000, T0, 0);

    for (let i = 0; i < 3; i++) bucket.take(T0 + 60_000);

    expect(bucket.waitMs(T0 + 60_000)).toBe(1000);
  });

  it('regains tokens at a fractional interval, and waits whole milliseconds for the next', () => {
    // Three a second: a token every 333.33… ms.
    const bucket = createTokenBucket(3, 1000 / 3, T0);
    bucket.drain(T0);

    expect(bucket.waitMs(T0 + 999)).toBe(0);
    for (let i = 0; i < 2; i++) bucket.take(T0 + 999);
    expect(bucket.waitMs(T0 + 999)).toBe(1);
    expect(bucket.isFull(T0 + 2000)).toBe(true);
  });

  it('starts empty when asked, and drops what exceeds a smaller capacity', () => {
    const bucket = createTokenBucket(10, 100, T0, 0);
    expect(bucket.waitMs(T0)).toBe(100);

    bucket.resize(2, 500, T0 + 1000);

    expect(bucket.isFull(T0 + 1000)).toBe(true);
    bucket.take(T0 + 1000);
    bucket.take(T0 + 1000);
    expect(bucket.waitMs(T0 + 1000)).toBe(500);
  });
});
