import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/v23.0/106540352242922/messages`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The JSON body, parsed (undefined when it was not JSON). */
  readonly body: unknown;
  /** The body exactly as received (to check a signature over it). */
  readonly raw: string;
}

/** Looks at a request before it is answered; may answer it itself. */
export type RequestHook = (
  request: RecordedRequest,
) => Promise<ScriptedResponse | void> | ScriptedResponse | void;

/** A scripted answer: status and JSON body. */
export interface ScriptedResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * A stand-in for the WhatsApp Cloud API (and, for the Bot Framework tests, for a channel's
 * `serviceUrl`): a tiny `node:http` server on 127.0.0.1 with a free port that records every
 * request and answers with the scripted responses in order, then with the default — a Cloud
 * API success with a fresh `wamid`.
 */
export interface FakeCloudApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The graph base to configure, `{url}/v23.0`. */
  readonly graphUrl: string;
  readonly requests: readonly RecordedRequest[];
  /** Requests to `…/messages` of the Cloud API (what the bot sent to customers). */
  messages(): RecordedRequest[];
  /** Answers the next requests with these, in order. */
  script(...responses: ScriptedResponse[]): void;
  /** Answers every request with this until called again without one (an outage). */
  answerEvery(response: ScriptedResponse | undefined): void;
  /** Waits until `predicate` holds over the recorded requests (bounded poll, 20 s by default). */
  waitFor(
    predicate: (requests: readonly RecordedRequest[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  /**
   * Runs `hook` for every request before it is answered (awaited), e.g. to look at the store
   * at the moment a message reaches WhatsApp. An answer it returns replaces the scripted one.
   */
  onRequest(hook: RequestHook | undefined): void;
  /** Forgets the recorded requests and any script. */
  reset(): void;
  close(): Promise<void>;
}

let wamidSequence = 0;

/** A Cloud API success body, as `POST /{phone-number-id}/messages` returns it. */
export function cloudSuccess(waMessageId = nextWamid()): ScriptedResponse {
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input: '14155550101', wa_id: '14155550101' }],
      messages: [{ id: waMessageId }],
    },
  };
}

/** A Cloud API error body with a WhatsApp error code. */
export function cloudError(status: number, code: number, message = 'error'): ScriptedResponse {
  return {
    status,
    body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf' } },
  };
}

export function nextWamid(): string {
  wamidSequence += 1;
  return `wamid.OUT${String(wamidSequence).padStart(10, '0')}`;
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeCloudApi(): Promise<FakeCloudApi> {
  const requests: RecordedRequest[] = [];
  let scripted: ScriptedResponse[] = [];
  let every: ScriptedResponse | undefined;
  let hook: RequestHook | undefined;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: parse(text),
        raw: text,
      };
      requests.push(recorded);
      const scriptedAnswer = every ?? scripted.shift() ?? defaultAnswer(recorded.path);
      const respond = (override: ScriptedResponse | void) => {
        const answer = override ?? scriptedAnswer;
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body ?? {}));
      };
      Promise.resolve(hook?.(recorded)).then(respond, (error: unknown) => {
        res.writeHead(599, { 'Content-Type': 'text/plain' });
        res.end(`fake Cloud API hook failed: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    graphUrl: `${url}/v23.0`,
    requests,
    messages: () => requests.filter((r) => r.path.endsWith('/messages')),
    script: (...responses) => {
      scripted.push(...responses);
    },
    answerEvery: (response) => {
      every = response;
    },
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(requests)) {
        if (Date.now() > deadline) {
          throw new Error(
            `the fake Cloud API did not see the expected requests within ${timeoutMs} ms; it saw ${requests.length}: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    onRequest(next) {
      hook = next;
    },
    reset() {
      requests.length = 0;
      scripted = [];
      every = undefined;
      hook = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The Cloud API's success for sends; a Bot Framework connector's `{ id }` for anything else. */
function defaultAnswer(path: string): ScriptedResponse {
  if (path.includes('/v3/conversations/')) return { status: 200, body: { id: `bf-${Date.now()}` } };
  return cloudSuccess();
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // Recorded as text: the tests assert on what was sent, whatever it was.
  }
}
