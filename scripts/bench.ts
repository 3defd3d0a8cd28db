/**
 * `npm run bench -- [--connections 32] [--duration 10] [--customers 2000]`: drives signed
 * WhatsApp webhooks at the real bot server and at a bare restify baseline (signature check and
 * JSON parse only), one after the other in the same run, and reports throughput and latency
 * percentiles of both, their ratio, and the replies the bot sent to a fake Cloud API. Everything
 * runs in this process on 127.0.0.1, except autocannon, which runs in a worker thread. The
 * report goes to stdout and to test-output/bench.json. A benchmark, not a test: see
 * docs/benchmark.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import {
  CONVERSATION_SUMMARY,
  MAX_CUSTOMERS,
  type LoadJob,
  type LoadSummary,
} from './bench/load-worker.js';
import {
  startBareTarget,
  startBotTarget,
  startCountingCloudApi,
  type BenchTarget,
  type BotTargetOptions,
} from './bench/targets.js';
import { threadCpuMs } from './bench/thread-cpu.js';

const USAGE = 'Usage: npm run bench -- [--connections 32] [--duration 10] [--customers 2000]';
const OUTPUT_FILE = 'test-output/bench.json';
/** Pool bodies per second of run: well above the bot's throughput, so it never reuses an id. */
const POOL_PER_SECOND = 5_000;
/** How long the bot may take, after the load stops, to finish its turns and sends. */
const DRAIN_TIMEOUT_MS = 30_000;

interface BenchOptions {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly customers: number;
}

interface TargetReport extends LoadSummary {
  /**
   * On-CPU time of the main thread (the server under load; for the bot also the fake Cloud API
   * and, until its sends are done, the drain) per completed request, in µs; Linux only.
   */
  readonly cpuPerRequestUs?: number;
  /** Bot only: sends the fake Cloud API received, counted after the outbox was sent. */
  readonly replies?: number;
  /** Bot only: whether its turns and sends finished within the drain timeout. */
  readonly drained?: boolean;
  /** Bot only: how long the drain took after the load stopped. */
  readonly drainMs?: number;
  /**
   * Bot only: store calls per completed request (one inbound message each), from the start of
   * the load until its sends were done: the round trips a database would serve per message.
   */
  readonly storeCallsPerMessage?: number;
  /** Bot only: those store calls by method, per message. */
  readonly storeCallsByMethod?: Record<string, number>;
}

function parseOptions(): BenchOptions | undefined {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '32' },
      duration: { type: 'string', default: '10' },
      customers: { type: 'string', default: '2000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  return {
    connections: wholeNumber('--connections', values.connections, 1, 1_000),
    durationSeconds: wholeNumber('--duration', values.duration, 1, 120),
    customers: wholeNumber('--customers', values.customers, 1, MAX_CUSTOMERS),
  };
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${flag} ${raw}: give a whole number from ${min} to ${max}. ${USAGE}`);
  }
  return value;
}

/** Runs autocannon against `url` in a worker thread (see bench/load-worker.ts). */
function runLoad(job: LoadJob): Promise<LoadSummary> {
  // tsx does not load TypeScript in workers by itself on every Node version: import it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./bench/load-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}));`;
  const worker = new Worker(code, { eval: true, workerData: job });
  return new Promise<LoadSummary>((resolve, reject) => {
    worker.once('message', (summary: LoadSummary) => resolve(summary));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited (${code}) early`)));
  }).finally(() => worker.terminate());
}

/** Main-thread CPU since `startMs` per completed request, when the platform tells it. */
function cpuPerRequest(
  startMs: number | undefined,
  completed: number,
): Pick<TargetReport, 'cpuPerRequestUs'> {
  const nowMs = threadCpuMs();
  if (startMs === undefined || nowMs === undefined || completed === 0) return {};
  return { cpuPerRequestUs: ((nowMs - startMs) * 1000) / completed };
}

function printSettings(options: BenchOptions, bot: BotTargetOptions, poolSize: number): void {
  const cores = availableParallelism();
  console.log(
    [
      `Benchmark on ${cores} core(s), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
      `  load        autocannon in a worker thread, ${options.connections} connections, ${options.durationSeconds} s per target, bare first`,
      `  webhooks    ${options.customers} customers (+1 415 555 0000…), ${poolSize} signed bodies, each a unique message id`,
      `  per customer ${CONVERSATION_SUMMARY}, then again`,
      `  bot         createServer, memory store, flows from ${bot.flowsDir}/, NODE_ENV=production, log level ${bot.logLevel} (stderr)`,
      `  Cloud API   fake on ${bot.graphUrl}, access token set, every send answered 200`,
      `  pacing      perNumberPerSecond ${bot.perNumberPerSecond}, perCustomerIntervalMs ${bot.perCustomerIntervalMs}, burst 5 (default)`,
      `  bare        restify, same body reader, X-Hub-Signature-256 check and JSON.parse, 200`,
      '',
    ].join('\n'),
  );
}

