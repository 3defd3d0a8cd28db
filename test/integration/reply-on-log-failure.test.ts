import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import type { Store } from '../../src/store/port.js';
import type { RecordedRequest } from '../support/fake-cloud-api.js';
import { postWebhook, startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import {
  BASE_TIMESTAMP,
  CUSTOMER_PHONE,
  textMessagePayload,
} from '../support/whatsapp-payloads.js';

/**
 * A store hiccup between the turn's save and the write of a reply's outcome must not drop the
 * reply, nor send it twice: the STOP confirmation PRODUCT.md promises ("confirmed once") is in
 * the outbox with the turn, goes once, and its outcome is written once the store answers again.
 * Found by review (before the outbox): the log's `sending` write failed the whole batch before
 * anything was sent, and it was logged at debug only.
 */
const textOf = (r: RecordedRequest) => {
  const body = r.body as { text?: { body: string }; interactive?: { body: { text: string } } };
  return body.text?.body ?? body.interactive?.body.text ?? '';
};

describe('an outcome write that fails right after the reply was sent', () => {
  let t: TestServer;
  /** How many of the next outcome writes fail. */
  let failingOutcomeWrites = 0;

  beforeEach(async () => {
    failingOutcomeWrites = 0;
    const inner = createMemoryStore();
    const store: Store = {
      ...inner,
      completeOutbound(entry, lease) {
        if (failingOutcomeWrites > 0) {
          failingOutcomeWrites -= 1;
          return Promise.reject(new StoreUnavailableError('simulated blip of the store'));
        }
        return inner.completeOutbound(entry, lease);
      },
    };
    t = await startTestServer({ store });
  });
  afterEach(async () => {
    failingOutcomeWrites = 0;
    await t.close();
  });

  async function sayHelloThenStop() {
    const hello = textMessagePayload({ text: 'Hello', timestamp: BASE_TIMESTAMP });
    expect((await postWebhook(t.url, hello)).status).toBe(200);
    await t.settle();
    t.fakeCloud.reset();
    return textMessagePayload({ text: 'STOP', timestamp: BASE_TIMESTAMP + 60 });
  }

  it('delivers the STOP confirmation once, and records it once the write is retried', async () => {
    const stop = await sayHelloThenStop();
    failingOutcomeWrites = 1;
    expect((await postWebhook(t.url, stop)).status).toBe(200);
    await t.settle();

    const sent = t.fakeCloud.messages().map(textOf);
    expect(sent.filter((text) => text.startsWith('Done:'))).toHaveLength(1);
    const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
    const log = await t.deps.store.listOutbound(contact!.id);
    const confirmation = log.find((e) => e.body?.startsWith('Done:'));
    expect(confirmation?.status).toBe('sent');
  });

  it('delivers the STOP confirmation once while the store keeps failing, and records it when it is back', async () => {
    const stop = await sayHelloThenStop();
    failingOutcomeWrites = Number.MAX_SAFE_INTEGER;
    expect((await postWebhook(t.url, stop)).status).toBe(200);
    await t.fakeCloud.waitFor((requests) => requests.some((r) => textOf(r).startsWith('Done:')));
    failingOutcomeWrites = 0;
    await t.settle();

    const sent = t.fakeCloud.messages().map(textOf);
    expect(sent.filter((text) => text.startsWith('Done:'))).toHaveLength(1);
    const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
    const log = await t.deps.store.listOutbound(contact!.id);
    expect(log.find((e) => e.body?.startsWith('Done:'))?.status).toBe('sent');
  });
});
