import { beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/conversation/inbound.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import { createCustomerWorld } from '../support/shipped-flows.js';

/**
 * Found by review: after a flow reload with a new version, the machine used to start fresh, so a
 * customer who tapped "No, thanks" on the question just shown was asked it again and the decline
 * was lost. The consent part of the conversation now carries over (core/flow/carry-snapshot.ts).
 */
describe('a flow reload while the opt-in question is open', () => {
  let world: ReturnType<typeof createCustomerWorld>;
  const isQuestion = (reply: Reply) =>
    reply.type === 'buttons' && reply.buttons.some((b) => b.id === 'consent.no');

  beforeEach(() => {
    world = createCustomerWorld('+14155550166');
  });

  it('records "No, thanks" as a decline instead of asking again', async () => {
    const hello = await world.send({ kind: 'text', text: 'Hello' });
    expect(hello.replies.some(isQuestion)).toBe(true);

    const current = world.catalog.defaultFlow().definition;
    world.catalog.replace([prepareFlow({ ...current, version: current.version + 1 })]);

    const no = await world.send({ kind: 'choice', id: 'consent.no', title: 'No, thanks' });
    expect(no.replies.filter(isQuestion)).toEqual([]);
    expect(no.contact.consent.status).toBe('declined');
  });
});
