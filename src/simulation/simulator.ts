/**
 * The simulator engine shared by the terminal simulator (`npm run simulate`), the transcript
 * runner and the web simulator (`/simulator`): it plays a customer against the REAL turn service,
 * store and flows, with a clock the tester moves. Nothing is sent anywhere: replies are handed
 * back.
 */
import { randomUUID } from 'node:crypto';
import type { AdjustableClock, Clock } from '../core/clock.js';
import type { ConsentEvent } from '../core/consent/events.js';
import type { ConsentState } from '../core/consent/state.js';
import { UNKNOWN_CONSENT } from '../core/consent/state.js';
import type { InboundContent, InboundMessage, Reply } from '../core/conversation/inbound.js';
import type { HandoverRecord } from '../core/handover/index.js';
import { isHandedOver } from '../core/handover/index.js';
import type { ContactRef } from '../core/identity.js';
import { countryOfContact, readContactIdentifier } from '../core/phone.js';
import { ConflictError, NotFoundError, SendRefusedError, ValidationError } from '../errors.js';
import { windowState } from '../core/window.js';
import type { WindowState } from '../core/window.js';
import type { Logger } from '../logger.js';
import { createSilentLogger } from '../logger.js';
import type { CompiledFlow, FlowCatalog } from '../service/flow-catalog.js';
import { createHandoverService } from '../service/handover-service.js';
import type { HandoverService } from '../service/handover-service.js';
import { withStoredNumberForm } from '../service/resolve-identifier.js';
import { createTurnService } from '../service/turn-service.js';
import type { TurnResult, TurnService } from '../service/turn-service.js';
import type { ContactRecord, Store } from '../store/port.js';
import { SimulatorError } from './simulator-error.js';

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

/** The flow and a new contact's language for one call, instead of the simulator's own. */
export interface SimulatedFlowOptions {
  /** The flow to talk to, by id (the web page's flow menu). */
  readonly flowId?: string | undefined;
  /** The language a contact with no conversation yet starts in. */
  readonly language?: string | undefined;
}

export interface SimulatorOptions {
  readonly flows: FlowCatalog;
  readonly store: Store;
  /**
   * The simulated time. {@link Simulator.advance} moves it when it can be moved (a manual clock
   * in tests and the terminal, the adjustable clock of a server with the simulator on).
   */
  readonly clock: Clock;
  /** The flow to talk to (default: the catalog's default flow). Looked up on every message, so a hot reload is seen. */
  readonly flowId?: string;
  /** The language a NEW simulated contact starts in (default: the flow's default language). */
  readonly language?: string;
  readonly logger?: Logger;
  /** The turn service to run messages through (a server's own); by default one of its own. */
  readonly turns?: TurnService;
  /** The hand-over service agents use (a server's own); by default one of its own. */
  readonly handovers?: HandoverService;
}

/**
 * A simulated customer and the team around them. A customer is named as
 * {@link simulatedCustomer} reads it (`ValidationError('invalid_phone')` otherwise).
 */
