import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/fake-cloud-api.js';
import { postWebhook, request, startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import {
  BASE_TIMESTAMP,
  buttonReplyPayload,
  CUSTOMER_PHONE,
  textMessagePayload,
} from '../support/whatsapp-payloads.js';

/**
 * Review finding: a marketing template accepted by the send gate goes out after the customer's
 * STOP has been stored, when it had to wait in the customer's outbound lane.
 *
 * The send service decides once, before queueing (`decideSend` in src/service/send-service.ts:70),
 * and the outbound queue then runs the send whenever pacing and the lane allow
 * (src/channels/whatsapp/outbound-queue.ts:137). Nothing looks at the consent again at the moment
 * of sending, so a STOP stored while the template waits (behind a reply still being sent, or the
 * per-customer pacing of one message every six seconds) does not stop it. PRODUCT.md: after STOP
 * nothing proactive is sent.
 */
const CRM_KEY = 'crm-key-review-0123456789';

describe('a marketing template waiting in the outbound lane when STOP arrives', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ env: { API_KEYS: `crm:${CRM_KEY}` } });
  });
  afterEach(async () => {
    t.fakeCloud.onRequest(undefined);
    await t.close();
  });

  it.fails('is not sent once the STOP is stored', async () => {
    const at = (minutes: number) => BASE_TIMESTAMP + minutes * 60;
    await postWebhook(t.url, textMessagePayload({ text: 'Hello', timestamp: at(0) }));
    await postWebhook(
      t.url,
      buttonReplyPayload({ buttonId: 'consent.yes', title: 'Yes, all of them', timestamp: at(1) }),
    );
    await t.settle();
    t.fakeCloud.reset();

    // The next send to this customer (a service reply) is slow to be answered by the Cloud API.
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const statusWhenSent: { type: string; status: string | undefined }[] = [];
    t.fakeCloud.onRequest(async (r: RecordedRequest) => {
      const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
      statusWhenSent.push({
        type: (r.body as { type: string }).type,
        status: contact?.consent.status,
      });
      if (statusWhenSent.length === 1) await answered;
    });
    await postWebhook(t.url, textMessagePayload({ text: 'hi again', timestamp: at(2) }));
    await t.fakeCloud.waitFor((requests) => requests.length >= 1);

    // The CRM sends a marketing template: allowed (opted in), queued behind the reply.
    const template = request(`${t.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CRM_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        to: CUSTOMER_PHONE,
        template: { name: 'weekly_offers', language: 'en' },
      }),
    });
    // Once the template is on the outbound log (it is then in the queue), the customer says STOP.
    const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
    for (let i = 0; i < 500; i += 1) {
      const log = await t.deps.store.listOutbound(contact!.id);
      if (log.some((e) => e.kind === 'template')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(
      (await postWebhook(t.url, textMessagePayload({ text: 'STOP', timestamp: at(3) }))).status,
    ).toBe(200);
    release();
    await template;
    await t.settle();

    const templates = statusWhenSent.filter((s) => s.type === 'template');
    expect(templates.every((s) => s.status !== 'opted_out')).toBe(true);
  });
});
