import { z } from 'zod';
import { systemClock } from '../../core/clock.js';
import type { AdjustableClock, Clock } from '../../core/clock.js';
import type { Reply } from '../../core/conversation/inbound.js';
import type { ContactRef } from '../../core/identity.js';
import { parseContactIdentifier } from '../../core/phone.js';
import { DIAGRAM_TITLES, flowDiagrams } from '../../core/flow/flow-diagram.js';
import type { DiagramRegion } from '../../core/flow/flow-diagram.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { createSimulator, isMovableClock } from '../../simulation/simulator.js';
import { describeIssues, plainWords } from '../../zod-issues.js';
import type { ServerDeps } from '../server-deps.js';
import type { ContactView } from './contact-view.js';
import { readContactView } from './contact-view.js';
import { parseClockAdvance } from './parse-clock-advance.js';
import { exportTranscript } from './transcript-export.js';

/** The answer to a simulated customer message: the bot's replies and the contact afterwards. */
export interface SimulatedTurn extends ContactView {
  readonly replies: readonly Reply[];
  /** This message handed the conversation to a person in the contact centre. */
  readonly handedOver: boolean;
}

/** The answer to what the tester did as the agent: the contact afterwards, and the bot's words. */
export interface AgentAction extends ContactView {
  /** What the bot said (its greeting back, when the conversation was given back with notify). */
  readonly replies: readonly Reply[];
}

/** One flow the simulator can show, with what the page needs to label it. */
export interface FlowSummary {
  readonly id: string;
  readonly version: number;
  readonly businessName: string;
  readonly languages: readonly string[];
  readonly defaultLanguage: string;
  readonly categories: readonly { readonly id: string; readonly label: string }[];
}

/**
 * What the simulator page can ask of the bot, without HTTP: every method validates its input,
 * throws the error family (mapped by `toHttpError`) and works on the real turn service and store.
 */
export interface SimulatorApi {
  sendMessage(body: unknown): Promise<SimulatedTurn>;
  /** The contact as the page shows it, with the categories of `flowId` (default: the default flow's). */
  readContact(identifier: string, flowId?: string): Promise<ContactView>;
  /** The tester answers as an agent (`{phone, text}`), under the send rule: inside the window only. */
  agentMessage(body: unknown): Promise<AgentAction>;
  /** The tester hands the conversation over to a person, as an agent would (`{phone}`). */
  startHandover(body: unknown): Promise<AgentAction>;
  /** The tester gives the conversation back to the bot (`{phone, notify?}`). */
  releaseHandover(body: unknown): Promise<AgentAction>;
  readClock(): { now: number; offset: number; adjustable: boolean };
  advanceClock(body: unknown): { now: number; offset: number };
  listFlows(): { defaultFlow: string; flows: FlowSummary[] };
  /** The flow's two diagrams (service conversation, consent), each as Mermaid text. */
  flowDiagram(id: string): {
    flowId: string;
    regions: { id: DiagramRegion; title: string; mermaid: string }[];
  };
  exportTranscript(body: unknown): Promise<{ filename: string; yaml: string }>;
}

const text = z.string().trim().min(1, 'must not be empty').max(4096, 'is over 4096 characters');
const phone = z.string({
  error: (issue) =>
    `phone ${issue.input === undefined ? 'is required' : 'must be text'} (E.164, e.g. +14155550123, or a WhatsApp user id)`,
});
const flowId = z.string().trim().min(1).max(100).optional();
const messageBody = z
  .object({
    phone,
    flow: flowId,
    language: z.string().trim().min(2).max(10).optional(),
    text: text.optional(),
    choice: z
      .object({ id: z.string().min(1).max(256), title: z.string().min(1).max(256) })
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (b.text === undefined && b.choice === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'must have what the customer sends: text, or choice {id, title} for a button',
      });
    } else if (b.text !== undefined && b.choice !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'must have text or choice {id, title}, not both' });
    }
  });
const clockBody = z.object({ advance: z.union([z.string(), z.number()]) });
const agentBody = z.object({ phone, flow: flowId, text });
const handoverBody = z.object({ phone, flow: flowId });
const releaseBody = z.object({
  phone,
  flow: flowId,
  notify: z.boolean({ error: 'notify must be true or false' }).optional(),
});

