import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/fake-cloud-api.js';
import { postWebhook, request, startTestServer } from '../support/test-server.js';
import type { HttpResult, TestServer } from '../support/test-server.js';
import {
  BASE_TIMESTAMP,
  buttonReplyPayload,
  CUSTOMER_PHONE,
  textMessagePayload,
} from '../support/whatsapp-payloads.js';

/**
 * A template accepted by the send gate (`POST /v1/messages`) that has to wait for the customer's
 * earlier messages is decided again right before it goes to the Cloud API: a STOP stored while
 * it waited refuses it, the caller gets the same 409 as at the gate, and the outbound log says
 * why it was not sent (PRODUCT.md: after STOP nothing proactive is sent). Found by review: the
 * gate decided once and the queue sent the template whenever pacing allowed.
 */
const CRM_KEY = 'crm-key-review-0123456789';
const at = (minutes: number) => BASE_TIMESTAMP + minutes * 60;
const textOf = (r: RecordedRequest) => {
  const body = r.body as { text?: { body: string }; interactive?: { body: { text: string } } };
  return body.text?.body ?? body.interactive?.body.text ?? '';
};

describe('a marketing template waiting in the outbound lane when STOP arrives', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ env: { API_KEYS: `crm:${CRM_KEY}` } });
  });
  afterEach(async () => {
    t.fakeCloud.onRequest(undefined);
    await t.close();
  });

  /** An opted-in customer whose next reply the Cloud API is slow to accept (until `release`). */
  async function optedInCustomerWithSlowReply() {
    await postWebhook(t.url, textMessagePayload({ text: 'Hello', timestamp: at(0) }));
    await postWebhook(
      t.url,
      buttonReplyPayload({ buttonId: 'consent.yes', title: 'Yes, all of them', timestamp: at(1) }),
    );
    await t.settle();
    t.fakeCloud.reset();

    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    t.fakeCloud.onRequest(async () => {
      calls += 1;
      if (calls === 1) await answered;
    });
    await postWebhook(t.url, textMessagePayload({ text: 'hi again', timestamp: at(2) }));
    await t.fakeCloud.waitFor((requests) => requests.length >= 1);
    return () => release();
  }

  /**
   * POSTs the template and resolves once the gate has let it through (it then waits its turn),
   * with the API's answer still to come.
   */
  async function sendTemplateThroughTheGate(): Promise<{ answer: Promise<HttpResult> }> {
    const allowed = async () =>
      (await t.deps.metrics.sendDecisions.get()).values.find((v) => v.labels.outcome === 'allowed')
        ?.value ?? 0;
    const answer = request(`${t.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CRM_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        to: CUSTOMER_PHONE,
        template: { name: 'weekly_offers', language: 'en' },
      }),
    });
    while ((await allowed()) < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    return { answer };
  }

  it('is not sent once the STOP is stored, and the caller gets 409 opted_out with the fallback', async () => {
    const release = await optedInCustomerWithSlowReply();
    const { answer } = await sendTemplateThroughTheGate();
    const stop = textMessagePayload({ text: 'STOP', timestamp: at(3) });
    expect((await postWebhook(t.url, stop)).status).toBe(200);
    release();
    const refused = await answer;
    await t.settle();

    const types = t.fakeCloud.messages().map((r) => (r.body as { type: string }).type);
    expect(types).not.toContain('template');
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'opted_out', fallback: ['sms', 'email'] });
    // The STOP confirmation still goes, after the reply that was in flight.
    const sent = t.fakeCloud.messages().map(textOf);
    expect(sent.filter((text) => text.startsWith('Done:'))).toHaveLength(1);
  });

  it('is recorded on the outbound log as not sent, with the reason', async () => {
    const release = await optedInCustomerWithSlowReply();
    const { answer } = await sendTemplateThroughTheGate();
    await postWebhook(t.url, textMessagePayload({ text: 'STOP', timestamp: at(3) }));
    release();
    await answer;
    await t.settle();

    const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
    const log = await t.deps.store.listOutbound(contact!.id);
    const entry = log.find((e) => e.kind === 'template');
    expect(entry).toMatchObject({ template: 'weekly_offers', status: 'failed' });
    expect(entry?.waMessageId).toBeUndefined();
    expect(entry?.errorTitle).toMatch(/^refused at the moment of sending \(opted_out\)/);
  });

  it('is sent when nothing changed while it waited', async () => {
    const release = await optedInCustomerWithSlowReply();
    const { answer } = await sendTemplateThroughTheGate();
    release();
    const accepted = await answer;
    await t.settle();

    expect(accepted.status).toBe(202);
    const types = t.fakeCloud.messages().map((r) => (r.body as { type: string }).type);
    expect(types).toContain('template');
  });
});
