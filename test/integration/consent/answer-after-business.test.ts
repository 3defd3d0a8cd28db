import { afterEach, describe, expect, it } from 'vitest';
import { request, startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { webhookCustomer } from '../../support/webhook-customer.js';

/**
 * A typed answer after the business wrote answers the business, not an older prompt of the
 * bot's, through signed webhooks and `POST /v1/messages` on the real server. Found by a
 * reviewer: the bot's question was still "its latest message" after an agent's question, so
 * "sí" to "¿Te mando la factura por aquí?" opted the customer in to everything, offers included;
 * and a "no" or "mejor sí" to an agent took back the customer's earlier answer.
 */
const AGENT_KEY = 'agent-key-answer-after-0123';
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start() {
  t = await startTestServer({ env: { API_KEYS: `agent:${AGENT_KEY}` } });
  return t;
}

/**
 * The agent writes to the customer through the REST API, within the window, half a minute after
 * the customer's latest message (`at`, seconds; the customer's next one comes a minute after it).
 */
async function agentWrites(server: TestServer, at: number, phone: string, text: string) {
  server.clock.set(at * 1000 + 30_000);
  const response = await request(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${AGENT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: phone, text }),
  });
  expect(response.status).toBe(202);
  await server.settle();
}

describe('a typed answer after the business wrote', () => {
  it('a "sí" to an agent’s question is no yes to the opt-in question shown before', async () => {
    const server = await start();
    const customer = webhookCustomer(server, '+34600000601');
    await customer.say('hola');
    await agentWrites(server, customer.now(), customer.phone, '¿Te mando la factura por aquí?');
    await customer.say('sí');
    expect((await customer.contact()).consent.status).toBe('unknown');
    expect(await customer.events()).not.toContainEqual(
      expect.objectContaining({ type: 'consent.granted' }),
    );
  });

  it.each([
    [
      '+34600000602',
      'Sí, todos',
      '¿Confirmas la entrega para mañana?',
      'no',
      /dejar de recibir/,
      'opted_in',
    ],
    [
      '+34600000603',
      'No, gracias',
      '¿Quieres que te llamemos?',
      'mejor sí',
      /Quieres recibir mensajes/,
      'declined',
    ],
  ] as const)(
    '%s: "%s", the agent asks "%s", and "%s" takes nothing back',
    async (phone, answer, question, reply, notAsked, status) => {
      const server = await start();
      const customer = webhookCustomer(server, phone);
      await customer.say('hola');
      await customer.say(answer);
      await agentWrites(server, customer.now(), customer.phone, question);
      const answered = await customer.answerTo(reply);
      expect(answered.map((m) => m.text).join('\n')).not.toMatch(notAsked);
      expect((await customer.contact()).consent.status).toBe(status);
    },
  );

  it('the bot’s own question asked after the agent wrote is answered as before', async () => {
    const server = await start();
    const customer = webhookCustomer(server, '+34600000604');
    await customer.say('hola');
    await agentWrites(server, customer.now(), customer.phone, 'Hola, soy Ana, del equipo.');
    await customer.say('VOLVER');
    await customer.say('Sí, todos');
    expect((await customer.contact()).consent.status).toBe('opted_in');
  });
});