export interface Simulator {
  /** Sends one customer message and returns the bot's replies, in order (empty when it said nothing). */
  send(customer: string, input: SimulatorInput, options?: SimulatedFlowOptions): Promise<Reply[]>;
  /** Like {@link send}, with everything the turn produced (intents, consent events, contact). */
  sendDetailed(
    customer: string,
    input: SimulatorInput,
    options?: SimulatedFlowOptions,
  ): Promise<TurnResult>;
  /** The stored consent of the customer (unknown for one who never wrote). */
  consent(customer: string): Promise<ConsentState>;
  /** The customer's consent events, oldest first. */
  history(customer: string): Promise<ConsentEvent[]>;
  /** The stored contact, or null when the customer never wrote. */
  contact(customer: string): Promise<ContactRecord | null>;
  /** The customer-service window of the customer at the simulated now. */
  window(customer: string): Promise<WindowState>;
  /** The hand-over to a person under way for the customer, if any. */
  handover(customer: string): Promise<HandoverRecord | undefined>;
  /** Hands the customer over to a person, as an agent would (`POST /v1/handovers/{phone}`). */
  startHandover(customer: string): Promise<void>;
  /**
   * A person from the team writes to the customer (as `POST /v1/messages` would, under the same
   * send rule: only inside the 24-hour window, else `SendRefusedError('outside_window')` with the
   * flow's fallback channels). Nothing is sent anywhere; the idle limit counts from it.
   */
  agent(customer: string, text: string, options?: SimulatedFlowOptions): Promise<void>;
  /**
   * The team gives the conversation back (`DELETE /v1/handovers/{phone}`); with `notify`, the
   * bot greets the customer back at once (its replies), else on their next message.
   */
  release(customer: string, options?: { readonly notify?: boolean }): Promise<Reply[]>;
  /**
   * Moves the simulated clock forward by `ms` (see {@link parseClockStep});
   * `ConflictError('clock_fixed')` when the clock is the real one.
   */
  advance(ms: number): void;
  /** The simulated time, epoch ms. */
  now(): number;
  /** The flow being simulated (or the one named), as it is now; `NotFoundError('unknown_flow')`. */
  flow(flowId?: string): CompiledFlow;
}

/**
 * Creates a simulator over the real turn service.
 * @example
 * const sim = createSimulator({ flows, store: createMemoryStore(), clock: createManualClock(Date.now()) });
 * const replies = await sim.send('+14155550123', { text: 'hello' });
 * sim.advance(parseClockStep('+25h'));
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const { store, clock, flows } = options;
  const flow = (flowId = options.flowId): CompiledFlow => {
    if (flowId === undefined) return flows.defaultFlow();
    const found = flows.get(flowId);
    if (!found) {
      const ids = flows
        .list()
        .map((f) => f.definition.id)
        .join(', ');
      throw new NotFoundError(
        'unknown_flow',
        `There is no flow "${flowId}". Flows loaded: ${ids}.`,
        { id: flowId },
      );
    }
    return found;
  };
  const turns =
    options.turns ??
    createTurnService({ store, flows, clock, logger: options.logger ?? createSilentLogger() });
  const handovers = options.handovers ?? createHandoverService({ store, flows, clock });
  if (options.language !== undefined) checkLanguage(flow(), options.language);

  /**
   * Gives a contact with no conversation yet the chosen language before its message, as a real
   * customer's first keyword would: once the machine runs, its snapshot carries the language.
   */
  async function prepareContact(ref: ContactRef, language: string): Promise<void> {
    const now = clock.now();
    // The contact the turn will reach: one stored under the number's other form is it.
    const contact = await store.ensureContact(await withStoredNumberForm(store, ref), now);
    if (contact.snapshot !== undefined || contact.language === language) return;
    await store.saveTurn({
      contactId: contact.id,
      expectedVersion: contact.version,
      patch: { language },
      events: [],
      now,
    });
  }

  async function sendDetailed(
    customer: string,
    input: SimulatorInput,
    call: SimulatedFlowOptions = {},
  ): Promise<TurnResult> {
    const ref = simulatedCustomer(customer).ref;
    const simulated = flow(call.flowId);
    const language = call.language ?? options.language;
    if (language !== undefined) {
      checkLanguage(simulated, language);
      await prepareContact(ref, language);
    }
    const message: InboundMessage = {
      messageId: `wamid.simulator.${randomUUID()}`,
      contact: ref,
      timestamp: clock.now(),
      businessNumberId: SIMULATOR_BUSINESS_NUMBER_ID,
      content: toContent(input),
    };
    // The chosen flow, whatever the business number's flow would be.
    return turns.handleMessage(message, { flowId: simulated.definition.id });
  }

  /** The customer's reference, in the other form of their number when the contact has that. */
  const storedRef = (customer: string) =>
    withStoredNumberForm(store, simulatedCustomer(customer).ref);

  async function contact(customer: string) {
    return store.findContact(await storedRef(customer));
  }

  return {
    sendDetailed,
    send: async (customer, input, call) => [...(await sendDetailed(customer, input, call)).replies],
    consent: async (customer) => (await contact(customer))?.consent ?? UNKNOWN_CONSENT,
    history: async (customer) => {
      const found = await contact(customer);
      return found ? store.listEvents(found.id) : [];
    },
    contact,
    window: async (customer) => windowState((await contact(customer))?.lastInboundAt, clock.now()),
    handover: async (customer) => {
      const record = (await contact(customer))?.handover;
      return isHandedOver(record) ? record : undefined;
    },
    startHandover: async (customer) => {
      await handovers.start(await storedRef(customer));
    },
    agent: async (customer, text, call = {}) => {
      const ref = await storedRef(customer);
      if (text.trim() === '') {
        throw new ValidationError(
          'invalid_agent_text',
          'Write what the agent says, e.g. "Hello, how can I help?"',
        );
      }
      const found = await store.findContact(ref);
      if (!found) {
        throw new NotFoundError(
          'contact_not_found',
          `${customer} has not written yet: an agent can only answer a customer who wrote.`,
        );
      }
      if (!windowState(found.lastInboundAt, clock.now()).open) {
        throw new SendRefusedError(
          'outside_window',
          "An agent may send free text only within 24 hours of the customer's last message; the customer's window is closed, so only an approved template could be sent now.",
          flow(call.flowId).definition.fallback,
        );
      }
      await handovers.agentWrote(ref, clock.now());
    },
    release: async (customer, releaseOptions) => {
      const { replies } = await handovers.end(await storedRef(customer), releaseOptions);
      return [...replies];
    },
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new SimulatorError('The clock only moves forward: give a positive amount of time.');
      }
      if (!isMovableClock(clock)) {
        throw new ConflictError(
          'clock_fixed',
          "This server's clock is the real one and cannot be moved; the simulator's clock " +
            'control needs the adjustable clock the server wires when SIMULATOR is on.',
        );
      }
      clock.advance(ms);
    },
    now: () => clock.now(),
    flow,
  };
}

