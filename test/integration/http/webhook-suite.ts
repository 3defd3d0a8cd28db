import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/port.js';
import { cloudError, cloudSuccess } from '../../support/fake-cloud-api.js';
import type { RecordedRequest } from '../../support/fake-cloud-api.js';
import {
  createRecordingLogger,
  createSwitchableStore,
  postWebhook,
  startTestServer,
  TEST_ACCESS_TOKEN,
  TEST_START_TIME,
} from '../../support/test-server.js';
import { createFakeScheduler, trackCalls } from '../../support/fake-scheduler.js';
import type { TestServer } from '../../support/test-server.js';
import {
  BASE_TIMESTAMP,
  buttonReplyPayload,
  CUSTOMER_PHONE,
  CUSTOMER_USER_ID,
  statusPayload,
  textMessagePayload,
  userPreferencesPayload,
} from '../../support/whatsapp-payloads.js';

/** A store for one test, and how to dispose of it. */
export interface StoreHandle {
  readonly store: Store;
  dispose(): Promise<void>;
}

interface CloudMessageBody {
  readonly to?: string;
  readonly recipient?: string;
  readonly type: string;
  readonly text?: { readonly body: string };
  readonly interactive?: {
    readonly body: { readonly text: string };
    readonly action: { readonly buttons?: readonly { readonly reply: { readonly id: string } }[] };
  };
}

const bodyOf = (request: RecordedRequest) => request.body as CloudMessageBody;
const textOf = (request: RecordedRequest) =>
  bodyOf(request).text?.body ?? bodyOf(request).interactive?.body.text ?? '';

/**
 * The WhatsApp webhook end to end over HTTP: a real server from `createServer`, real-format
 * signed payloads, a fake Cloud API. Run once per store (memory, MongoDB).
 */
