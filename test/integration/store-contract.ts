import { randomInt } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/core/clock.js';
import type { NewConsentEvent } from '../../src/core/consent/events.js';
import { UNKNOWN_CONSENT, type ConsentState } from '../../src/core/consent/state.js';
import type { FlowCategory } from '../../src/core/flow/definition.js';
import type { HandoverRecord, TranscriptLine } from '../../src/core/handover/index.js';
import { TRANSCRIPT_LINES_KEPT } from '../../src/core/handover/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/errors.js';
import type { ContactRef } from '../../src/core/identity.js';
import { omit } from '../../src/store/omit.js';
import type {
  ContactRecord,
  HashIdentifiers,
  LeaseRequest,
  MergeOptions,
  OutboundEntry,
  SaveTurnInput,
  Store,
} from '../../src/store/port.js';

/**
 * THE contract of the storage port: every adapter runs this same suite
 * (`memory-store.test.ts`, `mongo-store.test.ts`). `setup` gives each test an empty store.
 */
export function describeStoreContract(
  name: string,
  setup: () => Promise<{ store: Store; teardown(): Promise<void> }>,
): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    let teardown: () => Promise<void>;

    beforeEach(async () => {
      const opened = await setup();
      store = opened.store;
      teardown = () => opened.teardown();
    });
    afterEach(async () => {
      await teardown();
    });

    /** Applies one turn on the contact's current version. */
    async function turn(
      contactId: string,
      fields: Partial<Omit<SaveTurnInput, 'contactId' | 'expectedVersion'>> = {},
    ): Promise<ContactRecord> {
      const current = await store.getContact(contactId);
      if (!current) throw new Error(`test setup: no contact ${contactId}`);
      return store.saveTurn({
        contactId,
        expectedVersion: current.version,
        patch: {},
        events: [],
        now: T0,
        ...fields,
      });
    }

    /** Queues an entry in the contact's outbox and records it as sent: an outbound log entry. */
    async function logSent(
      contactId: string,
      id: string,
      at: number,
      outcome: Partial<OutboundEntry> = {},
    ): Promise<OutboundEntry> {
      const entry = queuedEntry(contactId, id, at);
      await store.queueOutbound(contactId, [entry], lease(at));
      const done = { ...entry, status: 'sent' as const, updatedAt: at, ...outcome };
      await store.completeOutbound(done, lease(at));
      return logged(done);
    }

    describe('ensureContact and findContact', () => {
      it('creates a contact for a new phone, with unknown consent and version 0', async () => {
        const phone = newPhone();
        const created = await store.ensureContact({ phone }, T0);

        expect(created).toMatchObject({ phone, version: 0, createdAt: T0, updatedAt: T0 });
        expect(created.consent).toEqual(UNKNOWN_CONSENT);
        expect(created.recentMessageIds).toEqual([]);
        expect(created.userId).toBeUndefined();
        expect(await store.findContact({ phone })).toEqual(created);
        expect(await store.getContact(created.id)).toEqual(created);
        expect((await store.ensureContact({ phone }, T0 + 1000)).id).toBe(created.id);
      });

      it('creates and finds a contact known only by its business-scoped user id', async () => {
        const userId = newUserId();
        const created = await store.ensureContact({ userId }, T0);

        expect(created.userId).toBe(userId);
        expect(created.phone).toBeUndefined();
        expect((await store.findContact({ userId }))?.id).toBe(created.id);
        expect((await store.ensureContact({ userId }, T0)).id).toBe(created.id);
      });

      it('links a user id to the contact known by phone, so consent follows the person', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        await turn(byPhone.id, { patch: { consent: OPTED_IN } });

        const linked = await store.ensureContact({ phone, userId }, T0 + 1000);

        expect(linked.id).toBe(byPhone.id);
        expect(linked.userId).toBe(userId);
        const found = await store.findContact({ userId });
        expect(found?.id).toBe(byPhone.id);
        expect(found?.consent.status).toBe('opted_in');
      });

      it('links a phone to the contact known by user id', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byUser = await store.ensureContact({ userId }, T0);
        await turn(byUser.id, { patch: { consent: OPTED_OUT } });

        const linked = await store.ensureContact({ phone, userId }, T0 + 1000);

        expect(linked.id).toBe(byUser.id);
        expect(linked.phone).toBe(phone);
        const found = await store.findContact({ phone });
        expect(found?.id).toBe(byUser.id);
        expect(found?.consent.status).toBe('opted_out');
      });

      it("keeps the phone's contact when phone and user id belong to two contacts and no merge is asked", async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        const byUser = await store.ensureContact({ userId }, T0);

        const resolved = await store.ensureContact({ phone, userId }, T0 + 1000);

        expect(resolved.id).toBe(byPhone.id);
        expect(resolved.userId).toBeUndefined();
        expect((await store.findContact({ userId }))?.id).toBe(byUser.id);
        expect((await store.findContact({ phone, userId }))?.id).toBe(byPhone.id);
      });

      it('creates one contact when many turns race for one new phone', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const contacts = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.ensureContact(i % 2 === 0 ? { phone } : { phone, userId }, T0 + i),
          ),
        );

        expect(new Set(contacts.map((contact) => contact.id)).size).toBe(1);
        const found = await store.findContact({ userId });
        expect(found?.id).toBe(contacts[0]?.id);
        expect(found?.phone).toBe(phone);
      });

      it('refuses a reference without any identifier', async () => {
        await expect(store.ensureContact({}, T0)).rejects.toBeInstanceOf(ValidationError);
      });

      it('finds nothing for unknown identifiers and ids', async () => {
        expect(await store.findContact({ phone: newPhone() })).toBeNull();
        expect(await store.findContact({ userId: newUserId() })).toBeNull();
        expect(await store.findContact({})).toBeNull();
        expect(await store.getContact('no-such-contact')).toBeNull();
      });
    });

    describe('merging two contacts of one person', () => {
      /** A person who wrote by phone, then took a username and wrote by user id only. */
      async function splitPerson() {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        await turn(byPhone.id, {
          patch: { profileName: 'Ana', lastInboundAt: T0, windowStartedAt: T0 },
          events: [granted(T0)],
          messageId: 'wamid.by-phone',
          now: T0,
        });
        const byUser = await store.ensureContact({ userId }, T0 + HOUR);
        await turn(byUser.id, {
          patch: { language: 'es', lastInboundAt: T0 + 2 * HOUR, windowStartedAt: T0 + 2 * HOUR },
          events: [revoked(T0 + 2 * HOUR)],
          messageId: 'wamid.by-user',
          now: T0 + 2 * HOUR,
        });
        await logSent(byUser.id, 'out-by-user', T0 + 2 * HOUR);
        return { phone, userId, byPhone, byUser };
      }

      it('merges a phone contact and a user-id contact into the older one, with both identifiers', async () => {
        const { phone, userId, byPhone, byUser } = await splitPerson();
        const before = await store.getContact(byPhone.id);

        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);

        expect(merged).toMatchObject({
          id: byPhone.id,
          phone,
          userId,
          profileName: 'Ana',
          language: 'es',
          lastInboundAt: T0 + 2 * HOUR,
          windowStartedAt: T0, // the phone's window was still open when the user id wrote
          recentMessageIds: ['wamid.by-phone', 'wamid.by-user'],
          createdAt: T0,
        });
        expect(merged.version).toBeGreaterThan(before!.version);
        expect(merged.consent).toMatchObject({ status: 'opted_out', optedOutAt: T0 + 2 * HOUR });
        expect(await store.getContact(byPhone.id)).toEqual(merged);
        expect(await store.getContact(byUser.id)).toBeNull();
        expect((await store.findContact({ userId }))?.id).toBe(byPhone.id);
        expect((await store.findContact({ phone }))?.id).toBe(byPhone.id);
      });

      it('moves the ledger, the processed message ids and the outbound log, and records the merge', async () => {
        const { phone, userId, byPhone, byUser } = await splitPerson();

        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);

        expect(merged.id).toBe(byPhone.id);
        const events = await store.listEvents(merged.id);
        expect(events.map((event) => event.type)).toEqual([
          'consent.granted',
          'consent.revoked',
          'contact.merged',
        ]);
        expect(events.every((event) => event.contactId === merged.id)).toBe(true);
        expect(events[2]).toMatchObject({
          occurredAt: T0 + 3 * HOUR,
          source: 'whatsapp',
          evidence: { mergedContactId: byUser.id },
        });
        expect(JSON.stringify(events[2])).not.toContain(phone.slice(1));
        expect(await store.listEvents(byUser.id)).toEqual([]);
        expect((await store.listOutbound(merged.id)).map((entry) => entry.id)).toEqual([
          'out-by-user',
        ]);
        const exported = await store.exportContact(merged.id);
        expect([...(exported?.processedMessageIds ?? [])].sort()).toEqual([
          'wamid.by-phone',
          'wamid.by-user',
        ]);
        expect(await store.isProcessed('wamid.by-user')).toBe(true);
      });

      it('still refuses a message already applied to either contact as a duplicate', async () => {
        const { phone, userId } = await splitPerson();
        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);

        for (const messageId of ['wamid.by-phone', 'wamid.by-user']) {
          const again = store.saveTurn({
            contactId: merged.id,
            expectedVersion: merged.version,
            patch: {},
            events: [granted(T0 + 4 * HOUR)],
            messageId,
            now: T0 + 4 * HOUR,
          });
          await expect(again).rejects.toMatchObject({ reason: 'duplicate_message' });
        }
      });

      it('keeps the latest decision by time and the older contact, whichever identifier it has', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byUser = await store.ensureContact({ userId }, T0);
        await turn(byUser.id, { events: [revoked(T0)], now: T0 });
        const byPhone = await store.ensureContact({ phone }, T0 + HOUR);
        await turn(byPhone.id, { events: [granted(T0 + 2 * HOUR)], now: T0 + 2 * HOUR });

        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);

        expect(merged).toMatchObject({ id: byUser.id, phone, userId });
        expect(merged.consent).toMatchObject({
          status: 'opted_in',
          categories: { offers: true, orders: true },
        });
        expect(await store.getContact(byPhone.id)).toBeNull();
      });

      it('goes on with the machine of the contact updated last', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        await turn(byPhone.id, {
          patch: { flowId: 'default', flowVersion: 1, snapshot: { value: 'by phone' } },
          now: T0,
        });
        const byUser = await store.ensureContact({ userId }, T0 + HOUR);
        await turn(byUser.id, {
          patch: { flowId: 'default', flowVersion: 2, snapshot: { value: 'by user' } },
          now: T0 + HOUR,
        });

        const merged = await store.ensureContact({ phone, userId }, T0 + 2 * HOUR, MERGE);

        expect(merged).toMatchObject({ flowId: 'default', flowVersion: 2 });
        expect(merged.snapshot).toEqual({ value: 'by user' });
      });

      it('keeps its own machine when the other contact has none', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        await turn(byPhone.id, {
          patch: { flowId: 'default', flowVersion: 1, snapshot: { value: 'by phone' } },
          now: T0,
        });
        const byUser = await store.ensureContact({ userId }, T0 + HOUR);
        await turn(byUser.id, { events: [revoked(T0 + HOUR)], now: T0 + HOUR });

        const merged = await store.ensureContact({ phone, userId }, T0 + 2 * HOUR, MERGE);

        expect(merged).toMatchObject({ flowId: 'default', flowVersion: 1 });
        expect(merged.snapshot).toEqual({ value: 'by phone' });
        expect(merged.consent.status).toBe('opted_out');
      });

      it('merges once: the same reference again changes nothing', async () => {
        const { phone, userId } = await splitPerson();
        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);

        const again = await store.ensureContact({ phone, userId }, T0 + 4 * HOUR, MERGE);

        expect(again).toEqual(merged);
        const merges = (await store.listEvents(merged.id)).filter(
          (event) => event.type === 'contact.merged',
        );
        expect(merges).toHaveLength(1);
      });

      it('merges once when many references race for it', async () => {
        const { phone, userId, byPhone } = await splitPerson();

        const contacts = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.ensureContact({ phone, userId }, T0 + 3 * HOUR + i, MERGE),
          ),
        );

        expect(new Set(contacts.map((contact) => contact.id))).toEqual(new Set([byPhone.id]));
        const types = (await store.listEvents(byPhone.id)).map((event) => event.type);
        expect(types.filter((type) => type === 'contact.merged')).toHaveLength(1);
        expect(types.filter((type) => type !== 'contact.merged')).toEqual([
          'consent.granted',
          'consent.revoked',
        ]);
        expect((await store.findContact({ userId }))?.consent.status).toBe('opted_out');
      });

      it('makes a turn that read either contact before the merge run again', async () => {
        const { phone, userId, byPhone, byUser } = await splitPerson();
        const [readByPhone, readByUser] = await Promise.all([
          store.getContact(byPhone.id),
          store.getContact(byUser.id),
        ]);

        await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);

        const stale = (read: ContactRecord | null) =>
          store.saveTurn({
            contactId: read!.id,
            expectedVersion: read!.version,
            patch: { language: 'pt' },
            events: [granted(T0 + 4 * HOUR)],
            now: T0 + 4 * HOUR,
          });
        const [kept, absorbed] = [stale(readByPhone), stale(readByUser)];
        await expect(kept).rejects.toBeInstanceOf(ConflictError);
        await expect(kept).rejects.toMatchObject({ reason: 'stale_version' });
        await expect(absorbed).rejects.toBeInstanceOf(ConflictError);
        await expect(absorbed).rejects.toMatchObject({ reason: 'merged_away' });
        expect((await store.findContact({ phone }))?.consent.status).toBe('opted_out');
      });

      it('files a send under way during the merge under the kept contact, whatever it says', async () => {
        const { phone, userId, byUser } = await splitPerson();
        // A send of the user id's contact began before the merge: it was claimed from its outbox.
        const underWay = queuedEntry(byUser.id, 'out-under-way', T0 + 2 * HOUR);
        await store.queueOutbound(byUser.id, [underWay], lease(T0 + 2 * HOUR));

        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);
        // It ends after the merge, still naming the contact it began with; another send of
        // that contact is queued only now.
        const sent = {
          ...underWay,
          waMessageId: 'wamid.under-way',
          status: 'sent' as const,
          updatedAt: T0 + 3 * HOUR,
        };
        const progress = await store.completeOutbound(sent, lease(T0 + 3 * HOUR));
        await logSent(byUser.id, 'out-after', T0 + 3 * HOUR);

        expect(progress.contact?.id).toBe(merged.id);
        expect(await store.listOutbound(merged.id)).toEqual([
          logged({ ...queuedEntry(merged.id, 'out-by-user', T0 + 2 * HOUR), status: 'sent' }),
          logged({ ...sent, contactId: merged.id }),
          logged({
            ...queuedEntry(merged.id, 'out-after', T0 + 3 * HOUR),
            status: 'sent',
            updatedAt: T0 + 3 * HOUR,
          }),
        ]);
        expect(await store.listOutbound(byUser.id)).toEqual([]);
        expect((await store.exportContact(merged.id))?.outbound).toHaveLength(3);
        await store.eraseContact(merged.id, () => [], T0 + 4 * HOUR);
        const left = await store.listOutbound(merged.id);
        expect(left.filter((entry) => entry.body !== undefined)).toEqual([]);
      });

      it('moves the younger contact’s outbox after the kept one’s, with its lease when the kept one has none', async () => {
        const { phone, userId, byPhone, byUser } = await splitPerson();
        await store.queueOutbound(byPhone.id, [queuedEntry(byPhone.id, 'q-phone', T0)]);
        await store.queueOutbound(
          byUser.id,
          [queuedEntry(byUser.id, 'q-user-1', T0), queuedEntry(byUser.id, 'q-user-2', T0)],
          lease(T0),
        );

        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);

        expect(merged.outbox?.map((entry) => [entry.id, entry.contactId])).toEqual([
          ['q-phone', byPhone.id],
          ['q-user-1', byPhone.id],
          ['q-user-2', byPhone.id],
        ]);
        expect(merged.outboxLease).toEqual({ owner: SENDER, until: T0 + LEASE_MS });
        expect(await store.findDueOutboxes(T0 + 1000, 10)).toEqual([]);
        expect(await store.findDueOutboxes(T0 + LEASE_MS, 10)).toEqual([byPhone.id]);
      });

      it('never merges two contacts that each have their own phone', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        const other = await store.ensureContact({ phone: newPhone(), userId }, T0);

        const resolved = await store.ensureContact({ phone, userId }, T0 + HOUR, MERGE);

        expect(resolved).toEqual(byPhone);
        expect(await store.getContact(other.id)).toEqual(other);
        expect(await store.listEvents(byPhone.id)).toEqual([]);
      });

      it('erases every identifier of a merged contact, and keeps its opt-out under each', async () => {
        const { phone, userId } = await splitPerson();
        const merged = await store.ensureContact({ phone, userId }, T0 + 3 * HOUR, MERGE);
        const asked: ContactRef[] = [];
        const hashesOf: HashIdentifiers = (ids) => {
          asked.push(ids);
          return [ids.phone, ids.userId].flatMap((id) => (id ? [`hash:${id}`] : []));
        };

        await store.eraseContact(merged.id, hashesOf, T0 + 4 * HOUR);

        expect(asked).toContainEqual({ phone, userId });
        const kept = await store.findSuppressions([`hash:${phone}`, `hash:${userId}`]);
        expect(kept.map((s) => s.optedOut)).toEqual([true, true]);
        expect(await store.findContact({ userId })).toBeNull();
      });
    });

    describe('saveTurn', () => {
      it('applies the patch, the events and the message id, and increments the version', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const snapshot = {
          value: { consent: 'asked' },
          historyValue: { 'flow.consent.asking': [{ id: 'flow.consent.asking' }] },
          context: { language: 'es', asks: 1, tags: ['a', 'b'], nested: { deep: [1, 2, 3] } },
        };

        const saved = await store.saveTurn({
          contactId: contact.id,
          expectedVersion: 0,
          patch: {
            profileName: 'Ana',
            language: 'es',
            flowId: 'default',
            flowVersion: 3,
            snapshot,
            lastInboundAt: T0 - 5000,
            windowStartedAt: T0 - 5000,
            consent: OPTED_IN,
          },
          events: [granted(T0 - 5000)],
          messageId: 'wamid.first',
          now: T0 + 1000,
        });

        expect(saved).toMatchObject({
          id: contact.id,
          phone: contact.phone,
          profileName: 'Ana',
          language: 'es',
          flowId: 'default',
          flowVersion: 3,
          lastInboundAt: T0 - 5000,
          windowStartedAt: T0 - 5000,
          consent: OPTED_IN,
          recentMessageIds: ['wamid.first'],
          version: 1,
          createdAt: T0,
          updatedAt: T0 + 1000,
        });
        expect(saved.snapshot).toEqual(snapshot);
        expect(await store.getContact(contact.id)).toEqual(saved);
        const events = await store.listEvents(contact.id);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ ...granted(T0 - 5000), contactId: contact.id });
        expect(events[0]?.id).toEqual(expect.any(String));
        expect(await store.isProcessed('wamid.first')).toBe(true);
      });

      it('keeps fields the patch does not name, and stores no nulls for absent values', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await turn(contact.id, { patch: { profileName: 'Ana', language: 'en' } });

        const saved = await turn(contact.id, {
          patch: {
            language: 'pt',
            profileName: undefined,
            consent: { ...OPTED_OUT, declinedAt: undefined },
          },
        });

        expect(saved.profileName).toBe('Ana');
        expect(saved.language).toBe('pt');
        expect(saved.version).toBe(2);
        const stored = await store.getContact(contact.id);
        expect(JSON.stringify(stored)).not.toContain('null');
        expect(stored?.consent).toEqual(OPTED_OUT);
        expect(stored && 'snapshot' in stored).toBe(false);
      });

      it('ignores fields a turn may not set, such as the version or the id', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const patch = { language: 'en', version: 99, id: 'other', recentMessageIds: ['x'] };

        const saved = await turn(contact.id, { patch });

        expect(saved).toMatchObject({ id: contact.id, version: 1, recentMessageIds: [] });
        expect(saved.language).toBe('en');
      });

      it('refuses a stale version with ConflictError and writes nothing, not even events', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const current = await turn(contact.id, { patch: { language: 'en' } });

        const stale = store.saveTurn({
          contactId: contact.id,
          expectedVersion: 0,
          patch: { language: 'es', consent: OPTED_IN },
          events: [granted(T0)],
          messageId: 'wamid.stale',
          now: T0 + 1000,
        });

        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        await expect(stale).rejects.toMatchObject({
          reason: 'stale_version',
          context: { contactId: contact.id, expectedVersion: 0, actualVersion: 1 },
        });
        expect(await store.getContact(contact.id)).toEqual(current);
        expect(await store.listEvents(contact.id)).toEqual([]);
        expect(await store.isProcessed('wamid.stale')).toBe(false);
      });

      it('refuses a message id already applied (duplicate_message) and writes nothing', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const current = await turn(contact.id, { messageId: 'wamid.once', events: [granted(T0)] });

        const again = store.saveTurn({
          contactId: contact.id,
          expectedVersion: current.version,
          patch: { language: 'es' },
          events: [revoked(T0 + 1000)],
          messageId: 'wamid.once',
          now: T0 + 1000,
        });

        await expect(again).rejects.toBeInstanceOf(ConflictError);
        await expect(again).rejects.toMatchObject({
          reason: 'duplicate_message',
          context: { messageId: 'wamid.once' },
        });
        expect(await store.getContact(contact.id)).toEqual(current);
        expect((await store.listEvents(contact.id)).map((e) => e.type)).toEqual([
          'consent.granted',
        ]);
      });

      it('loses no update when 20 turns race on one contact with retry loops', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const writers = 20;

        await Promise.all(
          Array.from({ length: writers }, (_, i) => saveWithRetry(store, contact.id, i)),
        );

        const final = await store.getContact(contact.id);
        expect(final?.version).toBe(writers);
        expect([...(final?.recentMessageIds ?? [])].sort()).toEqual(
          Array.from({ length: writers }, (_, i) => `wamid.race.${i}`).sort(),
        );
        const events = await store.listEvents(contact.id);
        expect(events).toHaveLength(writers);
        expect(new Set(events.map((event) => event.id)).size).toBe(writers);
      });

      it('remembers the last 50 message ids, newest last', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        for (let i = 0; i < 55; i += 1) await turn(contact.id, { messageId: `wamid.${i}` });

        const stored = await store.getContact(contact.id);

        expect(stored?.recentMessageIds).toEqual(
          Array.from({ length: 50 }, (_, i) => `wamid.${i + 5}`),
        );
      });

      it('refuses giving a contact a phone another contact has', async () => {
        const phone = newPhone();
        await store.ensureContact({ phone }, T0);
        const other = await store.ensureContact({ userId: newUserId() }, T0);

        const refused = turn(other.id, { patch: { phone } });
        await expect(refused).rejects.toBeInstanceOf(ConflictError);
        await expect(refused).rejects.toMatchObject({
          reason: 'identifier_taken',
          context: { field: 'phone' },
        });
        expect((await store.getContact(other.id))?.phone).toBeUndefined();
      });

      it('refuses a turn for an unknown contact', async () => {
        const missing = store.saveTurn({
          contactId: 'no-such-contact',
          expectedVersion: 0,
          patch: {},
          events: [],
          now: T0,
        });

        await expect(missing).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('listEvents and isProcessed', () => {
      it('lists events oldest first by occurredAt, then in insertion order', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await turn(contact.id, { events: [granted(T0 + 10), declined(T0 + 5)] });
        await turn(contact.id, { events: [revoked(T0 + 5)] });

        const events = await store.listEvents(contact.id);

        expect(events.map((e) => [e.type, e.occurredAt])).toEqual([
          ['consent.declined', T0 + 5],
          ['consent.revoked', T0 + 5],
          ['consent.granted', T0 + 10],
        ]);
        expect(events.every((e) => e.contactId === contact.id)).toBe(true);
        expect(await store.listEvents('no-such-contact')).toEqual([]);
      });

      it('tells applied message ids from unknown ones', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        expect(await store.isProcessed('wamid.later')).toBe(false);

        await turn(contact.id, { messageId: 'wamid.later' });

        expect(await store.isProcessed('wamid.later')).toBe(true);
        expect(await store.isProcessed('wamid.other')).toBe(false);
      });
    });

    describe('outbound log', () => {
      it('records sends, updates them from status webhooks and ignores unknown ids', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const entry = await logSent(contact.id, 'out-1', T0, { waMessageId: 'wamid.out.1' });

        const delivered = await store.updateOutboundStatus('wamid.out.1', {
          status: 'delivered',
          at: T0 + 2000,
        });

        expect(delivered).toEqual({ ...entry, status: 'delivered', updatedAt: T0 + 2000 });
        expect(await store.listOutbound(contact.id)).toEqual([delivered]);
        expect(
          await store.updateOutboundStatus('wamid.unknown', { status: 'read', at: T0 }),
        ).toBeNull();
      });

      it('never moves a status backwards when webhooks arrive out of order', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await logSent(contact.id, 'out-1', T0, { waMessageId: 'wamid.out.1' });
        await store.updateOutboundStatus('wamid.out.1', { status: 'read', at: T0 + 3000 });

        const late = await store.updateOutboundStatus('wamid.out.1', {
          status: 'sent',
          at: T0 + 1000,
        });

        expect(late).toMatchObject({ status: 'read', updatedAt: T0 + 3000 });
        const failed = await store.updateOutboundStatus('wamid.out.1', {
          status: 'failed',
          at: T0 + 4000,
          errorCode: 131026,
          errorTitle: 'Message undeliverable',
        });
        expect(failed).toMatchObject({
          status: 'failed',
          errorCode: 131026,
          errorTitle: 'Message undeliverable',
          updatedAt: T0 + 4000,
        });
      });

      it('keeps an entry with the contact it was first filed under when it is completed again', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const other = await store.ensureContact({ phone: newPhone() }, T0);
        const entry = await logSent(contact.id, 'out-1', T0);

        await store.completeOutbound(
          {
            ...entry,
            contactId: other.id,
            status: 'failed',
            errorCode: 131026,
            updatedAt: T0 + 1000,
          },
          lease(T0 + 1000),
        );

        expect(await store.listOutbound(contact.id)).toEqual([
          { ...entry, status: 'failed', errorCode: 131026, updatedAt: T0 + 1000 },
        ]);
        expect(await store.listOutbound(other.id)).toEqual([]);
      });

      it('lists a contact’s messages oldest first, and only theirs, the queued ones last', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const other = await store.ensureContact({ phone: newPhone() }, T0);
        await logSent(contact.id, 'out-2', T0 + 2000);
        await logSent(other.id, 'out-x', T0 + 1000);
        await logSent(contact.id, 'out-1', T0 + 1000);
        await store.queueOutbound(contact.id, [queuedEntry(contact.id, 'out-0', T0)]);

        const listed = await store.listOutbound(contact.id);

        expect(listed.map((entry) => [entry.id, entry.status])).toEqual([
          ['out-1', 'sent'],
          ['out-2', 'sent'],
          ['out-0', 'queued'],
        ]);
      });
    });

    describe('the outbox', () => {
      const OTHER = 'sender-other';
      const theirs = (now: number): LeaseRequest => ({ owner: OTHER, until: now + LEASE_MS, now });

      it('queues a turn’s replies in the turn’s own write, with the lease when it is free', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const replies = [queuedEntry(contact.id, 'r-1', T0), queuedEntry(contact.id, 'r-2', T0)];

        const saved = await store.saveTurn({
          contactId: contact.id,
          expectedVersion: 0,
          patch: { language: 'en' },
          events: [],
          messageId: 'wamid.in',
          outbox: replies,
          lease: lease(T0),
          now: T0,
        });

        expect(saved.outbox).toEqual(replies);
        expect(saved.outboxLease).toEqual({ owner: SENDER, until: T0 + LEASE_MS });
        expect(await store.getContact(contact.id)).toEqual(saved);
        expect(await store.listOutbound(contact.id)).toEqual(replies);
      });

      it('records when the business wrote: its own entries (recheck), the latest, never the bot’s replies', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const own = (id: string, at: number) => ({
          ...queuedEntry(contact.id, id, at),
          recheck: true,
        });
        const reply = await store.queueOutbound(contact.id, [queuedEntry(contact.id, 'b-0', T0)]);
        expect(reply.businessWroteAt).toBeUndefined();

        await store.queueOutbound(contact.id, [own('b-1', T0 + 2 * HOUR), own('b-2', T0 + HOUR)]);
        expect((await store.getContact(contact.id))?.businessWroteAt).toBe(T0 + 2 * HOUR);
        // An older one arriving later does not move it back.
        await store.queueOutbound(contact.id, [own('b-3', T0 + HOUR)]);
        expect((await store.getContact(contact.id))?.businessWroteAt).toBe(T0 + 2 * HOUR);
      });

      it('queues nothing when the turn is refused', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await turn(contact.id, { messageId: 'wamid.first' });

        const stale = store.saveTurn({
          contactId: contact.id,
          expectedVersion: 0,
          patch: {},
          events: [],
          outbox: [queuedEntry(contact.id, 'r-lost', T0)],
          lease: lease(T0),
          now: T0,
        });

        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        const after = await store.getContact(contact.id);
        expect(after?.outbox).toBeUndefined();
        expect(after?.outboxLease).toBeUndefined();
        expect(await store.findDueOutboxes(T0 + 10 * LEASE_MS, 10)).not.toContain(contact.id);
      });

      it('leaves the lease with the sender that holds it, and queues after what it sends', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await store.queueOutbound(contact.id, [queuedEntry(contact.id, 'r-1', T0)], theirs(T0));

        const saved = await store.saveTurn({
          contactId: contact.id,
          expectedVersion: 0,
          patch: {},
          events: [],
          outbox: [queuedEntry(contact.id, 'r-2', T0 + 1000)],
          lease: lease(T0 + 1000),
          now: T0 + 1000,
        });

        expect(saved.version).toBe(1);
        expect(saved.outbox?.map((entry) => entry.id)).toEqual(['r-1', 'r-2']);
        expect(saved.outboxLease).toEqual({ owner: OTHER, until: T0 + LEASE_MS });
        expect(await store.claimOutbox(contact.id, lease(T0 + 2000))).toBeNull();
      });

      it('takes over a lease that expired, and lists the outbox as due once it has', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await store.queueOutbound(contact.id, [queuedEntry(contact.id, 'r-1', T0)], theirs(T0));
        expect(await store.findDueOutboxes(T0 + LEASE_MS - 1, 10)).not.toContain(contact.id);
        expect(await store.findDueOutboxes(T0 + LEASE_MS, 10)).toContain(contact.id);

        const claimed = await store.claimOutbox(contact.id, lease(T0 + LEASE_MS));

        expect(claimed?.outbox?.map((entry) => entry.id)).toEqual(['r-1']);
        expect(claimed?.outboxLease).toEqual({ owner: SENDER, until: T0 + 2 * LEASE_MS });
        expect(await store.findDueOutboxes(T0 + LEASE_MS, 10)).not.toContain(contact.id);
      });

      it('lists outboxes nobody sends, those waiting longest first, at most `limit`', async () => {
        const [a, b, c] = await Promise.all(
          [0, 1, 2].map(() => store.ensureContact({ phone: newPhone() }, T0)),
        );
        await store.queueOutbound(b!.id, [queuedEntry(b!.id, 'b-1', T0 + 1)]);
        await store.queueOutbound(a!.id, [queuedEntry(a!.id, 'a-1', T0 + 2)], theirs(T0));
        await store.queueOutbound(c!.id, [queuedEntry(c!.id, 'c-1', T0 + 3)], lease(T0 + 5000));

        expect(await store.findDueOutboxes(T0 + 1000, 10)).toEqual([b!.id]);
        const later = await store.findDueOutboxes(T0 + LEASE_MS, 10);
        expect(later).toContain(a!.id);
        expect(later).toContain(b!.id);
        expect(later).not.toContain(c!.id);
        expect(await store.findDueOutboxes(T0 + LEASE_MS, 1)).toHaveLength(1);
      });

      it('moves a completed entry to the log without what it took to send, extending the lease while more waits', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const [first, second] = [
          queuedEntry(contact.id, 'r-1', T0),
          queuedEntry(contact.id, 'r-2', T0),
        ];
        await store.queueOutbound(contact.id, [first, second], lease(T0));

        const progress = await store.completeOutbound(
          { ...first, status: 'sent', waMessageId: 'wamid.r1', attempts: 1, updatedAt: T0 + 10 },
          lease(T0 + 10),
        );

        expect(progress.held).toBe(true);
        expect(progress.contact?.outbox?.map((entry) => entry.id)).toEqual(['r-2']);
        expect(progress.contact?.outboxLease).toEqual({ owner: SENDER, until: T0 + 10 + LEASE_MS });
        expect(await store.listOutbound(contact.id)).toEqual([
          logged({
            ...first,
            status: 'sent',
            waMessageId: 'wamid.r1',
            attempts: 1,
            updatedAt: T0 + 10,
          }),
          second,
        ]);
      });

      it('releases the lease with the last entry, so the next message takes it at once', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const only = queuedEntry(contact.id, 'r-1', T0);
        await store.queueOutbound(contact.id, [only], lease(T0));

        const progress = await store.completeOutbound(
          {
            ...only,
            status: 'failed',
            errorCode: 131047,
            errorTitle: 'outside the window',
            updatedAt: T0,
          },
          lease(T0 + 10),
        );

        expect(progress.held).toBe(false);
        expect(progress.contact?.outbox).toBeUndefined();
        expect(progress.contact?.outboxLease).toBeUndefined();
        const again = await store.queueOutbound(
          contact.id,
          [queuedEntry(contact.id, 'r-2', T0)],
          theirs(T0 + 20),
        );
        expect(again.outboxLease?.owner).toBe(OTHER);
      });

      it('records a completion again once, whoever holds the lease now, and moves nothing twice', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const [first, second] = [
          queuedEntry(contact.id, 'r-1', T0),
          queuedEntry(contact.id, 'r-2', T0),
        ];
        await store.queueOutbound(contact.id, [first, second], lease(T0));
        const sent = { ...first, status: 'sent' as const, waMessageId: 'wamid.r1', updatedAt: T0 };
        await store.completeOutbound(sent, lease(T0));
        // The lease expired and another sender took the rest; the first completes again.
        await store.claimOutbox(contact.id, theirs(T0 + LEASE_MS));

        const again = await store.completeOutbound(sent, lease(T0 + LEASE_MS + 1));

        expect(again.held).toBe(false);
        expect(again.contact?.outbox?.map((entry) => entry.id)).toEqual(['r-2']);
        expect(again.contact?.outboxLease?.owner).toBe(OTHER);
        expect((await store.listOutbound(contact.id)).map((entry) => entry.id)).toEqual([
          'r-1',
          'r-2',
        ]);
      });

      it('renews its own lease, gives it up when asked, and never renews another’s', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await store.queueOutbound(contact.id, [queuedEntry(contact.id, 'r-1', T0)], lease(T0));

        expect(await store.renewOutboxLease(contact.id, theirs(T0 + 10))).toBe(false);
        expect(await store.renewOutboxLease(contact.id, lease(T0 + 10))).toBe(true);
        expect((await store.getContact(contact.id))?.outboxLease?.until).toBe(T0 + 10 + LEASE_MS);
        expect(await store.findDueOutboxes(T0 + 20, 10)).not.toContain(contact.id);

        expect(
          await store.renewOutboxLease(contact.id, { owner: SENDER, until: T0 + 20, now: T0 + 20 }),
        ).toBe(true);
        expect(await store.findDueOutboxes(T0 + 20, 10)).toContain(contact.id);
        expect(await store.claimOutbox(contact.id, theirs(T0 + 20))).not.toBeNull();
      });

      it('queues for the contact a merge kept, and refuses an unknown contact', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        const byUser = await store.ensureContact({ userId }, T0 + 1);
        await store.ensureContact({ phone, userId }, T0 + 2, MERGE);

        const queued = await store.queueOutbound(byUser.id, [queuedEntry(byUser.id, 'late', T0)]);

        expect(queued.id).toBe(byPhone.id);
        expect(queued.outbox?.map((entry) => [entry.id, entry.contactId])).toEqual([
          ['late', byPhone.id],
        ]);
        await expect(
          store.queueOutbound('no-such-contact', [queuedEntry('no-such-contact', 'x', T0)]),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('finds an entry, and updates its status, by WhatsApp message id among many entries', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        for (let i = 0; i < 30; i += 1) {
          await logSent(contact.id, `many-${i}`, T0 + i, { waMessageId: `wamid.many.${i}` });
        }
        expect(await store.findOutbound('wamid.many.12')).toMatchObject({
          id: 'many-12',
          contactId: contact.id,
          body: 'Hello Ana',
        });
        expect(await store.findOutbound('wamid.unknown')).toBeNull();

        const read = await store.updateOutboundStatus('wamid.many.17', {
          status: 'read',
          at: T0 + 99,
        });

        expect(read).toMatchObject({ id: 'many-17', status: 'read' });
      });

      it('counts the senders registered and not expired, itself included', async () => {
        const first = `sender-${newUserId()}`;
        const second = `sender-${newUserId()}`;
        expect(await store.touchSender(first, T0 + 10_000, T0)).toContain(first);
        const both = await store.touchSender(second, T0 + 20_000, T0 + 1);
        expect(both).toContain(first);
        expect(both).toContain(second);

        const later = await store.touchSender(second, T0 + 30_000, T0 + 15_000);
        expect(later).toContain(second);
        expect(later).not.toContain(first);
      });
    });

    describe('the consent projection’s place in the ledger', () => {
      it('keeps the place a turn gives, and forgets it when events come without one', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const placed = await turn(contact.id, {
          patch: { consent: OPTED_IN, consentThrough: T0 },
          events: [granted(T0)],
        });
        expect(placed.consentThrough).toBe(T0);
        expect((await turn(contact.id, { patch: { language: 'es' } })).consentThrough).toBe(T0);

        const unplaced = await turn(contact.id, { events: [revoked(T0 + 1000)] });

        expect(unplaced.consentThrough).toBeUndefined();
      });
    });

    describe('recordFlowVersion', () => {
      const v3 = { flowId: 'default', version: 3, textsHash: 'a'.repeat(64), since: T0 };

      it('records the texts a version first served with, and keeps them', async () => {
        expect(await store.recordFlowVersion(v3)).toEqual(v3);
        const other = { ...v3, textsHash: 'b'.repeat(64), since: T0 + 1000 };
        expect(await store.recordFlowVersion(other)).toEqual(v3);
        expect(await store.recordFlowVersion({ ...v3, since: T0 + 2000 })).toEqual(v3);
      });

      it('keeps each flow and version apart', async () => {
        const v4 = { ...v3, version: 4, textsHash: 'c'.repeat(64) };
        const otherFlow = { ...v3, flowId: 'promo', textsHash: 'd'.repeat(64) };
        await store.recordFlowVersion(v3);
        expect(await store.recordFlowVersion(v4)).toEqual(v4);
        expect(await store.recordFlowVersion(otherFlow)).toEqual(otherFlow);
      });

      it('keeps the category kinds a version went into service with, and lists the versions of a flow', async () => {
        const kinds = { orders: 'UTILITY', offers: 'MARKETING' } as const;
        const v4 = { ...v3, version: 4, textsHash: 'c'.repeat(64), categoryKinds: kinds };
        expect(await store.listFlowVersions('default')).toEqual([]);
        await store.recordFlowVersion(v4);
        await store.recordFlowVersion({ ...v3, categoryKinds: kinds });
        await store.recordFlowVersion({ ...v3, flowId: 'promo' });
        // A later start with other kinds changes nothing recorded: the caller compares them.
        const marketing = { orders: 'MARKETING', offers: 'MARKETING' } as const;
        expect(await store.recordFlowVersion({ ...v4, categoryKinds: marketing })).toEqual(v4);

        expect(await store.listFlowVersions('default')).toEqual([
          { ...v3, categoryKinds: kinds },
          v4,
        ]);
        expect(await store.listFlowVersions('promo')).toEqual([{ ...v3, flowId: 'promo' }]);
        expect(await store.listFlowVersions('other')).toEqual([]);
      });

      it('gives a record made before kinds were kept the kinds of its next start, once', async () => {
        await store.recordFlowVersion(v3);
        const kinds = { orders: 'UTILITY' } as const;
        const next = { ...v3, textsHash: 'b'.repeat(64), since: T0 + 1000, categoryKinds: kinds };
        // The texts and time stay those of the first record; the kinds are filled in.
        expect(await store.recordFlowVersion(next)).toEqual({ ...v3, categoryKinds: kinds });
        const later = { ...next, categoryKinds: { orders: 'MARKETING' } as const };
        expect(await store.recordFlowVersion(later)).toEqual({ ...v3, categoryKinds: kinds });
      });

      it('gives two instances recording at once the same first record', async () => {
        const records = await Promise.all(
          ['e', 'f', 'a', '0'].map((digit, index) =>
            store.recordFlowVersion({ ...v3, textsHash: digit.repeat(64), since: T0 + index }),
          ),
        );
        expect(new Set(records.map((r) => JSON.stringify(r))).size).toBe(1);
        expect(await store.recordFlowVersion(v3)).toEqual(records[0]);
      });
    });

    describe('exportContact', () => {
      it('contains the contact, its events, its sends and its processed message ids', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const saved = await turn(contact.id, {
          patch: { profileName: 'Ana', consent: OPTED_IN },
          events: [granted(T0)],
          messageId: 'wamid.export',
        });
        const sent = await logSent(contact.id, 'out-1', T0, { waMessageId: 'wamid.out.1' });

        const exported = await store.exportContact(contact.id);

        expect(exported?.contact).toEqual(saved);
        expect(exported?.events).toEqual(await store.listEvents(contact.id));
        expect(exported?.events).toHaveLength(1);
        expect(exported?.outbound).toEqual([sent]);
        expect(exported?.processedMessageIds).toEqual(['wamid.export']);
        expect(await store.exportContact('no-such-contact')).toBeNull();
      });
    });

    describe('evidence from another channel', () => {
      const crmEvidence = {
        questionText: 'Send me order updates on WhatsApp',
        url: 'https://shop.example/checkout?step=3',
        formId: 'checkout',
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        capturedAt: '2026-03-01T09:30:00+01:00',
        fields: { doubleOptInToken: 'a1b2c3', checkboxVersion: 4, marketingBoxTicked: true },
      };

      it('keeps every field verbatim, and erasure removes those that may identify the person', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await turn(contact.id, {
          patch: { consent: OPTED_IN },
          events: [{ ...granted(T0), source: 'crm', evidence: crmEvidence }],
        });
        expect((await store.listEvents(contact.id))[0]?.evidence).toEqual(crmEvidence);
        expect((await store.exportContact(contact.id))?.events[0]?.evidence).toEqual(crmEvidence);

        await store.eraseContact(contact.id, () => [], T0 + 1000);
        expect((await store.listEvents(contact.id))[0]?.evidence).toEqual({
          formId: 'checkout',
          capturedAt: '2026-03-01T09:30:00+01:00',
        });
      });
    });

    describe('eraseContact and findSuppressions', () => {
      /** Stand-in for the keyed hashes: readable, one per identifier, never colliding. */
      const hashesOf: HashIdentifiers = (ids) => [
        ...(ids.phone ? [`phone-hash:${ids.phone}`] : []),
        ...(ids.userId ? [`user-hash:${ids.userId}`] : []),
      ];

      it('erases personal data and keeps an opt-out under the hash of every identifier', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const contact = await store.ensureContact({ phone, userId }, T0);
        await turn(contact.id, {
          patch: { profileName: 'Ana', snapshot: { value: 'idle' }, consent: OPTED_IN },
          events: [granted(T0)],
          messageId: 'wamid.yes',
        });
        await turn(contact.id, {
          patch: { consent: OPTED_OUT },
          events: [revoked(T0 + 1000)],
          messageId: 'wamid.stop',
        });
        await logSent(contact.id, 'out-1', T0, { waMessageId: 'wamid.out.1' });
        await store.queueOutbound(contact.id, [queuedEntry(contact.id, 'out-2', T0)], lease(T0));

        const asked: ContactRef[] = [];
        await store.eraseContact(
          contact.id,
          (ids) => {
            asked.push(ids);
            return hashesOf(ids);
          },
          T0 + 9000,
        );

        const erased = await store.getContact(contact.id);
        expect(erased?.id).toBe(contact.id);
        expect(erased?.phone).toBeUndefined();
        expect(erased?.userId).toBeUndefined();
        expect(erased?.profileName).toBeUndefined();
        expect(erased?.snapshot).toBeUndefined();
        expect(erased?.recentMessageIds).toEqual([]);
        expect(await store.findContact({ phone })).toBeNull();
        expect(await store.findContact({ userId })).toBeNull();

        const events = await store.listEvents(contact.id);
        expect(events.map((e) => e.type)).toEqual([
          'consent.granted',
          'consent.revoked',
          'contact.erased',
        ]);
        expect(events[0]).toMatchObject({ categories: ['offers', 'orders'], occurredAt: T0 });
        const evidence = JSON.stringify(events.map((e) => e.evidence));
        expect(evidence).not.toContain('questionText');
        expect(evidence).not.toContain('replyText');
        expect(evidence).not.toContain('note');
        expect(evidence).not.toContain('Yes please');
        expect(events[2]).toMatchObject({ occurredAt: T0 + 9000, evidence: {} });

        const outbound = await store.listOutbound(contact.id);
        expect(outbound.map((entry) => [entry.id, entry.status, entry.body])).toEqual([
          ['out-1', 'sent', undefined],
          ['out-2', 'failed', undefined],
        ]);
        expect(outbound[0]?.template).toBe('offer_of_the_week');
        expect(outbound[1]?.errorTitle).toMatch(/the contact was erased before it could be sent/);
        expect(erased?.outbox).toBeUndefined();
        expect(erased?.outboxLease).toBeUndefined();
        await expect(
          store.queueOutbound(contact.id, [queuedEntry(contact.id, 'out-3', T0)]),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect((await store.exportContact(contact.id))?.processedMessageIds).toEqual([]);
        expect(JSON.stringify(await store.exportContact(contact.id))).not.toContain(phone);

        expect(asked).toEqual([{ phone, userId }]);
        const kept = { optedOut: true, marketingSuppressed: false, erasedAt: T0 + 9000 };
        expect(await store.findSuppressions([`phone-hash:${phone}`])).toEqual([
          { hash: `phone-hash:${phone}`, ...kept },
        ]);
        expect(await store.findSuppressions([`user-hash:${userId}`])).toEqual([
          { hash: `user-hash:${userId}`, ...kept },
        ]);
        expect(
          await store.findSuppressions([
            `user-hash:${userId}`,
            'never-erased',
            `phone-hash:${phone}`,
          ]),
        ).toEqual([
          { hash: `phone-hash:${phone}`, ...kept },
          { hash: `user-hash:${userId}`, ...kept },
        ]);
        const newcomer = await store.ensureContact({ phone }, T0 + 10_000);
        expect(newcomer.id).not.toBe(contact.id);
      });

      it('keeps no text of a send that finishes after the erasure', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const underWay = queuedEntry(contact.id, 'out-late', T0);
        await store.queueOutbound(contact.id, [underWay], lease(T0));

        await store.eraseContact(contact.id, hashesOf, T0 + 1000);
        // The Cloud API answers only now: the outcome comes with the text it was sent with.
        const progress = await store.completeOutbound(
          { ...underWay, status: 'sent', waMessageId: 'wamid.late.1', updatedAt: T0 + 2000 },
          lease(T0 + 2000),
        );

        expect(progress.held).toBe(false);
        const outbound = await store.listOutbound(contact.id);
        expect(outbound.map((e) => e.id)).toEqual(['out-late']);
        expect(outbound[0]?.body).toBeUndefined();
        expect(outbound[0]).toMatchObject({ status: 'sent', waMessageId: 'wamid.late.1' });
      });

      it('keeps a suppression that is not an opt-out when the contact had not opted out', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await turn(contact.id, { patch: { consent: { ...OPTED_IN, marketingSuppressed: true } } });

        await store.eraseContact(contact.id, () => ['hash-2'], T0 + 1000);

        expect(await store.findSuppressions(['hash-2'])).toMatchObject([
          { optedOut: false, marketingSuppressed: true },
        ]);
      });

      it('keeps the opt-out of a contact known only by a user id under that user id', async () => {
        const userId = newUserId();
        const contact = await store.ensureContact({ userId }, T0);
        await turn(contact.id, { patch: { consent: OPTED_OUT }, events: [revoked(T0)] });

        await store.eraseContact(contact.id, hashesOf, T0 + 1000);

        expect(await store.findSuppressions([`user-hash:${userId}`])).toMatchObject([
          { hash: `user-hash:${userId}`, optedOut: true },
        ]);
        expect(await store.findContact({ userId })).toBeNull();
      });

      it('replaces the suppression of an identifier erased again with the newer state', async () => {
        const phone = newPhone();
        const first = await store.ensureContact({ phone }, T0);
        await turn(first.id, { patch: { consent: OPTED_OUT }, events: [revoked(T0)] });
        await store.eraseContact(first.id, hashesOf, T0 + 1000);
        const second = await store.ensureContact({ phone }, T0 + 2000);
        await turn(second.id, { patch: { consent: OPTED_IN }, events: [granted(T0 + 2000)] });

        await store.eraseContact(second.id, hashesOf, T0 + 3000);

        expect(await store.findSuppressions([`phone-hash:${phone}`])).toEqual([
          {
            hash: `phone-hash:${phone}`,
            optedOut: false,
            marketingSuppressed: false,
            erasedAt: T0 + 3000,
          },
        ]);
      });

      it('records the erasure once when asked twice', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);

        await store.eraseContact(contact.id, hashesOf, T0 + 1000);
        await store.eraseContact(contact.id, hashesOf, T0 + 2000);

        const types = (await store.listEvents(contact.id)).map((e) => e.type);
        expect(types).toEqual(['contact.erased']);
        expect(await store.findSuppressions([`phone-hash:${contact.phone ?? ''}`])).toMatchObject([
          { optedOut: false, erasedAt: T0 + 1000 },
        ]);
      });

      it('refuses to erase an unknown contact', async () => {
        await expect(
          store.eraseContact('no-such-contact', () => ['hash-4'], T0),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.findSuppressions(['hash-4'])).toEqual([]);
      });

      it('finds no suppression for unknown hashes, or none asked for', async () => {
        expect(await store.findSuppressions(['never-erased', 'nor-this'])).toEqual([]);
        expect(await store.findSuppressions([])).toEqual([]);
      });
    });

    describe('copies', () => {
      it('hands out copies or frozen values: mutating returned values does not change the store', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const saved = await turn(contact.id, {
          patch: { consent: OPTED_IN, snapshot: { value: 'idle' } },
          events: [granted(T0)],
          messageId: 'wamid.copy',
        });
        await logSent(contact.id, 'out-1', T0);

        mutate(saved);
        mutate(await store.getContact(contact.id));
        mutate(await store.findContact({ phone: contact.phone }));
        mutate((await store.listEvents(contact.id))[0]);
        mutate((await store.listOutbound(contact.id))[0]);
        mutate(await store.exportContact(contact.id));

        const again = await store.getContact(contact.id);
        expect(again?.consent).toEqual(OPTED_IN);
        expect(again?.snapshot).toEqual({ value: 'idle' });
        expect(again?.recentMessageIds).toEqual(['wamid.copy']);
        expect((await store.listEvents(contact.id))[0]?.evidence).toEqual(granted(T0).evidence);
        expect((await store.listOutbound(contact.id))[0]?.body).toBe('Hello Ana');
      });

      it('keeps copies of what it is given: mutating inputs afterwards changes nothing', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const snapshot = { value: 'idle', context: { asks: 0 } };
        const event = granted(T0);
        const entry = { ...queuedEntry(contact.id, 'out-1', T0), body: 'Hello' };
        await turn(contact.id, { patch: { snapshot }, events: [event] });
        await store.queueOutbound(contact.id, [entry]);

        snapshot.context.asks = 99;
        (event.evidence as { replyText?: string }).replyText = 'changed';
        entry.body = 'changed';

        expect((await store.getContact(contact.id))?.snapshot).toEqual({
          value: 'idle',
          context: { asks: 0 },
        });
        expect((await store.listEvents(contact.id))[0]?.evidence.replyText).toBe('Yes please');
        expect((await store.listOutbound(contact.id))[0]?.body).toBe('Hello');
      });
    });

    describe('hand-overs and transcripts', () => {
      const record = (since: number, extra: Partial<HandoverRecord> = {}): HandoverRecord => ({
        since,
        startedBy: 'flow',
        state: 'agent',
        messages: [],
        ...extra,
      });
      const line = (at: number, text: string): TranscriptLine => ({ from: 'customer', at, text });

      it('keeps a hand-over with its messages, and removes it with handover: null', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const kept = record(T0, {
          lastCustomerAt: T0 + 1000,
          messages: [{ messageId: 'wamid.h1', at: T0 + 1000, type: 'text', text: 'Hello?' }],
        });
        const saved = await turn(contact.id, { patch: { handover: kept } });
        expect(saved.handover).toEqual(kept);
        expect((await store.getContact(contact.id))?.handover).toEqual(kept);

        const ended = await turn(contact.id, { patch: { handover: null } });
        expect(ended.handover).toBeUndefined();
        expect(await store.getContact(contact.id)).not.toHaveProperty('handover');
      });

      it('lists the contacts handed over, the longest waiting first, and not those given back', async () => {
        const later = await store.ensureContact({ phone: newPhone() }, T0);
        const earlier = await store.ensureContact({ userId: newUserId() }, T0);
        const givenBack = await store.ensureContact({ phone: newPhone() }, T0);
        await store.ensureContact({ phone: newPhone() }, T0);
        await turn(later.id, { patch: { handover: record(T0 + 2000) } });
        await turn(earlier.id, { patch: { handover: record(T0 + 1000, { startedBy: 'agent' }) } });
        await turn(givenBack.id, { patch: { handover: record(T0, { endedAt: T0 + 3000 }) } });

        const listed = await store.listHandovers();

        expect(listed.map((c) => c.id)).toEqual([earlier.id, later.id]);
        expect(listed[0]?.handover?.startedBy).toBe('agent');
      });

      it('adds the transcript lines of a turn with its write, keeping the latest 40', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        await turn(contact.id, { transcript: [line(T0, 'one'), line(T0, 'two')] });
        const many = Array.from({ length: TRANSCRIPT_LINES_KEPT }, (_, i) => line(T0 + i, `n${i}`));
        const saved = await turn(contact.id, { transcript: many, patch: { language: 'en' } });

        expect(saved.transcript).toHaveLength(TRANSCRIPT_LINES_KEPT);
        expect(saved.transcript?.[0]?.text).toBe('n0');
        expect(saved.transcript?.at(-1)?.text).toBe(`n${TRANSCRIPT_LINES_KEPT - 1}`);
        // A turn without lines leaves the transcript as it is.
        const next = await turn(contact.id, { patch: { language: 'es' } });
        expect(next.transcript).toEqual(saved.transcript);
        expect((await store.getContact(contact.id))?.transcript).toEqual(saved.transcript);
      });

      it('exports the hand-over and the transcript, and erasure removes both', async () => {
        const contact = await store.ensureContact({ phone: newPhone() }, T0);
        const kept = record(T0, {
          messages: [{ messageId: 'wamid.h2', at: T0, type: 'text', text: 'my address is…' }],
        });
        await turn(contact.id, {
          patch: { handover: kept },
          transcript: [line(T0, 'my address is…')],
        });

        const exported = await store.exportContact(contact.id);
        expect(exported?.contact.handover).toEqual(kept);
        expect(exported?.contact.transcript).toEqual([line(T0, 'my address is…')]);

        await store.eraseContact(contact.id, () => [], T0 + 1000);
        const erased = await store.getContact(contact.id);
        expect(erased).not.toHaveProperty('handover');
        expect(erased).not.toHaveProperty('transcript');
        expect(await store.listHandovers()).toEqual([]);
      });

      it('keeps the hand-over under way and both transcripts when two contacts merge', async () => {
        const phone = newPhone();
        const userId = newUserId();
        const byPhone = await store.ensureContact({ phone }, T0);
        const byUser = await store.ensureContact({ userId }, T0 + 1000);
        await turn(byPhone.id, { transcript: [line(T0, 'by phone')] });
        await turn(byUser.id, {
          patch: { handover: record(T0 + 2000) },
          transcript: [line(T0 + 2000, 'by user id')],
        });

        const merged = await store.ensureContact({ phone, userId }, T0 + 3000, MERGE);

        expect(merged.id).toBe(byPhone.id);
        expect(merged.handover).toEqual(record(T0 + 2000));
        expect(merged.transcript?.map((l) => l.text)).toEqual(['by phone', 'by user id']);
      });
    });

    describe('ping', () => {
      it('answers when the store is reachable', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  });
}

