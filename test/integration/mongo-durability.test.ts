import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewConsentEvent } from '../../src/core/consent/events.js';
import { StoreUnavailableError } from '../../src/errors.js';
import type { OutboundEntry, Store } from '../../src/store/port.js';
import { CREATION_ORDER } from '../../src/store/mongo/indexes.js';
import { proxyTarget, startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { describeWithMongo, openMongoStore } from '../support/mongo-server.js';

const STOP: NewConsentEvent = {
  type: 'consent.revoked',
  occurredAt: 2000,
  recordedAt: 2000,
  source: 'whatsapp',
  evidence: { replyText: 'STOP' },
};

const WRITE_COMMANDS = ['insert', 'update', 'delete', 'findAndModify'] as const;

/** The collection a write command writes to, or undefined for any other command. */
function writtenCollection(event: CommandStartedEvent): string | undefined {
  for (const name of WRITE_COMMANDS) {
    if (event.commandName === name) return String(event.command[name]);
  }
  return undefined;
}

function outboundEntry(contactId: string, id: string, at: number): OutboundEntry {
  return {
    id,
    contactId,
    kind: 'text',
    body: 'Hello',
    status: 'queued',
    message: { kind: 'reply', reply: { type: 'text', text: 'Hello' } },
    createdAt: at,
    updatedAt: at,
  };
}

/** A sender's lease at `now`. */
const lease = (now: number) => ({ owner: 'durable-test', until: now + 30_000, now });

/** An entry queued in the contact's outbox, then recorded as sent: an outbound log entry. */
async function logSent(store: Store, entry: OutboundEntry, waMessageId?: string): Promise<void> {
  await store.queueOutbound(entry.contactId, [entry], lease(entry.createdAt));
  await store.completeOutbound(
    { ...entry, status: 'sent', ...(waMessageId ? { waMessageId } : {}) },
    lease(entry.createdAt),
  );
}

/** Every stage and index name in an explain's winning plan, whatever the query engine. */
function planOf(explain: Document): { stages: string[]; indexes: string[] } {
  const stages: string[] = [];
  const indexes: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'stage' && typeof value === 'string') stages.push(value);
        else if (key === 'indexName' && typeof value === 'string') indexes.push(value);
        else walk(value);
      }
    }
  };
  walk((explain['queryPlanner'] as Document)['winningPlan']);
  return { stages, indexes };
}

