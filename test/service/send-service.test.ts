import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, HOUR } from '../../src/core/clock.js';
import type { ManualClock } from '../../src/core/clock.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import { SendRefusedError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics/index.js';
import { createFlowCatalog } from '../../src/service/flow-catalog.js';
import type { OutboundPort } from '../../src/service/outbound-port.js';
import { queuedEntries } from '../../src/service/outbox-entries.js';
import { createSendRecheck, createSendService } from '../../src/service/send-service.js';
import type { SendContent } from '../../src/service/send-service.js';
import { createTurnService } from '../../src/service/turn-service.js';
import type { TurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { loadTestFlows } from '../support/test-server.js';

const KEY = 'test-phone-hash-key';
const PHONE = '+14155550101';
const TEMPLATE: SendContent = { kind: 'template', name: 'weekly_offers', language: 'en' };
const TEXT: SendContent = { kind: 'text', text: 'Your parcel left our warehouse.' };

/**
 * The send gate decides at the gate and again at the moment of sending: the outbound port
 * below asks the recheck policy the way the outbox sender does, after `meanwhile` ran (what
 * happened while the message waited for pacing and the customer's earlier messages).
 */
describe('send gate, asked again at the moment of sending', () => {
  let clock: ManualClock;
  let turns: TurnService;
  let meanwhile: () => Promise<unknown>;
  let delivered: string[];
  let send: (content: SendContent) => Promise<unknown>;
  let seq = 0;

  const says = (content: InboundContent) =>
    turns.handleMessage({
      messageId: `wamid.gate${++seq}`,
      contact: { phone: PHONE },
      timestamp: clock.now(),
      content,
    });
  const optedIn = async () => {
    await says({ kind: 'text', text: 'Hello' });
    await says({ kind: 'choice', id: 'consent.yes', title: 'Yes, all of them' });
  };

  beforeEach(async () => {
    const store = createMemoryStore();
    const flows = createFlowCatalog(await loadTestFlows(), 'default');
    clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
    turns = createTurnService({ store, flows, clock, logger: createSilentLogger() });
    meanwhile = () => Promise.resolve();
    delivered = [];
    // The sender asks the same policy right before the message goes (`createSendRecheck`).
    const recheck = createSendRecheck({ store, flows, clock, identifierHashKey: KEY });
    const outbound: OutboundPort = {
      async send(contact, messages, options) {
        await meanwhile();
        const entries = queuedEntries(messages, { contactId: contact.id, now: clock.now() });
        for (const entry of options?.recheck ? entries : []) {
          const refusal = await recheck(entry, (await store.getContact(contact.id)) ?? contact);
          if (refusal) throw refusal;
        }
        delivered.push(...messages.map((m) => m.kind));
        return entries.map((entry, i) => ({ id: entry.id, waMessageId: `wamid.OUT${i}` }));
      },
    };
    const sends = createSendService({
      store,
      flows,
      outbound,
      clock,
      metrics: createMetrics(),
      identifierHashKey: KEY,
    });
    send = (content) => sends.send({ to: { phone: PHONE }, content }).catch((e: unknown) => e);
  });

  it('sends when nothing changed while the message waited', async () => {
    await optedIn();
    expect(await send(TEMPLATE)).toMatchObject({ waMessageId: 'wamid.OUT0' });
    expect(delivered).toEqual(['template']);
  });

  it('refuses a template with opted_out and the fallback when STOP came while it waited', async () => {
    await optedIn();
    meanwhile = () => says({ kind: 'text', text: 'STOP' });

    const refusal = await send(TEMPLATE);

    expect(refusal).toBeInstanceOf(SendRefusedError);
    expect(refusal).toMatchObject({ code: 'opted_out', fallback: ['sms', 'email'] });
    expect(delivered).toEqual([]);
  });

  it('refuses free text with outside_window when the window closed while it waited', async () => {
    await says({ kind: 'text', text: 'Hello' });
    meanwhile = () => {
      clock.advance(25 * HOUR);
      return Promise.resolve();
    };

    const refusal = await send(TEXT);

    expect(refusal).toBeInstanceOf(SendRefusedError);
    expect(refusal).toMatchObject({ code: 'outside_window', fallback: ['sms', 'email'] });
    expect(delivered).toEqual([]);
  });

  it('gives the same refusal at the gate as at the moment of sending', async () => {
    await optedIn();
    meanwhile = () => says({ kind: 'text', text: 'STOP' });
    const late = await send(TEMPLATE);
    meanwhile = () => Promise.resolve();
    const atTheGate = await send(TEMPLATE);

    expect(atTheGate).toBeInstanceOf(SendRefusedError);
    expect(late).toEqual(atTheGate);
    expect((late as SendRefusedError).message).toBe((atTheGate as SendRefusedError).message);
  });
});
