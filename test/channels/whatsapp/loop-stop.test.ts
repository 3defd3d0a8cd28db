import { describe, expect, it } from 'vitest';
import { createLoopStop } from '../../../src/channels/whatsapp/loop-stop.js';

describe('createLoopStop', () => {
  it('aborts a signal asked for before the stop when it stops', () => {
    const stop = createLoopStop();
    const { signal } = stop;
    expect([stop.stopped, signal.aborted]).toEqual([false, false]);
    stop.stop();
    expect([stop.stopped, signal.aborted]).toEqual([true, true]);
    expect(stop.signal).toBe(signal);
  });

  it('hands an aborted signal to a wait that asks after the stop', () => {
    const stop = createLoopStop();
    stop.stop();
    expect(stop.stopped).toBe(true);
    expect(stop.signal.aborted).toBe(true);
  });
});
