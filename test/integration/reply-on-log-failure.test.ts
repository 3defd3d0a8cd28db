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
 * A store hiccup between the turn's save and the outbound log write must not drop the turn's
 * replies: the STOP confirmation PRODUCT.md promises ("confirmed once") still leaves, since a
 * redelivered webhook would be a duplicate with no replies. Found by review: the log's `sending`
 * write failed the whole batch before anything was sent, and it was logged at debug only.
 */
const textOf = (r: RecordedRequest) => {
  const body = r.body as { text?: { body: string }; interactive?: { body: { text: string } } };
  return body.text?.body ?? body.interactive?.body.text ?? '';
};

describe('an outbound-log write that fails right after the turn was saved', () => {
  let t: TestServer;
  /** How many of the next outbound-log writes fail. */
  let failingLogWrites = 0;

  beforeEach(async () => {
    failingLogWrites = 0;
    const inner = createMemoryStore();
    const store: Store = {
      ...inner,
      recordOutbound(entry) {
        if (failingLogWrites > 0) {
          failingLogWrites -= 1;
          return Promise.reject(new StoreUnavailableError('simulated blip on the outbound log'));
        }
        return inner.recordOutbound(entry);
      },
    };
    t = await startTestServer({ store });
  });
  afterEach(async () => {
    await t.close();
  });

  async function sayHelloThenStop() {
    const hello = textMessagePayload({ text: 'Hello', timestamp: BASE_TIMESTAMP });
    expect((await postWebhook(t.url, hello)).status).toBe(200);
    await t.settle();
    t.fakeCloud.reset();
    return textMessagePayload({ text: 'STOP', timestamp: BASE_TIMESTAMP + 60 });
  }

  it('still delivers the STOP confirmation, and logs it once the write is retried', async () => {
    const stop = await sayHelloThenStop();
    failingLogWrites = 1;
    expect((await postWebhook(t.url, stop)).status).toBe(200);
    await t.settle();

    const sent = t.fakeCloud.messages().map(textOf);
    expect(sent.filter((text) => text.startsWith('Done:'))).toHaveLength(1);
    const contact = await t.deps.store.findContact({ phone: CUSTOMER_PHONE });
    const log = await t.deps.store.listOutbound(contact!.id);
    const confirmation = log.find((e) => e.body?.startsWith('Done:'));
    expect(confirmation?.status).toBe('sent');
  });

  it('still delivers the STOP confirmation when the outbound log stays down', async () => {
    const stop = await sayHelloThenStop();
    failingLogWrites = Number.MAX_SAFE_INTEGER;
    expect((await postWebhook(t.url, stop)).status).toBe(200);
    await t.settle();
    failingLogWrites = 0;

    const sent = t.fakeCloud.messages().map(textOf);
    expect(sent.filter((text) => text.startsWith('Done:'))).toHaveLength(1);
  });
});
