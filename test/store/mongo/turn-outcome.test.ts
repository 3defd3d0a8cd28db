import { describe, expect, it } from 'vitest';
import { turnWasSaved } from '../../../src/store/mongo/turn-outcome.js';

describe('a turn whose answer was lost', () => {
  const turn = { expectedVersion: 4, messageId: 'wamid.stop', eventIds: [] };

  it('was saved when the version moved by one and the recent ids hold its message', () => {
    expect(
      turnWasSaved(turn, {
        version: 5,
        recentMessageIds: ['wamid.hi', 'wamid.stop'],
        foundEventIds: [],
      }),
    ).toBe(true);
  });

  it('was not saved when the version did not move', () => {
    expect(
      turnWasSaved(turn, { version: 4, recentMessageIds: ['wamid.hi'], foundEventIds: [] }),
    ).toBe(false);
  });

  it('is not proven saved when the version moved by more than one (another turn followed)', () => {
    expect(
      turnWasSaved(turn, { version: 6, recentMessageIds: ['wamid.stop'], foundEventIds: [] }),
    ).toBe(false);
  });

  it('was not saved when another turn moved the version without its message', () => {
    expect(
      turnWasSaved(turn, { version: 5, recentMessageIds: ['wamid.other'], foundEventIds: [] }),
    ).toBe(false);
  });

  it('was saved when all its consent events exist, whatever the contact did since', () => {
    const withEvents = { ...turn, eventIds: ['ev-a', 'ev-b'] };
    expect(
      turnWasSaved(withEvents, {
        version: 9,
        recentMessageIds: [],
        foundEventIds: ['ev-b', 'ev-a'],
      }),
    ).toBe(true);
  });

  it('was not saved when its consent events are missing, even if its message is there', () => {
    // Another delivery of the same message wrote the contact: its events have other ids.
    const withEvents = { ...turn, eventIds: ['ev-a'] };
    expect(
      turnWasSaved(withEvents, {
        version: 5,
        recentMessageIds: ['wamid.stop'],
        foundEventIds: [],
      }),
    ).toBe(false);
  });

  it('cannot be proven saved without a message id or events', () => {
    expect(
      turnWasSaved(
        { expectedVersion: 4, eventIds: [] },
        { version: 5, recentMessageIds: [], foundEventIds: [] },
      ),
    ).toBe(false);
  });

  it('was not saved when the contact is gone', () => {
    expect(turnWasSaved(turn, null)).toBe(false);
  });
});
