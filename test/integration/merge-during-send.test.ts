import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/core/clock.js';
import type { RecordedRequest } from '../support/fake-cloud-api.js';
import { postWebhook, request, startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import {
  BASE_TIMESTAMP,
  CUSTOMER_PHONE,
  CUSTOMER_USER_ID,
  textMessagePayload,
} from '../support/whatsapp-payloads.js';

/**
 * A merge (a webhook naming the phone of one contact and the user id of another) while the
 * replies of the user-id contact are still on their way to WhatsApp (pacing, a slow Cloud API:
 * here the fake holds the user id's requests until the merging turn is saved).
 *
 * The outbound log follows the person: an entry of a send that began before the merge, and
 * written (or first written) after it, is filed under the kept contact (the stores remember
 * where an absorbed contact went), so the subject-access export shows every message sent to the
 * person and DELETE erases all their texts (PRODUCT.md, export and erasure).
 *
 * The order follows the person: one person's reply batches are chained and paced by every
 * identifier of the contact (phone, user id, store id), so the merged contact's STOP
 * confirmation waits for the opt-in question still queued for the user id (PRODUCT.md,
 * Opt-out: the question is never asked after an opt-out).
 * Found by review: the entries landed under the deleted contact, and the question went out after
 * the confirmation.
 */
describe('a merge while the user-id contact still has replies on the way', () => {
  const DPO_KEY = 'dpo-key-merge-0123456789';
  let t: TestServer;
  let release: () => void = () => undefined;
  let minute = 0;

  beforeEach(async () => {
    t = await startTestServer({ env: { API_KEYS: `dpo:${DPO_KEY}` } });
    minute = 0;
  });
  afterEach(async () => {
    release();
    await t.close();
  });

  const at = () => BASE_TIMESTAMP + 60 * minute++;
  const say = async (text: string, sender: { from: string | null; userId?: string }) => {
    const response = await postWebhook(
      t.url,
      textMessagePayload({ text, ...sender, timestamp: at() }),
    );
    expect(response.status).toBe(200);
  };
  const toUserId = (r: RecordedRequest) =>
    (r.body as { recipient?: string }).recipient === CUSTOMER_USER_ID;
  const isQuestion = (r: RecordedRequest) => JSON.stringify(r.body).includes('"consent.yes"');
  const isStopConfirmation = (r: RecordedRequest) =>
    JSON.stringify(r.body).includes("you won't get any more");
  const dpo = (method: string, path: string) =>
    request(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${DPO_KEY}` } });

  /**
   * The person wrote by phone, then (a minute later, so the phone's contact is the older one
   * and is kept) by user id only; the user id's replies are held at the Cloud API while the
   * person sends STOP with both identifiers, which merges the two contacts.
   */
  async function stopWhileUserIdRepliesAreHeld(): Promise<{ absorbedId: string }> {
    await say('Hello', { from: CUSTOMER_PHONE });
    await t.settle();
    t.clock.advance(MINUTE);
    const held = new Promise<void>((resolve) => (release = resolve));
    t.fakeCloud.onRequest(async (r) => {
      if (toUserId(r)) await held;
    });
    await say('Hi there', { from: null, userId: CUSTOMER_USER_ID });
    const absorbed = await t.deps.store.findContact({ userId: CUSTOMER_USER_ID });
    await say('STOP', { from: CUSTOMER_PHONE, userId: CUSTOMER_USER_ID }); // merges
    // Give the STOP confirmation the time to leave, if nothing makes it wait.
    await t.fakeCloud.waitFor((rs) => rs.some(isStopConfirmation), 500).catch(() => undefined);
    release();
    await t.settle();
    return { absorbedId: absorbed!.id };
  }

  it('exports every message sent to the person, and DELETE erases all their texts', async () => {
    const { absorbedId } = await stopWhileUserIdRepliesAreHeld();
    const sentToPerson = t.fakeCloud.messages().length;

    const exported = await dpo('GET', `/v1/contacts/${encodeURIComponent(CUSTOMER_PHONE)}/export`);
    expect(exported.status).toBe(200);
    const outbound = (exported.json as { outbound: unknown[] }).outbound;
    const kept = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
    const erased = await dpo('DELETE', `/v1/contacts/${encodeURIComponent(CUSTOMER_PHONE)}`);
    expect(erased.status).toBe(204);
    const leftBehind = [
      ...(await t.deps.store.listOutbound(absorbedId)),
      ...(await t.deps.store.listOutbound(kept!.id)),
    ].filter((e) => e.body);

    expect({ exported: outbound.length, textsLeftAfterErasure: leftBehind.length }).toEqual({
      exported: sentToPerson,
      textsLeftAfterErasure: 0,
    });
  });

  it('never sends the opt-in question after the STOP confirmation', async () => {
    await stopWhileUserIdRepliesAreHeld();

    const messages = t.fakeCloud.messages();
    const confirmation = messages.findIndex(isStopConfirmation);
    expect(confirmation).toBeGreaterThanOrEqual(0);
    expect(messages.slice(confirmation + 1).filter(isQuestion)).toEqual([]);
  });
});
