import { silentNotifier } from '../../../../src/service/handover-notifier.js';
import { Writable } from 'node:stream';
import { setImmediate as flushed } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  replyToActivity,
  WHATSAPP_CHANNEL_ID,
  WhatsAppAdapter,
} from '../../../../src/channels/whatsapp/bot/index.js';
import { StoreUnavailableError } from '../../../../src/errors.js';
import { createLogger } from '../../../../src/logger.js';
import type { OutboundPort } from '../../../../src/service/outbound-port.js';
import { createMemoryStore } from '../../../../src/store/memory/index.js';

const PHONE = '+14155550101';

describe('WhatsAppAdapter', () => {
  it('logs a turn’s replies that could not be delivered at error level, with the contact masked', async () => {
    const store = createMemoryStore();
    await store.ensureContact({ phone: PHONE }, Date.parse('2026-01-01T10:00:00Z'));
    const logs: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const failure = new StoreUnavailableError('simulated outage while sending');
    const outbound: OutboundPort = { send: () => Promise.reject(failure) };
    const adapter = new WhatsAppAdapter({
      outbound,
      store,
      logger: createLogger({ level: 'info', destination }),
      notifier: silentNotifier,
    });

    await adapter.processInbound(
      {
        messageId: 'wamid.IN1',
        contact: { phone: PHONE },
        timestamp: Date.parse('2026-01-01T10:00:00Z'),
        content: { kind: 'text', text: 'STOP' },
      },
      async (context) => {
        await context.sendActivity(
          replyToActivity({ type: 'text', text: 'Done: no more messages' }, WHATSAPP_CHANNEL_ID),
        );
      },
    );
    await flushed(); // the delivery is not awaited by the turn; its failure is logged after

    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 50,
      msg: 'replies of a turn not all delivered',
      contact: '+********101',
      err: { message: 'simulated outage while sending' },
    });
    expect(JSON.stringify(logs)).not.toContain('14155550101');
  });
});
