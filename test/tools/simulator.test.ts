import { describe, expect, it } from 'vitest';
import { createManualClock, DAY, HOUR, MINUTE } from '../../src/core/clock.js';
import { loadSimulationCatalog } from '../../src/simulation/load-simulation.js';
import { parseClockStep } from '../../src/simulation/clock-step.js';
import { createSimulator, simulatedCustomer } from '../../src/simulation/simulator.js';
import { SimulatorError } from '../../src/simulation/simulator-error.js';
import { createTranscriptRecorder } from '../../src/simulation/transcript-recorder.js';
import { parseTranscript } from '../../src/simulation/transcript-schema.js';
import { runTranscript } from '../../src/simulation/run-transcript.js';
import { createMemoryStore } from '../../src/store/index.js';

const FLOWS = new URL('../../flows/', import.meta.url).pathname;
const { catalog } = await loadSimulationCatalog(FLOWS);
const START = Date.parse('2026-03-02T09:00:00Z');
const PHONE = '+14155550123';

const newSimulator = (options: { language?: string; flowId?: string } = {}) =>
  createSimulator({
    flows: catalog,
    store: createMemoryStore(),
    clock: createManualClock(START),
    ...options,
  });

describe('simulator engine', () => {
  it('writes as a number in the form WhatsApp sends it, as a webhook stores it: a Mexican mobile with its old "1"', async () => {
    // WhatsApp's wa_id of a Mexican mobile is often 521…: too long for today's numbering plan,
    // but what the webhook delivers. A tester copying it from WhatsApp must be able to use it.
    const sim = newSimulator();
    const replies = await sim.send('+5215512345678', { text: 'hola' });
    expect(replies[0]!.text).toMatch(/^¿Cómo podemos ayudarte/);
    expect((await sim.contact('+5215512345678'))?.phone).toBe('+5215512345678');
    // What is no number at all is still refused, saying why.
    await expect(sim.send('+12', { text: 'hola' })).rejects.toThrow(/too short/);
    expect(simulatedCustomer('+52 1 55 1234 5678')).toEqual({
      ref: { phone: '+5215512345678' },
      asWritten: true,
    });
    expect(simulatedCustomer('+52 55 1234 5678')).toEqual({
      ref: { phone: '+525512345678' },
      asWritten: false,
    });
  });

  it('answers a first message with the menu and the opt-in question', async () => {
    const sim = newSimulator();
    const replies = await sim.send(PHONE, { text: 'hello' });
    expect(replies.map((r) => r.type)).toEqual(['buttons', 'buttons']);
    expect(replies[1]!.text).toMatch(/^Hi! Would you like to get WhatsApp messages/);
  });

  it('taps a button by id and stores the consent and its event', async () => {
    const sim = newSimulator();
    await sim.send(PHONE, { text: 'hello' });
    await sim.send('+1 415 555 0123', { choiceId: 'consent.yes', title: 'Yes, all of them' });
    expect(await sim.consent(PHONE)).toMatchObject({
      status: 'opted_in',
      categories: { orders: true, account: true, offers: true },
    });
    const history = await sim.history(PHONE);
    expect(history.map((e) => e.type)).toEqual(['consent.asked', 'consent.granted']);
    expect(history[1]!.occurredAt).toBe(START);
  });

  it('moves its clock, and the window follows', async () => {
    const sim = newSimulator();
    await sim.send(PHONE, { text: 'hello' });
    expect((await sim.window(PHONE)).open).toBe(true);
    sim.advance(parseClockStep('+25h'));
    expect(sim.now()).toBe(START + 25 * HOUR);
    expect((await sim.window(PHONE)).open).toBe(false);
  });

  it('starts a new customer in the chosen language', async () => {
    const sim = newSimulator({ language: 'es' });
    const replies = await sim.send(PHONE, { text: 'hola' });
    expect(replies[0]!.text).toMatch(/^¿Cómo podemos ayudarte hoy\?/);
  });

  it('answers media with the unsupported text once in a service state', async () => {
    const sim = newSimulator();
    await sim.send(PHONE, { text: 'hello' });
    const replies = await sim.send(PHONE, { other: 'sticker' });
    expect(replies[0]!.text).toMatch(/^Sorry, I can only read text messages/);
  });

  it('says clearly what is wrong with a phone, a flow or a language', async () => {
    const sim = newSimulator();
    await expect(sim.send('12', { text: 'hi' })).rejects.toThrow(/is not a valid phone number/);
    expect(() => newSimulator({ flowId: 'nope' }).flow()).toThrow(
      'There is no flow "nope". Flows loaded: default.',
    );
    expect(() => newSimulator({ language: 'fr' })).toThrow(/does not speak "fr"/);
  });
});