function printTable(bare: TargetReport, bot: TargetReport): void {
  const rows = [
    [
      'target',
      'req/s',
      'p50 ms',
      'p99 ms',
      'requests',
      'non-2xx',
      'errors',
      'replies',
      'CPU µs/req',
    ],
    ...[
      ['bare', bare],
      ['bot', bot],
    ].map(([name, r]) => {
      const report = r as TargetReport;
      return [
        name as string,
        report.requestsPerSecond.toFixed(0),
        report.latencyP50Ms.toFixed(1),
        report.latencyP99Ms.toFixed(1),
        String(report.completed),
        String(report.non2xx),
        String(report.errors),
        report.replies === undefined ? '-' : String(report.replies),
        report.cpuPerRequestUs === undefined ? '-' : report.cpuPerRequestUs.toFixed(0),
      ];
    }),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  console.log(
    [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join(
      '\n',
    ),
  );
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(USAGE);
    return;
  }
  // Bounded: whatever happens, the run ends (load, drain and start-up have their own limits).
  const deadlineMs = 2 * options.durationSeconds * 1_000 + DRAIN_TIMEOUT_MS + 60_000;
  setTimeout(() => {
    console.error(`The benchmark did not finish within ${deadlineMs / 1000} s; stopping.`);
    process.exit(1);
  }, deadlineMs).unref();

  const appSecret = 'bench-app-secret';
  const poolSize = Math.max(options.customers, options.durationSeconds * POOL_PER_SECOND);
  const started: BenchTarget[] = [];
  try {
    const cloud = await startCountingCloudApi();
    started.push(cloud);
    const botOptions: BotTargetOptions = {
      graphUrl: cloud.graphUrl,
      appSecret,
      accessToken: 'bench-access-token',
      phoneNumberId: '106540352242922',
      flowsDir: 'flows',
      perNumberPerSecond: 100_000,
      // The queue needs a positive interval: 1 ms is as good as no per-customer pacing here.
      perCustomerIntervalMs: 1,
      logLevel: 'error',
    };
    const bot = await startBotTarget(botOptions);
    started.push(bot);
    const bareServer = await startBareTarget(appSecret);
    started.push(bareServer);
    printSettings(options, botOptions, poolSize);

    const job = (url: string): LoadJob => ({
      url,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      customers: options.customers,
      poolSize,
      appSecret,
      baseTimestamp: Math.floor(Date.now() / 1000) - 60,
    });
    console.log(`bare: ${options.durationSeconds} s…`);
    const bareCpu = threadCpuMs();
    const bareLoad = await runLoad(job(bareServer.url));
    const bare: TargetReport = { ...bareLoad, ...cpuPerRequest(bareCpu, bareLoad.completed) };
    console.log(`bot: ${options.durationSeconds} s…`);
    bot.takeStoreCalls(); // what start-up cost is not per message
    const botCpu = threadCpuMs();
    const botLoad = await runLoad(job(bot.url));
    const drainStarted = performance.now();
    const drained = await bot.drain(DRAIN_TIMEOUT_MS);
    const drainMs = Math.round(performance.now() - drainStarted);
    const storeCalls = bot.takeStoreCalls();
    const perMessage = (n: number) =>
      botLoad.completed === 0 ? 0 : Math.round((n / botLoad.completed) * 100) / 100;
    const botReport: TargetReport = {
      ...botLoad,
      ...cpuPerRequest(botCpu, botLoad.completed),
      replies: cloud.sends(),
      drained,
      drainMs,
      storeCallsPerMessage: perMessage(Object.values(storeCalls).reduce((a, b) => a + b, 0)),
      storeCallsByMethod: Object.fromEntries(
        Object.entries(storeCalls)
          .sort(([, a], [, b]) => b - a)
          .map(([method, n]) => [method, perMessage(n)]),
      ),
    };
    console.log('');

    printTable(bare, botReport);
    const ratio = {
      throughput: botReport.requestsPerSecond / bare.requestsPerSecond,
      p99: botReport.latencyP99Ms / bare.latencyP99Ms,
      ...(botReport.cpuPerRequestUs !== undefined && bare.cpuPerRequestUs !== undefined
        ? { cpuPerRequest: botReport.cpuPerRequestUs / bare.cpuPerRequestUs }
        : {}),
    };
    const cpuRatio =
      ratio.cpuPerRequest === undefined
        ? ''
        : `, CPU per request ${ratio.cpuPerRequest.toFixed(1)}×`;
    console.log(
      `\nbot/bare: throughput ${ratio.throughput.toFixed(2)}×, p99 latency ${ratio.p99.toFixed(1)}×${cpuRatio}`,
    );
    console.log(
      `bot replies: ${botReport.replies} sends, outbound drained ${drained ? `in ${drainMs} ms` : 'NOT'} after the load`,
    );
    console.log(
      `bot store calls per message: ${botReport.storeCallsPerMessage} (${Object.entries(
        botReport.storeCallsByMethod ?? {},
      )
        .map(([method, n]) => `${method} ${n}`)
        .join(', ')})`,
    );
    if (!drained) {
      console.log(
        `! the bot had not finished its sends ${DRAIN_TIMEOUT_MS / 1000} s after the load`,
      );
    }
    if (botReport.sent > poolSize) {
      console.log(
        `! the bot run used more than the ${poolSize} bodies: later ones were duplicates`,
      );
    }

    await mkdir('test-output', { recursive: true });
    const report = {
      date: new Date().toISOString(),
      machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, node: process.version },
      settings: {
        ...options,
        poolSize,
        conversation: CONVERSATION_SUMMARY,
        bot: { ...botOptions, appSecret: '[bench value]', accessToken: '[bench value]' },
      },
      results: { bare, bot: botReport },
      ratio,
    };
    await writeFile(OUTPUT_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `\nWritten to ${OUTPUT_FILE}. Numbers are from this machine and this run; they vary.`,
    );
  } finally {
    for (const target of started.reverse()) await target.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
