import { beforeEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/core/clock.js';
import type { NewConsentEvent } from '../../src/core/consent/events.js';
import { projectConsent } from '../../src/core/consent/project-consent.js';
import { updateContact } from '../../src/service/update-contact.js';
import type { UpdateContactOptions } from '../../src/service/update-contact.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { MergeOptions, Store } from '../../src/store/port.js';
import { CATEGORIES, T0 } from '../core/consent/consent-fixture.js';
import { countCalls } from '../support/counting-store.js';

const PHONE = '+14155550103';
const OTHER_PHONE = '+14155550104';
const USER_ID = 'US.13491208655302741918';
const MERGE: MergeOptions = { categories: CATEGORIES, source: 'whatsapp' };

describe('updateContact and a person known by two identifiers', () => {
  let store: Store;
  let saves: number;
  let options: UpdateContactOptions;

  beforeEach(() => {
    const inner = createMemoryStore();
    saves = 0;
    store = {
      ...inner,
      saveTurn: (input) => {
        saves += 1;
        return inner.saveTurn(input);
      },
    };
    options = { store, now: () => T0 + 10 * MINUTE, categories: CATEGORIES };
  });

  it('runs the change on one contact when the phone and the user id name two of one person', async () => {
    const byPhone = await store.ensureContact({ phone: PHONE }, T0);
    const byUser = await store.ensureContact({ userId: USER_ID }, T0 + MINUTE);

    const outcome = await updateContact(options, { phone: PHONE, userId: USER_ID }, (read) => ({
      patch: { language: 'es' },
      result: read.id,
    }));

    expect(outcome).toMatchObject({ kind: 'saved', result: byPhone.id });
    expect(outcome.contact).toMatchObject({ id: byPhone.id, phone: PHONE, userId: USER_ID });
    expect(await store.getContact(byUser.id)).toBeNull();
    expect(saves).toBe(1);
  });

  it('saves without linking a user id that another person’s contact holds, instead of retrying for ever', async () => {
    const byPhone = await store.ensureContact({ phone: PHONE }, T0);
    const other = await store.ensureContact({ phone: OTHER_PHONE, userId: USER_ID }, T0);

    const outcome = await updateContact(options, { phone: PHONE, userId: USER_ID }, () => ({
      patch: { userId: USER_ID, language: 'es' },
      result: 'applied',
    }));

    expect(outcome).toMatchObject({ kind: 'saved', result: 'applied' });
    expect(outcome.contact).toMatchObject({ id: byPhone.id, language: 'es' });
    expect(outcome.contact.userId).toBeUndefined();
    expect(await store.getContact(other.id)).toEqual(other);
    expect(saves).toBe(3); // refused, refused again after finding the contact again, saved
  });

  it('runs the change again when the contact it read was merged into another meanwhile', async () => {
    const byPhone = await store.ensureContact({ phone: PHONE }, T0);
    const byUser = await store.ensureContact({ userId: USER_ID }, T0 + MINUTE);
    const decided: string[] = [];

    const outcome = await updateContact(options, { userId: USER_ID }, async (read) => {
      decided.push(read.id);
      // Another message names both identifiers while this change is being decided.
      if (decided.length === 1)
        await store.ensureContact({ phone: PHONE, userId: USER_ID }, T0, MERGE);
      return { patch: { language: 'pt' }, result: undefined };
    });

    expect(decided).toEqual([byUser.id, byPhone.id]);
    expect(outcome.contact).toMatchObject({ id: byPhone.id, language: 'pt', userId: USER_ID });
  });

  it('drops a message another instance applied while this one decided, without deciding again', async () => {
    const contact = await store.ensureContact({ phone: PHONE }, T0);
    let decisions = 0;

    const outcome = await updateContact(options, { phone: PHONE }, async (read) => {
      decisions += 1;
      // The same delivery, redelivered to another instance, is saved first.
      await store.saveTurn({
        contactId: read.id,
        expectedVersion: read.version,
        patch: { language: 'es' },
        events: [],
        messageId: 'wamid.twice',
        now: T0,
      });
      return { patch: { language: 'pt' }, messageId: 'wamid.twice', result: 'applied' };
    });

    expect(outcome).toMatchObject({
      kind: 'duplicate',
      contact: { id: contact.id, language: 'es' },
    });
    expect(decisions).toBe(1);
  });
});

describe('updateContact and the consent projection', () => {
  const stop = (at: number): NewConsentEvent => ({
    type: 'consent.revoked',
    occurredAt: at,
    recordedAt: at,
    source: 'whatsapp',
    evidence: { replyText: 'STOP' },
  });
  const start = (at: number): NewConsentEvent => ({
    type: 'consent.granted',
    categories: CATEGORIES.map((c) => c.id),
    occurredAt: at,
    recordedAt: at,
    source: 'whatsapp',
    evidence: { replyText: 'START' },
  });

  it('moves the stored projection forward without reading the ledger, and reads it for a late event', async () => {
    const counting = countCalls(createMemoryStore());
    const options = { store: counting.store, now: () => T0, categories: CATEGORIES };
    const append = (event: NewConsentEvent) =>
      updateContact(options, { phone: PHONE }, () => ({ events: [event], result: undefined }));

    await append(stop(T0 + 10 * MINUTE));
    await append(stop(T0 + 20 * MINUTE));
    expect(counting.calls()).not.toContain('listEvents');

    // A START delivered late, older than the second STOP: the ledger decides, not the order.
    const late = await append(start(T0 + 15 * MINUTE));

    expect(counting.calls().filter((call) => call === 'listEvents')).toHaveLength(1);
    expect(late.contact.consent.status).toBe('opted_out');
    const events = await counting.store.listEvents(late.contact.id);
    expect(late.contact.consent).toEqual(projectConsent(events, CATEGORIES));
    expect(late.contact.consentThrough).toBe(T0 + 20 * MINUTE);
  });
});