describe('simulator engine, as the web page drives it', () => {
  it('takes the flow and a new customer’s language per message, and a user id for a customer', async () => {
    const sim = newSimulator();
    const userId = 'US.13491208655302741918';

    const replies = await sim.send(userId, { text: 'hola' }, { flowId: 'default', language: 'es' });

    expect(replies[0]!.text).toMatch(/^¿Cómo podemos ayudarte hoy\?/);
    expect(await sim.contact(userId)).toMatchObject({ userId, language: 'es' });
    await expect(sim.send(PHONE, { text: 'hi' }, { language: 'fr' })).rejects.toMatchObject({
      code: 'unknown_language',
      message: 'The flow "default" does not speak "fr"; it speaks en, es, pt.',
    });
    await expect(sim.send(PHONE, { text: 'hi' }, { flowId: 'nope' })).rejects.toMatchObject({
      code: 'unknown_flow',
    });
  });

  it('leaves the language of a customer whose conversation has begun to the conversation', async () => {
    const sim = newSimulator();
    await sim.send(PHONE, { text: 'hello' });

    await sim.send(PHONE, { text: 'menu' }, { language: 'es' });

    expect((await sim.contact(PHONE))?.language).toBe('en');
  });

  it('lets an agent answer only a customer who wrote, inside the window', async () => {
    const sim = newSimulator();
    await expect(sim.agent(PHONE, 'Hello')).rejects.toMatchObject({
      code: 'contact_not_found',
      message: `${PHONE} has not written yet: an agent can only answer a customer who wrote.`,
    });
    await sim.send(PHONE, { text: 'hello' });
    await sim.startHandover(PHONE);
    await sim.agent(PHONE, 'Hi, this is Ana.');
    expect((await sim.handover(PHONE))?.startedBy).toBe('agent');

    sim.advance(25 * HOUR);

    await expect(sim.agent(PHONE, 'Sorry for the wait')).rejects.toMatchObject({
      code: 'outside_window',
      fallback: ['sms', 'email'],
    });
  });

  it('refuses to move a clock that is the real one', () => {
    const sim = createSimulator({
      flows: catalog,
      store: createMemoryStore(),
      clock: { now: () => START },
    });

    expect(() => sim.advance(HOUR)).toThrow(
      expect.objectContaining({ code: 'conflict', reason: 'clock_fixed' }) as Error,
    );
  });
});

describe('parseClockStep', () => {
  it.each([
    ['+25h', 25 * HOUR],
    ['+30d', 30 * DAY],
    ['+90m', 90 * MINUTE],
    ['+1h30m', 90 * MINUTE],
    ['2d', 2 * DAY],
    [' +45s ', 45_000],
  ])('reads %s', (step, ms) => {
    expect(parseClockStep(step)).toBe(ms);
  });

  it.each(['', '+', '25', '+25x', 'h25', '+1h 30', '-2h'])(
    'refuses %j with the right form',
    (step) => {
      expect(() => parseClockStep(step)).toThrow(SimulatorError);
      expect(() => parseClockStep(step)).toThrow(/e\.g\. \+25h, \+30d, \+90m or \+1h30m/);
    },
  );
});

describe('transcript recorder', () => {
  it('records a session that replays as a passing transcript', async () => {
    const sim = newSimulator();
    const recorder = createTranscriptRecorder({ phone: PHONE });
    recorder.customer('hello');
    recorder.bot(await sim.send(PHONE, { text: 'hello' }));
    recorder.tap('Let me choose');
    recorder.bot(await sim.send(PHONE, { choiceId: 'consent.choose', title: 'Let me choose' }));
    recorder.clock('+2h');
    sim.advance(parseClockStep('+2h'));
    recorder.tap('Yes');
    recorder.bot(await sim.send(PHONE, { choiceId: 'consent.category.yes', title: 'Yes' }));
    recorder.customer('STOP');
    recorder.bot(await sim.send(PHONE, { text: 'STOP' }));
    recorder.customer('STOP');
    recorder.bot(await sim.send(PHONE, { text: 'STOP' }));

    const yaml = recorder.toYaml('recorded', await sim.consent(PHONE));
    expect(yaml).toContain('- silent: true');
    const { transcript, issues } = parseTranscript(yaml, 'recorded.yaml');
    expect(issues).toEqual([]);
    const result = await runTranscript(transcript!, { flows: catalog });
    expect(result.passed).toBe(true);
  });
});