export function describeWebhookSuite(title: string, openStore: () => Promise<StoreHandle>): void {
  describe(title, () => {
    let t: TestServer;
    let handle: StoreHandle;
    let switchable: ReturnType<typeof createSwitchableStore>;
    let minute = 0;

    beforeEach(async () => {
      handle = await openStore();
      switchable = createSwitchableStore(handle.store);
      t = await startTestServer({ store: switchable.store });
      minute = 0;
    });
    afterEach(async () => {
      switchable.setAvailable(true);
      await t.close();
      await handle.dispose();
    });

    /** Each message a minute after the previous one, as a customer would type them. */
    const at = () => BASE_TIMESTAMP + 60 * minute++;
    const say = async (text: string, from = CUSTOMER_PHONE) => {
      const response = await postWebhook(
        t.url,
        textMessagePayload({ text, from, timestamp: at() }),
      );
      expect(response.status).toBe(200);
      await t.settle();
    };
    const contactOf = async (phone = CUSTOMER_PHONE) => {
      const contact = await t.deps.store.findContact({ phone });
      if (!contact) throw new Error(`no contact ${phone}`);
      return contact;
    };

    it('answers the first message with the service menu and the opt-in question, from the webhook’s own number', async () => {
      const payload = textMessagePayload({ text: 'Hello', phoneNumberId: '222333444555' });
      const response = await postWebhook(t.url, payload);
      expect(response.status).toBe(200);
      expect(response.text).toBe('{"status":"received"}');
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'content-type': 'application/json',
        'content-length': '21',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      await t.settle();

      const sent = t.fakeCloud.messages();
      expect(sent).toHaveLength(2);
      for (const request of sent) {
        expect(request.path).toBe('/v23.0/222333444555/messages');
        expect(request.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
        expect(bodyOf(request).to).toBe(CUSTOMER_PHONE.slice(1));
      }
      const question = bodyOf(sent[1]!);
      expect(question.type).toBe('interactive');
      expect(question.interactive?.body.text).toMatch(/WhatsApp/);
      expect(question.interactive?.action.buttons?.map((b) => b.reply.id)).toEqual([
        'consent.yes',
        'consent.choose',
        'consent.no',
      ]);
    });

    it('opts the customer in on the YES button and confirms only after the event is stored', async () => {
      await say('Hello');
      const contact = await contactOf();
      let eventsWhenConfirmed: string[] | undefined;
      t.fakeCloud.onRequest(async () => {
        const events = await t.deps.store.listEvents(contact.id);
        eventsWhenConfirmed = events.map((e) => e.type);
      });

      const yes = buttonReplyPayload({
        id: 'wamid.TAPPED-YES',
        buttonId: 'consent.yes',
        title: 'Yes, all of them',
        timestamp: at(),
      });
      expect((await postWebhook(t.url, yes)).status).toBe(200);
      await t.settle();

      const after = await contactOf();
      expect(after.consent.status).toBe('opted_in');
      const events = await t.deps.store.listEvents(contact.id);
      // The question shown on "Hello" (a fact for the report), then the answer.
      expect(events.map((e) => e.type)).toEqual(['consent.asked', 'consent.granted']);
      // The proof names the message that said yes: the tap's own WhatsApp id.
      expect(events[1]?.evidence.messageId).toBe('wamid.TAPPED-YES');
      const confirmation = t.fakeCloud.messages().at(-1)!;
      expect(textOf(confirmation)).toMatch(/Thank you/);
      expect(eventsWhenConfirmed).toEqual(['consent.asked', 'consent.granted']);
    });

    const variants = ['stop', ' Stop. ', 'STOP!', 'Parar', 'BAJA', 'ＳＴＯＰ'];
    it.each(variants.map((v, i) => [v, `+1415555020${i}`] as const))(
      'opts out on %j once, confirms once, and a second STOP sends nothing (kept as proof)',
      async (variant, phone) => {
        await say('Hello', phone);
        const contact = await contactOf(phone);
        const before = t.fakeCloud.messages().length;

        await say(variant, phone);
        expect((await contactOf(phone)).consent.status).toBe('opted_out');
        expect(t.fakeCloud.messages()).toHaveLength(before + 1);

        await say('STOP', phone);
        expect(t.fakeCloud.messages()).toHaveLength(before + 1);
        const revoked = (await t.deps.store.listEvents(contact.id)).filter(
          (e) => e.type === 'consent.revoked',
        );
        // Both are in the ledger (the proof that the customer said STOP then); one confirmation.
        expect(revoked).toHaveLength(2);
        expect((await contactOf(phone)).consent.optedOutAt).toBe(revoked[0]?.occurredAt);
      },
    );

    it('follows message time whatever the arrival order: hello@0, STOP@30, STOP@90, START@50, YES@60 ends opted out', async () => {
      const t0 = BASE_TIMESTAMP + 3600;
      for (const [text, offset] of [
        ['hello', 0],
        ['STOP', 30],
        ['STOP', 90],
        ['START', 50],
        ['YES', 60],
      ] as const) {
        const payload = textMessagePayload({ text, timestamp: t0 + offset });
        expect((await postWebhook(t.url, payload)).status).toBe(200);
        await t.settle();
      }
      const contact = await contactOf();
      expect(contact.consent.status).toBe('opted_out');
      const events = await t.deps.store.listEvents(contact.id);
      const revoked = events.filter((e) => e.type === 'consent.revoked');
      // Both STOPs are proof, the second too although it changed nothing when it came.
      expect(revoked.map((e) => (e.occurredAt / 1000 - t0).toString())).toEqual(['30', '90']);
      expect(events.at(-1)).toMatchObject({ type: 'consent.revoked' });
      const texts = t.fakeCloud.messages().map(textOf);
      expect(texts.filter((text) => /^Thank you!/.test(text))).toEqual([]);
      expect(texts.filter((text) => /^Done: you won't get/.test(text))).toHaveLength(1);
    });

    it('accepts a duplicate delivery with 200 and processes it once', async () => {
      const payload = textMessagePayload({ text: 'Hello', timestamp: at() });
      expect((await postWebhook(t.url, payload)).status).toBe(200);
      expect((await postWebhook(t.url, payload)).status).toBe(200);
      await t.settle();
      expect(t.fakeCloud.messages()).toHaveLength(2);
    });

    it.each([
      ['a missing signature', { signature: null }],
      ['a wrong signature', { secret: 'not-the-app-secret' }],
      ['a malformed signature', { signature: 'sha256=zz' }],
    ] as const)('refuses %s with 401 and changes nothing', async (_what, options) => {
      const response = await postWebhook(t.url, textMessagePayload({ text: 'Hello' }), options);
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ code: 'invalid_signature' });
      await t.settle();
      expect(await t.deps.store.findContact({ phone: CUSTOMER_PHONE })).toBeNull();
      expect(t.fakeCloud.requests).toHaveLength(0);
    });

    it('refuses a signed body that is not JSON with 400 invalid_json', async () => {
      const response = await postWebhook(t.url, '{"object": "whatsapp_business_account",');
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({
        code: 'invalid_json',
        message: expect.any(String) as string,
      });
    });

    it('refuses a signed JSON body that is not a WhatsApp webhook with 400', async () => {
      const response = await postWebhook(t.url, { object: 'page', entry: [] });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: 'invalid_webhook' });
      expect((response.json as { message: string }).message).toMatch(/object/);
    });

    it('refuses an oversize body with 413 payload_too_large', async () => {
      const huge = JSON.stringify({
        object: 'whatsapp_business_account',
        pad: 'x'.repeat(400_000),
      });
      const response = await postWebhook(t.url, huge);
      expect(response.status).toBe(413);
      expect(response.json).toMatchObject({ code: 'payload_too_large' });
    });

    it('records delivered, read and failed statuses on the outbound log', async () => {
      await say('Hello');
      const contact = await contactOf();
      const [first, second] = await t.deps.store.listOutbound(contact.id);
      expect(first?.status).toBe('sent');
      const wamid1 = first!.waMessageId!;
      const wamid2 = second!.waMessageId!;

      for (const status of ['delivered', 'read'] as const) {
        const response = await postWebhook(t.url, statusPayload({ id: wamid1, status }));
        expect(response.status).toBe(200);
      }
      const failed = statusPayload({
        id: wamid2,
        status: 'failed',
        errors: [{ code: 131026, title: 'Message undeliverable' }],
      });
      expect((await postWebhook(t.url, failed)).status).toBe(200);

      const log = await t.deps.store.listOutbound(contact.id);
      expect(log.find((e) => e.waMessageId === wamid1)?.status).toBe('read');
      expect(log.find((e) => e.waMessageId === wamid2)).toMatchObject({
        status: 'failed',
        errorCode: 131026,
      });
      expect((await contactOf()).consent.marketingSuppressed).toBe(false);
    });

    it('suppresses marketing when a send fails with 131050', async () => {
      await say('Hello');
      const contact = await contactOf();
      const [entry] = await t.deps.store.listOutbound(contact.id);
      const failed = statusPayload({
        id: entry!.waMessageId!,
        status: 'failed',
        errors: [{ code: 131050, title: 'User has stopped marketing messages' }],
      });
      expect((await postWebhook(t.url, failed)).status).toBe(200);
      const after = await contactOf();
      expect(after.consent.marketingSuppressed).toBe(true);
      const events = await t.deps.store.listEvents(contact.id);
      expect(events.at(-1)).toMatchObject({
        type: 'consent.marketing_suppressed',
        evidence: { errorCode: 131050 },
      });
    });

    it('suppresses marketing on a user_preferences stop', async () => {
      await say('Hello');
      const response = await postWebhook(t.url, userPreferencesPayload({ value: 'stop' }));
      expect(response.status).toBe(200);
      expect((await contactOf()).consent.marketingSuppressed).toBe(true);
    });

    it('answers 503 while the store is down, so WhatsApp retries, and processes the retry once', async () => {
      const payload = textMessagePayload({ text: 'Hello', timestamp: at() });
      switchable.setAvailable(false);
      const refused = await postWebhook(t.url, payload);
      expect(refused.status).toBe(503);
      expect(refused.json).toMatchObject({ code: 'store_unavailable' });
      await t.settle();
      expect(t.fakeCloud.requests).toHaveLength(0);

      switchable.setAvailable(true);
      expect((await postWebhook(t.url, payload)).status).toBe(200);
      expect((await postWebhook(t.url, payload)).status).toBe(200);
      await t.settle();
      expect(t.fakeCloud.messages()).toHaveLength(2);
    });

    it('retries a Graph 500 and delivers the reply once', async () => {
      t.fakeCloud.script(cloudError(500, 1, 'An unknown error occurred'), cloudSuccess());
      await say('Hello');
      const sent = t.fakeCloud.messages();
      expect(sent).toHaveLength(3);
      expect(textOf(sent[0]!)).toBe(textOf(sent[1]!));
      const log = await t.deps.store.listOutbound((await contactOf()).id);
      expect(log).toHaveLength(2);
      expect(log.every((e) => e.status === 'sent')).toBe(true);
    });

    it('records 131047 (outside the window) on the outbound entry without retrying', async () => {
      t.fakeCloud.script(cloudError(400, 131047, 'Re-engagement message'));
      await say('Hello');
      const log = await t.deps.store.listOutbound((await contactOf()).id);
      // The first reply failed; the rest of the turn's replies were not sent out of order,
      // and the log says so rather than forgetting them.
      expect(t.fakeCloud.messages()).toHaveLength(1);
      expect(log).toHaveLength(2);
      expect(log.find((e) => e.errorCode === 131047)).toMatchObject({ status: 'failed' });
      expect(log.find((e) => e.errorCode === undefined)).toMatchObject({
        status: 'failed',
        errorTitle: 'not sent: an earlier message of the same batch could not be sent',
      });
    });

    it('answers a contact known only by a business-scoped user id through `recipient`', async () => {
      const payload = textMessagePayload({ text: 'Hello', from: null, userId: CUSTOMER_USER_ID });
      expect((await postWebhook(t.url, payload)).status).toBe(200);
      await t.settle();
      const sent = t.fakeCloud.messages();
      expect(sent).toHaveLength(2);
      for (const request of sent) {
        expect(bodyOf(request).recipient).toBe(CUSTOMER_USER_ID);
        expect(bodyOf(request).to).toBeUndefined();
      }
      const contact = await t.deps.store.findContact({ userId: CUSTOMER_USER_ID });
      expect(contact?.phone).toBeUndefined();
    });

    it('keeps retries inside the per-number budget and retries a reply past four failures while the window is open', async () => {
      await t.close();
      const scheduler = createFakeScheduler(TEST_START_TIME);
      t = await startTestServer({
        // Fake time stands still while the store (a real MongoDB, in one run) answers.
        store: trackCalls(scheduler, switchable.store),
        clock: scheduler.clock,
        pacingTime: scheduler,
        env: { OUTBOUND_PER_SECOND: '2' },
      });
      // A Cloud API outage for the first minute, by the pacing clock.
      const outageEnds = scheduler.clock.now() + 60_000;
      const seen: { at: number; to: string; text: string; ok: boolean }[] = [];
      t.fakeCloud.onRequest((request) => {
        const at = scheduler.clock.now();
        const ok = at >= outageEnds;
        seen.push({ at, to: bodyOf(request).to ?? '', text: textOf(request), ok });
        return ok ? undefined : cloudError(500, 131000, 'Something went wrong');
      });
      const customers = ['+14155550131', '+14155550132', '+14155550133'];
      for (const phone of customers) {
        const response = await postWebhook(
          t.url,
          textMessagePayload({ text: 'Hello', from: phone, timestamp: at() }),
        );
        expect(response.status).toBe(200);
      }

      // The sender keeps its heartbeat on the same clock: run until the replies are through.
      const delivered = () => seen.filter((r) => r.ok).length >= 2 * customers.length;
      for (let round = 0; round < 60 && !delivered(); round += 1) {
        await scheduler.runFor(5_000, { busy: () => t.cloudCallsInFlight() });
      }
      await t.settle();

      // Every reply arrived once, in order, after the outage: none was dropped.
      for (const phone of customers) {
        const delivered = seen.filter((r) => r.ok && r.to === phone.slice(1)).map((r) => r.text);
        expect(delivered).toHaveLength(2);
        expect(delivered[0]).toMatch(/How can we help/);
        expect(delivered[1]).toMatch(/WhatsApp/);
      }
      const attempts = new Map<string, number>();
      for (const r of seen)
        attempts.set(`${r.to} ${r.text}`, (attempts.get(`${r.to} ${r.text}`) ?? 0) + 1);
      expect(Math.max(...attempts.values())).toBeGreaterThan(4);
      // 2 per second with a burst of 2: never more than 4 requests in any one second.
      for (const { at: from } of seen) {
        expect(seen.filter((r) => r.at >= from && r.at < from + 1_000).length).toBeLessThanOrEqual(
          4,
        );
      }
    });

    it('masks a business-scoped user id in the log like a phone number', async () => {
      await t.close();
      const recording = createRecordingLogger('debug');
      // A store of its own (what it logs does not depend on the store): on the suite's store the
      // closed server's sender is still registered, and a new one waits two heartbeats for it
      // before sending (pace-share.ts).
      t = await startTestServer({ logger: recording.logger });
      // A refusal about the contact is logged with it (warn), as every turn is (debug).
      t.fakeCloud.script(cloudError(400, 131026, 'Message undeliverable'));
      const payload = textMessagePayload({ text: 'Hello', from: null, userId: CUSTOMER_USER_ID });
      expect((await postWebhook(t.url, payload)).status).toBe(200);
      await t.settle();
      const log = recording.lines();
      expect(log).toContain('WhatsApp refused the message for this contact');
      expect(log).toContain('US.*****************918');
      expect(log).not.toContain(CUSTOMER_USER_ID.slice(3));
    });
  });
}
