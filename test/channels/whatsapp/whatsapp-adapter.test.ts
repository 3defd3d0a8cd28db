import { silentNotifier } from '../../../src/service/handover-notifier.js';
import { describe, expect, it } from 'vitest';
import { replyToActivity, WHATSAPP_CHANNEL_ID } from '../../../src/bot/index.js';
import { WhatsAppAdapter } from '../../../src/channels/whatsapp/whatsapp-adapter.js';
import { StoreUnavailableError } from '../../../src/errors.js';
import type { OutboundMessage, OutboundPort } from '../../../src/service/outbound-port.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';

const PHONE = '+14155550101';
const INBOUND = {
  messageId: 'wamid.IN1',
  contact: { phone: PHONE },
  timestamp: Date.parse('2026-01-01T10:00:00Z'),
  content: { kind: 'text', text: 'STOP' },
} as const;

/** An outbound port that records what it is asked to queue, or fails like a store outage. */
function recordingPort(fail = false) {
  const queued: OutboundMessage[][] = [];
  const port: OutboundPort = {
    send(_contact, messages) {
      if (fail) return Promise.reject(new StoreUnavailableError('simulated outage'));
      queued.push([...messages]);
      return Promise.resolve(messages.map((_, i) => ({ id: `entry-${queued.length}-${i}` })));
    },
  };
  return { port, queued };
}

async function adapterWith(port: OutboundPort) {
  const store = createMemoryStore();
  await store.ensureContact({ phone: PHONE }, INBOUND.timestamp);
  return new WhatsAppAdapter({ outbound: port, store, notifier: silentNotifier });
}

describe('WhatsAppAdapter', () => {
  it('acknowledges a turn’s replies, saved in the outbox with the turn, without queueing them again', async () => {
    const { port, queued } = recordingPort();
    const adapter = await adapterWith(port);
    let ids: string[] = [];

    await adapter.processInbound(INBOUND, async (context) => {
      const sent = await context.sendActivities([
        replyToActivity({ type: 'text', text: 'Done' }, WHATSAPP_CHANNEL_ID, 'entry-of-the-turn'),
      ]);
      ids = sent.map((r) => r.id);
    });

    expect(queued).toEqual([]);
    expect(ids).toEqual(['entry-of-the-turn']);
  });

  it('queues any other activity through the outbound port before it resolves', async () => {
    const { port, queued } = recordingPort();
    const adapter = await adapterWith(port);
    let ids: string[] = [];

    await adapter.processInbound(INBOUND, async (context) => {
      const sent = await context.sendActivities([
        replyToActivity({ type: 'text', text: 'One more thing' }, WHATSAPP_CHANNEL_ID),
        { type: 'typing' },
      ]);
      ids = sent.map((r) => r.id);
    });

    expect(queued).toEqual([[{ kind: 'reply', reply: { type: 'text', text: 'One more thing' } }]]);
    expect(ids).toEqual(['entry-1-0', '']);
  });

  it('fails the send when its messages cannot be saved, so the caller knows', async () => {
    const { port } = recordingPort(true);
    const adapter = await adapterWith(port);

    const turn = adapter.processInbound(INBOUND, async (context) => {
      await context.sendActivity(
        replyToActivity({ type: 'text', text: 'One more thing' }, WHATSAPP_CHANNEL_ID),
      );
    });

    await expect(turn).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