const T0 = Date.parse('2026-03-02T09:00:00Z');

/** The flow categories a merge projects the merged ledger with. */
const CATEGORIES: readonly FlowCategory[] = [
  { id: 'offers', label: { en: 'offers' }, whatsappCategory: 'MARKETING', templates: [] },
  { id: 'orders', label: { en: 'order updates' }, whatsappCategory: 'UTILITY', templates: [] },
];

const MERGE: MergeOptions = { categories: CATEGORIES, source: 'whatsapp' };

const OPTED_IN: ConsentState = {
  status: 'opted_in',
  categories: { offers: true, orders: true },
  marketingSuppressed: false,
  updatedAt: T0,
  source: 'whatsapp',
  grantedAt: T0,
};

const OPTED_OUT: ConsentState = {
  status: 'opted_out',
  categories: { offers: false, orders: false },
  marketingSuppressed: false,
  updatedAt: T0 + 1000,
  source: 'whatsapp',
  optedOutAt: T0 + 1000,
};

function newPhone(): string {
  return `+346${randomInt(10_000_000, 99_999_999)}`;
}

function newUserId(): string {
  return `US.${randomInt(1e9, 1e12)}${randomInt(1e6, 1e9)}`;
}

function granted(at: number): NewConsentEvent {
  return {
    type: 'consent.granted',
    categories: ['offers', 'orders'],
    occurredAt: at,
    recordedAt: at + 500,
    source: 'whatsapp',
    evidence: {
      questionText: 'May Acme send you offers and order updates on WhatsApp? Reply STOP to stop.',
      flowId: 'default',
      flowVersion: 3,
      replyText: 'Yes please',
      messageId: 'wamid.reply',
      language: 'en',
    },
  };
}

