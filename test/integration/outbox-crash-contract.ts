import { describe, expect, it } from 'vitest';
import type { CloudApiClient } from '../../src/channels/whatsapp/index.js';
import { createOutboxSender, type OutboxSender } from '../../src/channels/whatsapp/index.js';
import type { InboundMessage } from '../../src/core/conversation/inbound.js';
import { ChannelError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics/index.js';
import { createConsentService } from '../../src/service/consent-service.js';
import { createFlowCatalog } from '../../src/service/flow-catalog.js';
import { createTurnService, type TurnService } from '../../src/service/turn-service.js';
import type { Store } from '../../src/store/port.js';
import { createFakeScheduler, trackCalls, type FakeScheduler } from '../support/fake-scheduler.js';
import { loadTestFlows } from '../support/test-server.js';

/** Opens stores over one scenario's data, as one database serves a process and its successor. */
export interface CrashHarness {
  /** Fresh, empty data for the next scenario. */
  reset(): Promise<void>;
  /** A store over the scenario's data; `beforeWrite` is asked before each of its writes. */
  open(
    beforeWrite?: (operation: string) => void,
  ): Promise<{ store: Store; close(): Promise<void> }>;
}

/** The process stopped here: nothing it does afterwards reaches the store or WhatsApp. */
class SimulatedCrash extends Error {}

const PHONE = '+14155550101';
const NUMBER = '106540352242922';
const LEASE_MS = 30_000;
const T0 = Date.parse('2026-01-01T10:00:00Z');

/** The customer's messages: a first message (menu and question), then the yes (an event and a confirmation). */
const MESSAGES: readonly InboundMessage[] = [
  {
    messageId: 'wamid.crash.1',
    contact: { phone: PHONE },
    timestamp: T0,
    businessNumberId: NUMBER,
    content: { kind: 'text', text: 'Hello' },
  },
  {
    messageId: 'wamid.crash.2',
    contact: { phone: PHONE },
    timestamp: T0 + 60_000,
    businessNumberId: NUMBER,
    content: { kind: 'choice', id: 'consent.yes', title: 'Yes, all of them' },
  },
];

interface Instance {
  readonly turns: TurnService;
  readonly sender: OutboxSender;
}

/**
 * Stops a process between every two writes of a conversation's turns and sends (the first
 * write, then the second, and so on until a run needs no stop), then lets a fresh store and
 * sender over the same data recover, WhatsApp redelivering what was not acknowledged. Each
 * time: every reply reaches WhatsApp, in order; one is sent twice only if its Cloud API call
 * was made before the stop and its outcome not recorded; the ledger and the outbound log hold
 * everything once; the outbox is left empty, without a lease.
 */
export function describeOutboxCrashContract(name: string, harness: CrashHarness): void {
  describe(`${name} store: a crash between any two writes of a turn and of a send`, () => {
    it('loses no reply and sends one twice only when its call was in flight', async () => {
      const flows = createFlowCatalog(await loadTestFlows(), 'default');
      let crashPoints = 0;
      for (let allowed = 0; ; allowed += 1) {
        await harness.reset();
        const outcome = await runScenario(harness, flows, allowed);
        if (!outcome.crashed) break;
        crashPoints += 1;
        expect(crashPoints).toBeLessThan(200);
      }
      // Every write of the run was a crash point once: the sender's registration, the contact,
      // two turns, three outcomes, at the least.
      expect(crashPoints).toBeGreaterThanOrEqual(7);
    });
  });
}

async function runScenario(
  harness: CrashHarness,
  flows: ReturnType<typeof createFlowCatalog>,
  allowedWrites: number,
): Promise<{ crashed: boolean }> {
  const scheduler = createFakeScheduler(T0);
  /** Every Cloud API call, by outbox entry id, with whether it came from the first process. */
  const calls: { entry: string; text: string; first: boolean }[] = [];
  /** Entries whose outcome the first process recorded before it stopped. */
  const recorded = new Set<string>();
  let writes = 0;
  let crashed = false;
  const first = await harness.open((operation) => {
    if (crashed || (writes += 1) > allowedWrites) {
      crashed = true;
      throw new SimulatedCrash(`stopped before ${operation}`);
    }
  });
  const recording: Store = {
    ...first.store,
    completeOutbound: async (entry, lease) => {
      const progress = await first.store.completeOutbound(entry, lease);
      recorded.add(entry.id);
      return progress;
    },
  };
  const a = instance(recording, flows, scheduler, 'first', calls, () => crashed);

  const acknowledged: string[] = [];
  try {
    await a.sender.start();
    for (const message of MESSAGES) {
      if (crashed) break;
      await a.turns.handleMessage(message, { queueReplies: true });
      // WhatsApp got its 200 only if the process was still there to answer.
      if (!crashed) acknowledged.push(message.messageId);
      await scheduler.runFor(1_000);
    }
    await scheduler.runFor(5_000);
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) throw error;
  }
  crashed = true;
  const stopping = a.sender.stop(0);
  await scheduler.runFor(60_000);
  await stopping;
  const inFlightAtStop = new Set(
    calls.filter((call) => call.first && !recorded.has(call.entry)).map((call) => call.entry),
  );
  const stoppedEarly = writes > allowedWrites;

  // The next process: WhatsApp redelivers every message it got no 200 for, and the sender takes
  // over the outboxes once the stopped sender's leases have run out.
  scheduler.clock.advance(LEASE_MS + 1);
  const second = await harness.open();
  const b = instance(second.store, flows, scheduler, 'second', calls, () => false);
  await b.sender.start();
  for (const message of MESSAGES) {
    if (!acknowledged.includes(message.messageId)) {
      await b.turns.handleMessage(message, { queueReplies: true });
    }
    await scheduler.runFor(1_000);
  }
  await scheduler.runFor(10 * LEASE_MS);
  await b.sender.stop(0);
  await scheduler.runUntilIdle();

  const contact = await second.store.findContact({ phone: PHONE });
  const log = await second.store.listOutbound(contact!.id);
  const where = `stopped after ${allowedWrites} writes`;
  // Each reply once in the log, sent, and each turn's replies in the order of the flow.
  expect(
    log.map((e) => e.status),
    where,
  ).toEqual(['sent', 'sent', 'sent']);
  expect(
    log.map((e) => e.body?.slice(0, 20)),
    where,
  ).toEqual(['How can we help you ', 'Hi! Would you like t', 'Thank you! You will ']);
  expect(contact?.outbox, where).toBeUndefined();
  expect(contact?.outboxLease, where).toBeUndefined();
  expect(contact?.consent.status, where).toBe('opted_in');
  const events = await second.store.listEvents(contact!.id);
  expect(
    events.map((e) => e.type),
    where,
    // The question shown (a fact for the consent report), then the yes: each once.
  ).toEqual(['consent.asked', 'consent.granted']);
  // Every entry reached WhatsApp; twice only when its call was in flight at the stop.
  for (const entry of log) {
    const sent = calls.filter((call) => call.entry === entry.id);
    expect(sent.length, `${where}: ${entry.body ?? ''}`).toBeGreaterThanOrEqual(1);
    expect(sent.length, where).toBeLessThanOrEqual(inFlightAtStop.has(entry.id) ? 2 : 1);
  }
  // In the order they were saved, each sent once more at most right after its first time.
  const firstTimes = calls.filter(
    (call, i) => calls.findIndex((c) => c.entry === call.entry) === i,
  );
  expect(
    firstTimes.map((call) => call.entry),
    where,
  ).toEqual(log.map((e) => e.id));
  await first.close();
  await second.close();
  return { crashed: stoppedEarly };
}