/**
 * Builds the {@link SimulatorApi} over the server's dependencies: the simulator engine of the
 * terminal, on the server's turn service, hand-over service, store and clock.
 */
export function createSimulatorApi(deps: ServerDeps): SimulatorApi {
  const { store, flows, clock } = deps;
  const engine = createSimulator({
    flows,
    store,
    clock,
    turns: deps.turns,
    handovers: deps.handovers,
  });
  /** The contact as the page shows it, with the categories of the flow chosen in its menu. */
  const view = (ref: ContactRef, flowId?: string) =>
    readContactView(store, engine.flow(flowId), clock, ref);

  return {
    async sendMessage(body) {
      const input = parseBody(messageBody, body);
      const result = await engine.sendDetailed(
        input.phone,
        input.choice
          ? { choiceId: input.choice.id, title: input.choice.title }
          : { text: input.text ?? '' },
        { flowId: input.flow, language: input.language },
      );
      return {
        ...(await readContactView(store, result.flow, clock, parseContactIdentifier(input.phone))),
        replies: result.replies,
        handedOver: result.handover?.kind === 'started',
      };
    },

    readContact: (identifier, flowId) => view(parseContactIdentifier(identifier), flowId),

    async agentMessage(body) {
      const input = parseBody(agentBody, body);
      await engine.agent(input.phone, input.text, { flowId: input.flow });
      return { ...(await view(parseContactIdentifier(input.phone), input.flow)), replies: [] };
    },

    async startHandover(body) {
      const input = parseBody(handoverBody, body);
      await engine.startHandover(input.phone);
      return { ...(await view(parseContactIdentifier(input.phone), input.flow)), replies: [] };
    },

    async releaseHandover(body) {
      const input = parseBody(releaseBody, body);
      // Nothing is sent from the simulator: the greeting back is handed to the page.
      const replies = await engine.release(input.phone, {
        ...(input.notify ? { notify: true } : {}),
      });
      return { ...(await view(parseContactIdentifier(input.phone), input.flow)), replies };
    },

    readClock: () => ({
      now: deps.clock.now(),
      offset: offsetOf(deps.clock),
      adjustable: isMovableClock(deps.clock),
    }),

    advanceClock(body) {
      const { advance } = parseBody(clockBody, body);
      engine.advance(parseClockAdvance(advance));
      return { now: clock.now(), offset: offsetOf(clock) };
    },

    listFlows() {
      return {
        defaultFlow: flows.defaultFlow().definition.id,
        flows: flows.list().map(({ definition: d }) => ({
          id: d.id,
          version: d.version,
          businessName: d.business.name,
          languages: d.languages,
          defaultLanguage: d.defaultLanguage,
          categories: d.categories.map((c) => ({
            id: c.id,
            label: c.label[d.defaultLanguage] ?? c.id,
          })),
        })),
      };
    },

    flowDiagram(id) {
      const flow = flows.get(id);
      if (!flow) {
        throw new NotFoundError('unknown_flow', `There is no loaded flow with id "${id}".`, { id });
      }
      const diagrams = flowDiagrams(flow.definition);
      return {
        flowId: id,
        regions: (['service', 'consent'] as const).map((region) => ({
          id: region,
          title: DIAGRAM_TITLES[region],
          mermaid: diagrams[region],
        })),
      };
    },

    exportTranscript(body) {
      const contact = parseContactIdentifier(parseBody(z.object({ phone }), body).phone);
      return exportTranscript(store, contact, body);
    },
  };
}

/** How far the clock runs ahead of real time, in ms (a test's manual clock may run behind). */
function offsetOf(clock: Clock): number {
  const adjustable = clock as Partial<AdjustableClock>;
  return adjustable.offset ? adjustable.offset() : clock.now() - systemClock.now();
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {}, { error: plainWords });
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error.issues, { subject: 'the body' });
  throw new ValidationError('invalid_body', `The request body is invalid: ${problems.join('; ')}.`);
}
