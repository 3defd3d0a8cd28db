import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/fake-cloud-api.js';
import { postWebhook, startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { BASE_TIMESTAMP, textMessagePayload } from '../support/whatsapp-payloads.js';

/**
 * Review finding: the opt-in question can reach the customer after the confirmation of their
 * STOP, when the STOP arrives while the previous turn's replies are still being sent.
 *
 * A turn's replies are sent one after the other, each enqueued on the customer's outbound lane
 * only once the previous one has been sent (`sendAll`, src/channels/whatsapp/whatsapp-outbound.ts:146).
 * The next turn's replies are enqueued as soon as that turn is saved, so they slip in between:
 * menu (turn 1), "Done: you won't get any more…" (turn 2), then the question (turn 1).
 * PRODUCT.md: the question is never asked after an opt-out; one contact, one order.
 */
const textOf = (r: RecordedRequest) => {
  const body = r.body as { text?: { body: string }; interactive?: { body: { text: string } } };
  return body.text?.body ?? body.interactive?.body.text ?? '';
};

describe('replies of two turns of one customer', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    t.fakeCloud.onRequest(undefined);
    await t.close();
  });

  it.fails('never sends the opt-in question after the STOP confirmation', async () => {
    // The Cloud API is slow to answer the first send (the menu of the first turn).
    let release: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    t.fakeCloud.onRequest(async () => {
      calls += 1;
      if (calls === 1) await firstAnswered;
    });

    const hello = textMessagePayload({ text: 'Hello', timestamp: BASE_TIMESTAMP });
    expect((await postWebhook(t.url, hello)).status).toBe(200);
    await t.fakeCloud.waitFor((requests) => requests.length >= 1);
    const stop = textMessagePayload({ text: 'STOP', timestamp: BASE_TIMESTAMP + 5 });
    expect((await postWebhook(t.url, stop)).status).toBe(200);
    release();
    await t.settle();

    const sent = t.fakeCloud.messages().map(textOf);
    const done = sent.findIndex((text) => text.startsWith('Done:'));
    const question = sent.findIndex((text) => text.includes('Would you like to get WhatsApp'));
    expect(done).toBeGreaterThanOrEqual(0);
    expect(question === -1 || question < done).toBe(true);
  });
});