function instance(
  storeUsed: Store,
  flows: ReturnType<typeof createFlowCatalog>,
  scheduler: FakeScheduler,
  owner: string,
  calls: { entry: string; text: string; first: boolean }[],
  dead: () => boolean,
): Instance {
  // Fake time stands still while the store (a real MongoDB, in one run) answers.
  const store = trackCalls(scheduler, storeUsed);
  const logger = createSilentLogger();
  const client: CloudApiClient = {
    send(_number, message) {
      if (dead()) {
        return Promise.reject(new ChannelError('the process is gone', undefined, undefined, true));
      }
      const text =
        message.type === 'text'
          ? message.text.body
          : message.type === 'interactive'
            ? message.interactive.body.text
            : message.template.name;
      calls.push({ entry: message.biz_opaque_callback_data ?? '', text, first: owner === 'first' });
      return Promise.resolve({ waMessageId: `wamid.out.${calls.length}` });
    },
  };
  const consent = createConsentService({ store, flows, clock: scheduler.clock });
  const sender = createOutboxSender({
    store,
    client,
    consent,
    clock: scheduler.clock,
    scheduler,
    logger,
    metrics: createMetrics(),
    owner,
    leaseMs: LEASE_MS,
    retry: { minDelayMs: 100, maxDelayMs: 1_000 },
  });
  const turns = createTurnService({
    store,
    flows,
    clock: scheduler.clock,
    logger,
    identifierHashKey: 'crash-test-key',
    outbox: sender,
  });
  return { turns, sender };
}
