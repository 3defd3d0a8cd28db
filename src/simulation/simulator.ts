/**
 * The simulator engine shared by the terminal simulator (`npm run simulate`), the transcript
 * runner and the web simulator: it plays a customer against the REAL turn service, store and
 * flows, with a clock the tester moves. Nothing is sent anywhere: replies are handed back.
 */
import { randomUUID } from 'node:crypto';
import type { AdjustableClock, ManualClock } from '../core/clock.js';
import { DAY, HOUR, MINUTE } from '../core/clock.js';
import type { ConsentEvent } from '../core/consent/events.js';
import type { ConsentState } from '../core/consent/state.js';
import { UNKNOWN_CONSENT } from '../core/consent/state.js';
import type { InboundContent, InboundMessage, Reply } from '../core/conversation/inbound.js';
import type { HandoverRecord } from '../core/handover/index.js';
import { isHandedOver } from '../core/handover/index.js';
import { normalizePhone } from '../core/phone.js';
import { AppError } from '../errors.js';
import { windowState } from '../core/window.js';
import type { WindowState } from '../core/window.js';
import type { Logger } from '../logger.js';
import { createSilentLogger } from '../logger.js';
import type { CompiledFlow, FlowCatalog } from '../service/flow-catalog.js';
import { createHandoverService } from '../service/handover-service.js';
import { createTurnService } from '../service/turn-service.js';
import type { TurnResult } from '../service/turn-service.js';
import type { ContactRecord, Store } from '../store/port.js';

/** The business phone-number id simulated messages arrive on: fictional, never a real one. */
export const SIMULATOR_BUSINESS_NUMBER_ID = 'simulator-000000000000000';

/** A fictional customer number (US 555-01xx range, reserved for fiction). */
export const SIMULATOR_DEFAULT_PHONE = '+14155550123';

/** What the simulated customer sends: typed text, a tapped button / list row, or media. */
export type SimulatorInput =
  | { readonly text: string }
  /** `choiceId` is the button's id as the bot sent it (`consent.yes`, `service.track`…). */
  | { readonly choiceId: string; readonly title: string }
  /** A message without text: `image`, `sticker`, `location`, `audio`… */
  | { readonly other: string };

export interface SimulatorOptions {
  readonly flows: FlowCatalog;
  readonly store: Store;
  /** Moved by {@link Simulator.advance}; a manual clock in tests, an adjustable one on a server. */
  readonly clock: ManualClock | AdjustableClock;
  /** The flow to talk to (default: the catalog's default flow). Looked up on every message, so a hot reload is seen. */
  readonly flowId?: string;
  /** The language a NEW simulated contact starts in (default: the flow's default language). */
  readonly language?: string;
  readonly logger?: Logger;
}

export interface Simulator {
  /**
   * Sends one customer message as `phone` (any form `normalizePhone` accepts) and returns
   * the bot's replies, in order (empty when the bot said nothing).
   */
  send(phone: string, input: SimulatorInput): Promise<Reply[]>;
  /** Like {@link send}, with everything the turn produced (intents, consent events, contact). */
  sendDetailed(phone: string, input: SimulatorInput): Promise<TurnResult>;
  /** The stored consent of `phone` (unknown for a number that never wrote). */
  consent(phone: string): Promise<ConsentState>;
  /** The consent events of `phone`, oldest first. */
  history(phone: string): Promise<ConsentEvent[]>;
  /** The stored contact, or null when `phone` never wrote. */
  contact(phone: string): Promise<ContactRecord | null>;
  /** The customer-service window of `phone` at the simulated now. */
  window(phone: string): Promise<WindowState>;
  /** The hand-over to a person under way for `phone`, if any. */
  handover(phone: string): Promise<HandoverRecord | undefined>;
  /** Hands `phone` over to a person, as an agent would (`POST /v1/handovers/{phone}`). */
  startHandover(phone: string): Promise<void>;
  /**
   * A person from the team writes to `phone` (as `POST /v1/messages` would, under the same send
   * rule: only inside the 24-hour window). Nothing is sent anywhere; the idle limit counts from it.
   */
  agent(phone: string, text: string): Promise<void>;
  /**
   * The team gives the conversation back (`DELETE /v1/handovers/{phone}`); with `notify`, the
   * bot greets the customer back at once (its replies), else on their next message.
   */
  release(phone: string, options?: { readonly notify?: boolean }): Promise<Reply[]>;
  /** Moves the simulated clock forward by `ms` (see {@link parseClockStep}). */
  advance(ms: number): void;
  /** The simulated time, epoch ms. */
  now(): number;
  /** The flow being simulated, as it is now. */
  flow(): CompiledFlow;
}