describeWithMongo('MongoDB durability', (uri) => {
  it('writes contacts, consent events, processed ids, the outbound log, suppressions and flow versions only once journaled', async () => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, monitorCommands: true });
    const writes: CommandStartedEvent[] = [];
    client.on('commandStarted', (event) => {
      if (writtenCollection(event)) writes.push(event);
    });
    const { store, durable, dbName, dispose } = await openMongoStore(uri, 'optin_durable', client);
    try {
      const contact = await store.ensureContact({ phone: '+14155550101' }, 1000);
      await store.saveTurn({
        contactId: contact.id,
        expectedVersion: 0,
        patch: { language: 'en' },
        events: [STOP],
        messageId: 'wamid.durable',
        now: 2000,
      });
      await store.listEvents(contact.id);
      await logSent(store, outboundEntry(contact.id, 'out-1', 2000), 'wamid.out-1');
      await store.queueOutbound(contact.id, [outboundEntry(contact.id, 'out-2', 2000)]);
      await store.claimOutbox(contact.id, lease(2000));
      await store.renewOutboxLease(contact.id, lease(2500));
      await store.touchSender('durable-test', 40_000, 2000);
      await store.updateOutboundStatus('wamid.out-1', { status: 'delivered', at: 3000 });
      await store.eraseContact(contact.id, () => ['hash-of-the-phone'], 4000);
      await store.recordFlowVersion({
        flowId: 'default',
        version: 1,
        textsHash: 'a'.repeat(64),
        since: 5000,
      });

      const ours = writes.filter((event) => event.databaseName === dbName);
      const expected =
        durable.topology === 'standalone' ? { w: 1, j: true } : { w: 'majority', j: true };
      expect([...new Set(ours.map(writtenCollection))]).toEqual(
        expect.arrayContaining([
          'contacts',
          'consent_events',
          'processed_messages',
          'outbound',
          'suppressions',
          'outbox_senders',
          'flow_versions',
        ]),
      );
      for (const event of ours) {
        expect({
          command: event.commandName,
          writeConcern: event.command['writeConcern'] as unknown,
        }).toEqual({
          command: event.commandName,
          writeConcern: expected,
        });
      }
    } finally {
      await dispose();
    }
  });

  it('reads the outbound log and the processed ids of a contact in order from an index, sorting nothing in memory', async () => {
    const { store, client, dbName, dispose } = await openMongoStore(uri, 'optin_sorted');
    try {
      const contact = await store.ensureContact({ phone: '+14155550102' }, 1000);
      for (let i = 0; i < 5; i += 1) {
        await logSent(store, outboundEntry(contact.id, `out-${i}`, 1000 + i));
      }
      await store.saveTurn({
        contactId: contact.id,
        expectedVersion: 0,
        patch: {},
        events: [],
        messageId: 'wamid.sorted',
        now: 2000,
      });
      const db = client.db(dbName);
      for (const collection of ['outbound', 'processed_messages']) {
        const explain = await db
          .collection(collection)
          .find({ contactId: contact.id })
          .sort(CREATION_ORDER)
          .explain('queryPlanner');
        const plan = planOf(explain);
        expect(plan.stages).not.toContain('SORT');
        expect(plan.indexes).toContain('contact_creation_order');
      }
    } finally {
      await dispose();
    }
  });

  describe('through a connection that fails', () => {
    const target = proxyTarget(uri);
    const unproxied = 'reason' in target ? target.reason : undefined;
    let proxy: FaultProxy | undefined;
    afterEach(async () => {
      proxy?.release();
      await proxy?.close();
      proxy = undefined;
    });

    /** A store whose client reaches the server through a fault proxy. */
    async function openThroughProxy(prefix: string, clientOptions: Record<string, number> = {}) {
      if ('reason' in target) throw new Error(target.reason);
      proxy = await startFaultProxy(target);
      const client = new MongoClient(proxy.uri, {
        serverSelectionTimeoutMS: 5_000,
        ...clientOptions,
      });
      return { proxy, ...(await openMongoStore(uri, prefix, client)) };
    }

    it.skipIf(unproxied !== undefined)(
      `treats a turn the server committed, whose answer was lost, as saved${unproxied ? ` (skipped: ${unproxied})` : ''}`,
      async () => {
        const { proxy: faults, store, dispose } = await openThroughProxy('optin_lost_reply');
        try {
          const contact = await store.ensureContact({ phone: '+14155550103' }, 1000);

          faults.cutReplyTo('findAndModify');
          const saved = await store.saveTurn({
            contactId: contact.id,
            expectedVersion: 0,
            patch: { language: 'en' },
            events: [STOP],
            messageId: 'wamid.stop',
            now: 2000,
          });

          expect(faults.cuts).toBe(1);
          expect(saved).toMatchObject({ id: contact.id, version: 1, language: 'en' });
          expect(saved.recentMessageIds).toEqual(['wamid.stop']);
          expect((await store.listEvents(contact.id)).map((event) => event.type)).toEqual([
            'consent.revoked',
          ]);
          expect(await store.isProcessed('wamid.stop')).toBe(true);
        } finally {
          await dispose();
        }
      },
    );

    it.skipIf(unproxied !== undefined)(
      `answers 503 for a turn whose request never reached the server, and changes nothing${unproxied ? ` (skipped: ${unproxied})` : ''}`,
      async () => {
        const {
          proxy: faults,
          store,
          durable,
          dispose,
        } = await openThroughProxy('optin_lost_request');
        try {
          const contact = await store.ensureContact({ phone: '+14155550104' }, 1000);

          faults.cutRequest('findAndModify');
          const turn = store.saveTurn({
            contactId: contact.id,
            expectedVersion: 0,
            patch: { language: 'en' },
            events: [STOP],
            messageId: 'wamid.never-sent',
            now: 2000,
          });

          if (durable.topology === 'standalone') {
            // No retryable writes: the store must not claim a turn the server never saw.
            await expect(turn).rejects.toBeInstanceOf(StoreUnavailableError);
            expect(await store.getContact(contact.id)).toMatchObject({ version: 0 });
            expect(await store.listEvents(contact.id)).toEqual([]);
          } else {
            // A replica set: the driver's retryable write sends it again, once.
            expect(await turn).toMatchObject({ version: 1 });
          }
          expect(faults.cuts).toBe(1);
        } finally {
          await dispose();
        }
      },
    );

    it.skipIf(unproxied !== undefined)(
      `answers 503 when no pooled connection frees up in time${unproxied ? ` (skipped: ${unproxied})` : ''}`,
      async () => {
        const {
          proxy: faults,
          store,
          dispose,
        } = await openThroughProxy('optin_wait_queue', {
          maxPoolSize: 1,
          waitQueueTimeoutMS: 200,
        });
        try {
          faults.holdReplies();
          const never = new Promise<never>(() => undefined);
          const first = store.getContact('nobody');
          const second = store.ping();
          // One holds the only connection until the answers are released; the other waits for
          // it in the driver's queue and gives up.
          const timedOut = await Promise.race([
            first.then(
              () => never,
              (error: unknown) => error,
            ),
            second.then(
              () => never,
              (error: unknown) => error,
            ),
          ]);
          faults.release();
          await Promise.allSettled([first, second]);

          expect(timedOut).toBeInstanceOf(StoreUnavailableError);
          expect(((timedOut as Error).cause as Error).name).toBe('MongoWaitQueueTimeoutError');
        } finally {
          await dispose();
        }
      },
    );
  });
});
