import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../../src/core/clock.js';
import {
  agentWrote,
  handoverPhase,
  HANDOVER_MESSAGES_KEPT,
  isWaiting,
  keepCustomerMessage,
  lastMessageAt,
  startHandover,
} from '../../../src/core/handover/index.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const IDLE = 60 * MINUTE;

describe('the hand-over rule', () => {
  it('holds a message while an agent wrote within the idle limit, and gives it back after', () => {
    const record = startHandover(T0, 'flow', 'agent');
    expect(handoverPhase(undefined, T0, IDLE)).toBeUndefined();
    expect(handoverPhase(record, T0 + IDLE - 1, IDLE)).toBe('active');
    expect(handoverPhase(record, T0 + IDLE, IDLE)).toBe('idle');
    const answered = agentWrote(record, T0 + 50 * MINUTE);
    expect(handoverPhase(answered, T0 + 100 * MINUTE, IDLE)).toBe('active');
    expect(handoverPhase(answered, T0 + 110 * MINUTE, IDLE)).toBe('idle');
  });

  it('leaves out a message older than the hand-over (a late webhook), and greets back once given back', () => {
    const record = startHandover(T0, 'agent');
    expect(handoverPhase(record, T0 - 1000, IDLE)).toBeUndefined();
    expect(handoverPhase({ ...record, endedAt: T0 + 1000 }, T0 + 2000, IDLE)).toBe('released');
  });

  it('tells whether the customer waits, and when the last message was', () => {
    let record = startHandover(T0, 'flow');
    expect(isWaiting(record)).toBe(true);
    record = keepCustomerMessage(record, {
      messageId: 'm1',
      at: T0 + 1000,
      type: 'text',
      text: 'hi',
    });
    record = agentWrote(record, T0 + 2000);
    expect(isWaiting(record)).toBe(false);
    expect(lastMessageAt(record)).toBe(T0 + 2000);
    record = keepCustomerMessage(record, { messageId: 'm2', at: T0 + 3000, type: 'image' });
    expect(isWaiting(record)).toBe(true);
    expect(lastMessageAt(record)).toBe(T0 + 3000);
  });

  it(`keeps the latest ${HANDOVER_MESSAGES_KEPT} customer messages`, () => {
    let record = startHandover(T0, 'flow');
    for (let i = 0; i < HANDOVER_MESSAGES_KEPT + 5; i += 1) {
      record = keepCustomerMessage(record, {
        messageId: `m${i}`,
        at: T0 + i,
        type: 'text',
        text: `${i}`,
      });
    }
    expect(record.messages).toHaveLength(HANDOVER_MESSAGES_KEPT);
    expect(record.messages[0]?.messageId).toBe('m5');
  });
});