/**
 * Creates a simulator over the real turn service.
 * @example
 * const sim = createSimulator({ flows, store: createMemoryStore(), clock: createManualClock(Date.now()) });
 * const replies = await sim.send('+14155550123', { text: 'hello' });
 * sim.advance(parseClockStep('+25h'));
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const { store, clock } = options;
  const flow = (): CompiledFlow => {
    if (options.flowId === undefined) return options.flows.defaultFlow();
    const found = options.flows.get(options.flowId);
    if (!found) {
      const ids = options.flows
        .list()
        .map((f) => f.definition.id)
        .join(', ');
      throw new SimulatorError(`There is no flow "${options.flowId}". Flows loaded: ${ids}.`);
    }
    return found;
  };
  // The simulated number always gets the chosen flow, whatever its phone-number ids say.
  const flows: FlowCatalog = { ...options.flows, forNumber: () => flow() };
  const turns = createTurnService({
    store,
    flows,
    clock,
    logger: options.logger ?? createSilentLogger(),
  });
  const handovers = createHandoverService({ store, flows, clock });
  if (options.language !== undefined) {
    const { languages } = flow().definition;
    if (!languages.includes(options.language)) {
      throw new SimulatorError(
        `The flow "${flow().definition.id}" does not speak "${options.language}"; it speaks ${languages.join(', ')}.`,
      );
    }
  }

  const ref = (phone: string) => ({ phone: toPhone(phone) });

  /** Gives a brand-new contact the simulator's language before its first message. */
  async function prepareContact(phone: string): Promise<void> {
    if (options.language === undefined) return;
    const existing = await store.findContact(ref(phone));
    if (existing?.lastInboundAt !== undefined || existing?.language !== undefined) return;
    const contact = existing ?? (await store.ensureContact(ref(phone), clock.now()));
    await store.saveTurn({
      contactId: contact.id,
      expectedVersion: contact.version,
      patch: { language: options.language },
      events: [],
      now: clock.now(),
    });
  }

  async function sendDetailed(phone: string, input: SimulatorInput): Promise<TurnResult> {
    flow();
    await prepareContact(phone);
    const message: InboundMessage = {
      messageId: `wamid.simulator.${randomUUID()}`,
      contact: ref(phone),
      timestamp: clock.now(),
      businessNumberId: SIMULATOR_BUSINESS_NUMBER_ID,
      content: toContent(input),
    };
    return turns.handleMessage(message);
  }

  async function contact(phone: string) {
    return store.findContact(ref(phone));
  }

  return {
    sendDetailed,
    send: async (phone, input) => [...(await sendDetailed(phone, input)).replies],
    consent: async (phone) => (await contact(phone))?.consent ?? UNKNOWN_CONSENT,
    history: async (phone) => {
      const found = await contact(phone);
      return found ? store.listEvents(found.id) : [];
    },
    contact,
    window: async (phone) => windowState((await contact(phone))?.lastInboundAt, clock.now()),
    handover: async (phone) => {
      const record = (await contact(phone))?.handover;
      return isHandedOver(record) ? record : undefined;
    },
    startHandover: async (phone) => {
      await handovers.start(ref(phone)).catch(asSimulatorError);
    },
    agent: async (phone, text) => {
      if (!(await contact(phone))) {
        throw new SimulatorError(
          `${phone} has not written yet: an agent can only answer a customer who wrote.`,
        );
      }
      if (!windowState((await contact(phone))?.lastInboundAt, clock.now()).open) {
        throw new SimulatorError(
          "The customer's 24-hour window is closed: an agent may send them only an approved template now (outside_window).",
        );
      }
      if (text.trim() === '')
        throw new SimulatorError('Write what the agent says, e.g. /agent Hello, how can I help?');
      await handovers.agentWrote(ref(phone), clock.now());
    },
    release: async (phone, releaseOptions) => {
      const { replies } = await handovers.end(ref(phone), releaseOptions).catch(asSimulatorError);
      return [...replies];
    },
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new SimulatorError('The clock only moves forward: give a positive amount of time.');
      }
      clock.advance(ms);
    },
    now: () => clock.now(),
    flow,
  };
}

/** A mistake of the person using a simulator: its message is meant to be shown as is. */
export class SimulatorError extends AppError {
  readonly code = 'invalid_simulator_input';
}

/** A refusal of the hand-over service (not handed over, unknown contact), told as the simulator's own. */
function asSimulatorError(error: unknown): never {
  if (error instanceof AppError) throw new SimulatorError(error.message, {}, { cause: error });
  throw error;
}

function toPhone(phone: string): string {
  try {
    return normalizePhone(phone);
  } catch (error) {
    throw new SimulatorError(error instanceof Error ? error.message : String(error));
  }
}

function toContent(input: SimulatorInput): InboundContent {
  if ('text' in input) return { kind: 'text', text: input.text };
  if ('choiceId' in input) return { kind: 'choice', id: input.choiceId, title: input.title };
  return { kind: 'other', type: input.other };
}

const UNITS: Readonly<Record<string, number>> = {
  d: DAY,
  h: HOUR,
  m: MINUTE,
  s: 1000,
};

/**
 * Reads a clock step such as `+25h`, `+30d`, `+90m`, `+1h30m` or `+45s` (the `+` is optional)
 * and returns it in milliseconds. Throws a {@link SimulatorError} that shows the right form.
 * @example parseClockStep('+1h30m') // 5_400_000
 */
export function parseClockStep(step: string): number {
  const text = step.trim().toLowerCase().replace(/\s+/g, '');
  const body = text.startsWith('+') ? text.slice(1) : text;
  const parts = [...body.matchAll(/(\d+)([dhms])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (body === '' || parts.length === 0 || consumed !== body) {
    throw new SimulatorError(
      `"${step}" is not a clock step. Write a number and a unit, e.g. +25h, +30d, +90m or +1h30m (d = days, h = hours, m = minutes, s = seconds).`,
    );
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNITS[unit!]!, 0);
}

/** "1 day 1 hour", for telling the tester how far the clock moved. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['day', DAY],
    ['hour', HOUR],
    ['minute', MINUTE],
    ['second', 1000],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(' ') : 'no time';
}
