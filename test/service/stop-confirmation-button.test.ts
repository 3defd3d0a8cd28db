import { beforeEach, describe, expect, it } from 'vitest';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import { createCustomerWorld } from '../support/shipped-flows.js';

/**
 * Found by review: a tap on "Yes, stop them" used to count only while the consent region was
 * still in `confirmingStop`; after another message or a flow reload it was ignored and the
 * customer stayed opted in. An explicit "Yes, stop them" is an opt-out whatever state the
 * machine is in (`interpret-message.ts` reads it as `keyword.optout`).
 */
describe('the "Yes, stop them" button', () => {
  let world: ReturnType<typeof createCustomerWorld>;
  const say = (text: string) => world.say(text);
  const tap = (id: string, title: string) => world.tap(id, title);

  /** An opted-in customer who wrote a sentence containing STOP and was asked to confirm. */
  const optedInAndAskedToConfirm = async () => {
    await say('Hello');
    await tap('consent.yes', 'Yes, all of them');
    const ambiguous = await say('No, stop');
    expect(ambiguous.replies.map((r) => r.type === 'buttons' && r.buttons[0]?.id)).toContain(
      'stop.yes',
    );
  };

  beforeEach(() => {
    world = createCustomerWorld('+14155550199');
  });

  it('opts out when tapped after another message', async () => {
    await optedInAndAskedToConfirm();
    await say('where is my order?');
    const result = await tap('stop.yes', 'Yes, stop them');
    expect(result.contact.consent.status).toBe('opted_out');
  });

  it('opts out when tapped after the flow was reloaded with a new version', async () => {
    await optedInAndAskedToConfirm();
    const current = world.catalog.defaultFlow().definition;
    world.catalog.replace([prepareFlow({ ...current, version: current.version + 1 })]);
    const result = await tap('stop.yes', 'Yes, stop them');
    expect(result.contact.consent.status).toBe('opted_out');
  });
});