/**
 * Whether the simulator may move this clock: a server's adjustable clock (SIMULATOR on), or a
 * manual clock. The real system clock cannot be moved.
 */
export function isMovableClock(clock: Clock): clock is Clock & Pick<AdjustableClock, 'advance'> {
  return typeof (clock as Partial<AdjustableClock>).advance === 'function';
}

/**
 * The customer a simulator writes as: a phone number in any form `normalizePhone` accepts, a
 * WhatsApp user id, or a number as WhatsApp itself writes it (`wa_id`) where today's numbering
 * plan calls it invalid, such as a Mexican mobile with its old "1" (+52 1 55…): a webhook stores
 * those as they come, so a tester copying one from WhatsApp meets the same contact (`asWritten`
 * says which). Only a number of a known country code. `ValidationError('invalid_phone')`, saying
 * what is wrong, for anything else.
 * @example simulatedCustomer('+52 1 55 1234 5678') // { ref: { phone: '+5215512345678' }, asWritten: true }
 */
export function simulatedCustomer(customer: string): { ref: ContactRef; asWritten: boolean } {
  const { strict, asWritten } = readContactIdentifier(customer);
  if (!(strict instanceof ValidationError)) return { ref: strict, asWritten: false };
  if (asWritten?.phone !== undefined && countryOfContact(asWritten) !== undefined) {
    return { ref: asWritten, asWritten: true };
  }
  throw strict;
}

/** `ValidationError('unknown_language')` unless the flow speaks `language`. */
function checkLanguage(flow: CompiledFlow, language: string): void {
  const { id, languages } = flow.definition;
  if (!languages.includes(language)) {
    throw new ValidationError(
      'unknown_language',
      `The flow "${id}" does not speak "${language}"; it speaks ${languages.join(', ')}.`,
    );
  }
}

function toContent(input: SimulatorInput): InboundContent {
  if ('text' in input) return { kind: 'text', text: input.text };
  if ('choiceId' in input) return { kind: 'choice', id: input.choiceId, title: input.title };
  return { kind: 'other', type: input.other };
}