function revoked(at: number): NewConsentEvent {
  return {
    type: 'consent.revoked',
    occurredAt: at,
    recordedAt: at + 500,
    source: 'whatsapp',
    evidence: { replyText: 'STOP', keyword: 'stop', language: 'en', note: 'typed by customer' },
  };
}

function declined(at: number): NewConsentEvent {
  return {
    type: 'consent.declined',
    occurredAt: at,
    recordedAt: at + 500,
    source: 'whatsapp',
    evidence: { replyText: 'No thanks', flowId: 'default', flowVersion: 3 },
  };
}

/** The sender the contract's leases are taken by. */
const SENDER = 'sender-contract';
const LEASE_MS = 30_000;

function lease(now: number): LeaseRequest {
  return { owner: SENDER, until: now + LEASE_MS, now };
}

/** An entry as a turn or an API call queues it. */
function queuedEntry(contactId: string, id: string, at: number): OutboundEntry {
  return {
    id,
    contactId,
    kind: 'template',
    body: 'Hello Ana',
    template: 'offer_of_the_week',
    category: 'offers',
    status: 'queued',
    businessNumberId: '106540352242922',
    batchId: `batch-${id}`,
    message: {
      kind: 'template',
      name: 'offer_of_the_week',
      language: 'en',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
      category: 'offers',
    },
    createdAt: at,
    updatedAt: at,
  };
}

