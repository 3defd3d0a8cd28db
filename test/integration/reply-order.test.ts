import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/fake-cloud-api.js';
import { postWebhook, startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { BASE_TIMESTAMP, textMessagePayload } from '../support/whatsapp-payloads.js';

/**
 * The replies of one customer's turns reach WhatsApp turn by turn, in the order the turns were
 * saved, even when the Cloud API is slow to accept a reply and the next message has arrived
 * meanwhile (PRODUCT.md, One contact, one order; the question is never asked after an opt-out).
 * Found by review: the next turn's replies used to slip in between the replies of a turn, so the
 * opt-in question went out after the STOP confirmation.
 */
const textOf = (r: RecordedRequest) => {
  const body = r.body as { text?: { body: string }; interactive?: { body: { text: string } } };
  return body.text?.body ?? body.interactive?.body.text ?? '';
};
const recipientOf = (r: RecordedRequest) => (r.body as { to?: string }).to;

/** Holds the Cloud API's answer to the first send until `release()`; the rest pass at once. */
function holdFirstSend(t: TestServer) {
  let release: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  t.fakeCloud.onRequest(async () => {
    calls += 1;
    if (calls === 1) await answered;
  });
  return () => release();
}

describe('replies of two turns of one customer', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    t.fakeCloud.onRequest(undefined);
    await t.close();
  });

  it('never sends the opt-in question after the STOP confirmation', async () => {
    const release = holdFirstSend(t);
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

  it('sends every reply of the first turn before any reply of the second', async () => {
    const release = holdFirstSend(t);
    await postWebhook(t.url, textMessagePayload({ text: 'Hello', timestamp: BASE_TIMESTAMP }));
    await t.fakeCloud.waitFor((requests) => requests.length >= 1);
    await postWebhook(t.url, textMessagePayload({ text: 'HELP', timestamp: BASE_TIMESTAMP + 5 }));
    release();
    await t.settle();

    const sent = t.fakeCloud.messages().map(textOf);
    // Turn 1: the menu, then the question; turn 2: the help text.
    expect(sent).toHaveLength(3);
    expect(sent[1]).toContain('Would you like to get WhatsApp');
    expect(sent[2]).not.toContain('Would you like to get WhatsApp');
  });
});

describe('replies of two customers', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    t.fakeCloud.onRequest(undefined);
    await t.close();
  });

  it('go out side by side: a slow send to one customer does not hold up the other', async () => {
    const release = holdFirstSend(t);
    await postWebhook(t.url, textMessagePayload({ text: 'Hello', timestamp: BASE_TIMESTAMP }));
    await t.fakeCloud.waitFor((requests) => requests.length >= 1);
    const other = textMessagePayload({ from: '14155550102', text: 'Hello' });
    expect((await postWebhook(t.url, other)).status).toBe(200);

    // The second customer's menu and question reach WhatsApp while the first send is held.
    await t.fakeCloud.waitFor(
      (requests) => requests.filter((r) => recipientOf(r) === '14155550102').length >= 2,
    );
    expect(t.fakeCloud.messages().filter((r) => recipientOf(r) === '14155550101')).toHaveLength(1);
    release();
    await t.settle();
    expect(t.fakeCloud.messages()).toHaveLength(4);
  });
});
