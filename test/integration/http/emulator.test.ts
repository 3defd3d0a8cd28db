import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request, startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';

interface BotActivity {
  readonly type: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly suggestedActions?: {
    readonly actions: readonly {
      readonly title: string;
      readonly value: { readonly id: string };
    }[];
  };
}

describe('Bot Framework endpoint /api/messages (Emulator, anonymous)', () => {
  let t: TestServer;

  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  /** An activity as the Bot Framework Emulator posts it; replies go to `serviceUrl` (the fake). */
  const activity = (id: string, fields: Record<string, unknown>) => ({
    type: 'message',
    id,
    channelId: 'emulator',
    serviceUrl: t.fakeCloud.url,
    timestamp: new Date().toISOString(),
    from: { id: 'tester-1', name: 'Tester', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
    conversation: { id: 'conv-1' },
    locale: 'en-US',
    ...fields,
  });
  const post = (body: unknown) =>
    request(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const replies = () =>
    t.fakeCloud.requests
      .filter((r) => r.path.startsWith('/v3/conversations/conv-1/activities'))
      .map((r) => r.body as BotActivity);

  it('runs the consent bot and sends its replies to the activity’s serviceUrl', async () => {
    const response = await post(activity('act-1', { text: 'hello' }));
    expect(response.status).toBe(200);
    await t.fakeCloud.waitFor(() => replies().length >= 2);

    const [menu, question] = replies();
    expect(menu?.type).toBe('message');
    expect(question?.text).toMatch(/WhatsApp/);
    expect(question?.suggestedActions?.actions.map((a) => a.value.id)).toEqual([
      'consent.yes',
      'consent.choose',
      'consent.no',
    ]);
    const contact = await t.deps.store.findContact({ userId: 'EM.tester-1' });
    expect(contact).not.toBeNull();
  });

  it('reads a tapped button (messageBack value.id) as the choice and records the opt-in', async () => {
    await post(activity('act-1', { text: 'hello' }));
    const response = await post(
      activity('act-2', { text: 'Yes, all of them', value: { id: 'consent.yes' } }),
    );
    expect(response.status).toBe(200);
    await t.settle();
    const contact = await t.deps.store.findContact({ userId: 'EM.tester-1' });
    expect(contact?.consent.status).toBe('opted_in');
    const events = await t.deps.store.listEvents(contact!.id);
    expect(events.map((e) => e.type)).toEqual(['consent.granted']);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await request(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'invalid_json' });
  });
});