/** What the outbound log keeps of an entry: all but what was needed to send it. */
function logged(entry: OutboundEntry): OutboundEntry {
  return omit(entry, ['message', 'recheck']);
}

/** A turn service's loop: read, write with the version read, and on a conflict start over. */
async function saveWithRetry(store: Store, contactId: string, i: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const current = await store.getContact(contactId);
    if (!current) throw new Error(`test setup: no contact ${contactId}`);
    try {
      await store.saveTurn({
        contactId,
        expectedVersion: current.version,
        patch: { profileName: `writer ${i}` },
        events: [granted(T0 + i)],
        messageId: `wamid.race.${i}`,
        now: T0 + i,
      });
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || error.reason === 'duplicate_message') throw error;
    }
  }
  throw new Error(`writer ${i} never got its turn in`);
}

/**
 * Scribbles over everything reachable in a returned value. A store may hand out copies (the
 * MongoDB store) or frozen values (the memory store): a frozen part refuses each write with a
 * `TypeError`, and the scribbling goes on with the next.
 */
function mutate(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) mutate(item);
    refusedIfFrozen(value, () => value.push('scribble'));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, inner] of Object.entries(record)) {
    if (inner !== null && typeof inner === 'object') mutate(inner);
    else refusedIfFrozen(record, () => (record[key] = 'scribbled'));
  }
  refusedIfFrozen(record, () => (record.added = 'scribble'));
}

/** Runs a write on `target`; a frozen target must refuse it loudly, any other must take it. */
function refusedIfFrozen(target: object, write: () => unknown): void {
  if (Object.isFrozen(target)) expect(write).toThrow(TypeError);
  else write();
}
