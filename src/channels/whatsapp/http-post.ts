import http from 'node:http';
import https from 'node:https';

/** What the Cloud API client needs of an HTTP answer. */
export interface PostAnswer {
  readonly status: number;
  /** The whole body as text. */
  readonly text: string;
  /** A response header, `null` when absent. */
  header(name: string): string | null;
}

/**
 * POSTs a body and reads the whole answer; rejects on a network error, with a `TimeoutError`
 * when the answer is not complete within `timeoutMs`, and with an `AbortError` once `signal`
 * aborts (the request is then torn down at once).
 */
export type Post = (
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs: number,
  signal?: AbortSignal,
) => Promise<PostAnswer>;

/** Options of {@link createHttpPost}. */
export interface HttpPostOptions {
  /** Connections per host at most; a request beyond waits for a free one. Default 64. */
  readonly maxSockets?: number;
}

/**
 * The Cloud API client's transport: `node:http`/`node:https` requests over a pool of
 * keep-alive connections, at most `maxSockets` per host. A reply costs the bot a small fraction
 * of what the same POST through the global `fetch` does (no web streams, no abort signal per
 * request), and replies are most of what the bot sends. Idle connections do not keep the
 * process alive.
 *
 * A request adds no listener of its own to `signal`: the requests in flight under one signal
 * are kept in a set, and the signal has one listener for all of them (the sender passes the
 * same signal to every send of its life).
 */
export function createHttpPost(options: HttpPostOptions = {}): Post {
  const pool = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  const agents = { http: new http.Agent(pool), https: new https.Agent(pool) };
  // Sends go to one URL per business number: parse it once, not on every send.
  let lastUrl = '';
  let lastTarget: URL | undefined;
  const targetOf = (url: string): URL => {
    if (url !== lastUrl || !lastTarget) {
      lastTarget = new URL(url);
      lastUrl = url;
    }
    return lastTarget;
  };
  const underSignal = new WeakMap<AbortSignal, Set<http.ClientRequest>>();
  const track = (signal: AbortSignal, request: http.ClientRequest): Set<http.ClientRequest> => {
    let requests = underSignal.get(signal);
    if (!requests) {
      const all = new Set<http.ClientRequest>();
      signal.addEventListener(
        'abort',
        () => {
          for (const each of all) each.destroy(abandoned());
          all.clear();
        },
        { once: true },
      );
      underSignal.set(signal, all);
      requests = all;
    }
    requests.add(request);
    return requests;
  };

  return (url, headers, body, timeoutMs, signal) =>
    new Promise<PostAnswer>((resolve, reject) => {
      const target = targetOf(url);
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      });
      // The whole exchange, body included, as `AbortSignal.timeout` bounds a `fetch`.
      const timer = setTimeout(() => {
        request.destroy(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
      let requests: Set<http.ClientRequest> | undefined;
      if (signal?.aborted) request.destroy(abandoned());
      else if (signal) requests = track(signal, request);
      const settled = () => {
        clearTimeout(timer);
        requests?.delete(request);
      };
      const fail = (error: Error) => {
        settled();
        reject(error);
      };
      request.on('error', fail);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          settled();
          resolve({
            status: response.statusCode ?? 0,
            text:
              chunks.length === 1
                ? chunks[0]!.toString('utf8')
                : Buffer.concat(chunks).toString('utf8'),
            header: (name) => headerValue(response.headers[name.toLowerCase()]),
          });
        });
      });
      request.end(body);
    });
}

function abandoned(): DOMException {
  return new DOMException('the request was abandoned', 'AbortError');
}

/** The same transport over a `fetch` (tests inject one), with an abort signal for the timeout. */
export function postWithFetch(doFetch: typeof fetch): Post {
  return async (url, headers, body, timeoutMs, signal) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await doFetch(url, {
      method: 'POST',
      headers,
      body,
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    const text = await response.text();
    return { status: response.status, text, header: (name) => response.headers.get(name) };
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
