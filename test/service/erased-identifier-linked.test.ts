import { describe, expect, it } from 'vitest';
import { createManualClock, DAY, MINUTE } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/conversation/inbound.js';
import type { ContactRef } from '../../src/core/identity.js';
import { createSilentLogger } from '../../src/logger.js';
import { loadContactConsent } from '../../src/service/contact-consent.js';
import { eraseKeepingSuppression } from '../../src/service/kept-suppression.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

/**
 * An erased identifier linked to a contact that already has a conversation (found by review).
 * The person wrote by phone, then by user id only, said STOP there, and that user-id contact was
 * erased. Writing later with both, the user id is linked to the phone's contact, and the turn
 * looks the kept opt-out up for it, as for any identifier the contact was not screened for
 * (src/service/kept-opt-out.ts, `unscreened` in src/service/turn-guards.ts): the question is
 * not asked again.
 */
const KEY = 'review-hash-key';
const PHONE = '+14155550101';
const USER_ID = 'US.13491208655302741918';

const asksConsent = (reply: Reply) =>
  reply.type === 'buttons' && reply.buttons.some((b) => b.id.startsWith('consent.'));

describe('an erased user id that comes back linked to a phone with a conversation', () => {
  it('is not asked the opt-in question, and the turn sees the opt-out the API reports', async () => {
    const catalog = shippedCatalog();
    const categories = catalog.defaultFlow().definition.categories;
    const store = createMemoryStore();
    const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
    const turns = createTurnService({
      store,
      flows: catalog,
      clock,
      logger: createSilentLogger(),
      identifierHashKey: KEY,
    });
    let seq = 0;
    const says = (contact: ContactRef, text: string) =>
      turns.handleMessage({
        messageId: `wamid.review.linked${++seq}`,
        contact,
        timestamp: clock.now(),
        content: { kind: 'text', text },
      });

    expect((await says({ phone: PHONE }, 'Hello')).replies.some(asksConsent)).toBe(true);
    clock.advance(MINUTE);
    await says({ userId: USER_ID }, 'Hi');
    const { contact: stopped } = await says({ userId: USER_ID }, 'STOP');
    await eraseKeepingSuppression(store, stopped.id, KEY, clock.now());
    clock.advance(DAY + MINUTE);

    const turn = await says({ phone: PHONE, userId: USER_ID }, 'Hello again');

    const api = await loadContactConsent(store, { phone: PHONE }, categories, KEY);
    expect(api.consent.status).toBe('opted_out');
    expect(turn.replies.length).toBeGreaterThan(0); // still answered
    expect(turn.replies.filter(asksConsent)).toEqual([]);
    expect(turn.contact.consent.status).toBe('opted_out');
  });
});
