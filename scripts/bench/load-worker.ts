/**
 * The load generator of `npm run bench`, run in a worker thread so that autocannon does not
 * share the event loop of the servers it measures. It builds the signed WhatsApp webhook bodies
 * of whole conversations (every customer goes through the full conversation the same number of
 * times, a unique message id each), sends each once to one target with autocannon, and posts a
 * {@link LoadSummary} back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { Request } from 'autocannon';
import { signBody } from '../../src/channels/whatsapp/index.js';
import { WEBHOOK_PATH } from '../../src/http/index.js';
import { buttonReplyPayload, textMessagePayload } from '../../test/support/whatsapp-payloads.js';

/** What the worker is asked to do. */
export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly customers: number;
  /** How many times each customer goes through the whole conversation. */
  readonly rounds: number;
  readonly conversation: ConversationName;
  readonly appSecret: string;
  /** Unix seconds of the first message; later steps are one second apart per customer. */
  readonly baseTimestamp: number;
}

/** What the worker posts back: autocannon's figures that the report needs. */
export interface LoadSummary {
  /** Completed requests ÷ the time autocannon took to send them all and get their answers. */
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** How long the load ran, ms: from the first request to the last answer. */
  readonly durationMs: number;
}

/** One customer's turn in a conversation: a typed text or a tap on a button. */
type Step =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'button'; readonly buttonId: string; readonly title: string };

/**
 * The conversations a run can drive, each turn in order; customers repeat one round after
 * round. `taps`: the buttons and keywords. `typed`: a Spanish customer who types everything in
 * whole sentences, as people do (the reading of real phrasing is most of its cost); each round
 * ends opted out and the next begins by asking for messages again.
 */
export const CONVERSATIONS = {
  taps: [
    { kind: 'text', text: 'hello' },
    { kind: 'button', buttonId: 'consent.yes', title: 'Yes, all of them' },
    { kind: 'button', buttonId: 'service.hours', title: 'Hours & returns' },
    { kind: 'text', text: 'menu' },
    { kind: 'button', buttonId: 'service.track', title: 'Track an order' },
    { kind: 'text', text: 'STOP' },
    { kind: 'text', text: 'START' },
  ],
  typed: [
    { kind: 'text', text: 'quiero recibir mensajes' },
    { kind: 'text', text: 'sí, quiero recibir todo' },
    { kind: 'text', text: '¿a qué hora abren?' },
    { kind: 'text', text: 'ya no quiero recibir promociones, solo lo de mis pedidos' },
    { kind: 'text', text: 'sí, solo esas' },
    { kind: 'text', text: 'dejen de mandarme mensajes por favor' },
  ],
} as const satisfies Record<string, readonly Step[]>;

export type ConversationName = keyof typeof CONVERSATIONS;

/** A conversation as one line, for the report. */
export function conversationSummary(name: ConversationName): string {
  return CONVERSATIONS[name]
    .map((step: Step) => (step.kind === 'text' ? `"${step.text}"` : `[${step.buttonId}]`))
    .join(' → ');
}

/** Fictional numbers of the +1 415 555 xxxx range: at most 10 000 distinct customers. */
export const MAX_CUSTOMERS = 10_000;

const { aggregateResult: aggregate } = autocannon as unknown as {
  aggregateResult(this: void, results: unknown[], options: autocannon.Options): autocannon.Result;
};

interface SignedBody {
  readonly body: string;
  readonly signature: string;
}

/** The messages of a run: customers × rounds × the conversation's steps. */
export function messagesOf(job: Pick<LoadJob, 'customers' | 'rounds' | 'conversation'>): number {
  return job.customers * job.rounds * CONVERSATIONS[job.conversation].length;
}

/**
 * Body `i` is customer `i mod customers` at step `⌊i / customers⌋` of the conversation, so one
 * customer's messages are a whole pass over the customers apart and arrive in order.
 */
function buildPool(job: LoadJob): SignedBody[] {
  const pool: SignedBody[] = [];
  for (let i = 0; i < messagesOf(job); i += 1) {
    const customer = i % job.customers;
    const turn = Math.floor(i / job.customers);
    const steps: readonly Step[] = CONVERSATIONS[job.conversation];
    const step = steps[turn % steps.length]!;
    const sender = {
      from: `+1415555${String(customer).padStart(4, '0')}`,
      id: `wamid.BENCH.${String(customer).padStart(4, '0')}.${String(turn).padStart(6, '0')}`,
      timestamp: job.baseTimestamp + turn,
    };
    const payload =
      step.kind === 'text'
        ? textMessagePayload({ ...sender, text: step.text })
        : buttonReplyPayload({ ...sender, buttonId: step.buttonId, title: step.title });
    const body = JSON.stringify(payload);
    pool.push({ body, signature: signBody(body, job.appSecret) });
  }
  return pool;
}

async function runLoad(job: LoadJob): Promise<LoadSummary> {
  const pool = buildPool(job);
  let next = 0;
  const request: Request = {
    method: 'POST',
    path: WEBHOOK_PATH,
    // Each body once, in order, across all connections (`amount` stops at the last).
    setupRequest: (req) => {
      const signed = pool[next % pool.length]!;
      next += 1;
      return {
        ...req,
        body: signed.body,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signed.signature,
        },
      };
    },
  };
  const options: autocannon.Options = {
    url: job.url,
    connections: job.connections,
    amount: pool.length,
    requests: [request],
  };
  const started = performance.now();
  // Off the main thread autocannon returns its raw, encoded histograms; its own aggregation
  // (exported, missing from @types/autocannon) turns them into the usual result.
  const result = aggregate([await autocannon(options)], options);
  const durationMs = performance.now() - started;
  return {
    requestsPerSecond: (result.requests.total * 1000) / durationMs,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationMs,
  };
}

// A failure rejects this top-level await and reaches the main thread as the worker's 'error'.
if (parentPort) parentPort.postMessage(await runLoad(workerData as LoadJob));
