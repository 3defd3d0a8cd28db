/**
 * `npm run bench -- [--connections 32] [--customers 1000] [--rounds 2] [--conversation taps|typed]`: drives whole
 * conversations of signed WhatsApp webhooks at the real bot server and at a bare restify baseline
 * (signature check and JSON parse only), one after the other in the same run, and reports for
 * each the CPU per message, messages per second (for the bot: until its replies have all been
 * sent), latency percentiles, and for the bot the store calls per message and resident memory.
 * The fake Cloud API and the load generator run in worker threads, so the main thread's CPU is
 * the server's alone. The report goes to stdout and to test-output/bench.json, compared with the
 * previous run's when there is one. A benchmark, not a test: see docs/benchmark.md.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import {
  CONVERSATIONS,
  MAX_CUSTOMERS,
  conversationSummary,
  messagesOf,
  type ConversationName,
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
import { startTsWorker } from './bench/ts-worker.js';

const USAGE =
  'Usage: npm run bench -- [--connections 32] [--customers 1000] [--rounds 2] [--conversation taps|typed]';
const OUTPUT_FILE = 'test-output/bench.json';
/** How long the bot may take, after the load stops, to finish its turns and sends. */
const DRAIN_TIMEOUT_MS = 60_000;
/** How often resident memory is sampled during the bot's run. */
const RSS_SAMPLE_MS = 100;

interface BenchOptions {
  readonly connections: number;
  readonly customers: number;
  readonly rounds: number;
  readonly conversation: ConversationName;
}

/** One target's figures, as bench.json keeps them (other tools read these names). */
interface TargetReport extends LoadSummary {
  /** Messages (webhooks) sent to the target. */
  readonly messages: number;
  /**
   * Messages ÷ seconds from the first request until the target was done: for the bot, until
   * every reply had reached the fake Cloud API (its sends run behind the 200s under load).
   */
  readonly messagesPerSecond: number;
  readonly p99Ms: number;
  /**
   * On-CPU time of the main thread per message, µs (Linux; absent elsewhere): the server alone,
   * from the first request until it was done.
   */
  readonly cpuMicrosPerMessage?: number;
  /** Bot only: sends the fake Cloud API received. */
  readonly replies?: number;
  /** Bot only: how long its sends went on after the last webhook was answered. */
  readonly drainMs?: number;
  readonly drained?: boolean;
  /** Bot only: store port calls per message (the round trips a database would see), and by method. */
  readonly storeCallsPerMessage?: number;
  readonly storeCallsByMethod?: Record<string, number>;
  /** Bot only: the process's peak resident memory during the bot's run, MB (workers included). */
  readonly rssMB?: number;
}

interface BenchReport {
  readonly date: string;
  /** The conversation driven (runs before `--conversation` drove the taps, named by its steps). */
  readonly settings?: { readonly conversation?: string };
  readonly results: { readonly bare: TargetReport; readonly bot: TargetReport };
}

function parseOptions(): BenchOptions | undefined {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '32' },
      customers: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '2' },
      conversation: { type: 'string', default: 'taps' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  return {
    connections: wholeNumber('--connections', values.connections, 1, 1_000),
    customers: wholeNumber('--customers', values.customers, 1, MAX_CUSTOMERS),
    rounds: wholeNumber('--rounds', values.rounds, 1, 100),
    conversation: conversationNamed(values.conversation),
  };
}

function conversationNamed(raw: string): ConversationName {
  if (Object.hasOwn(CONVERSATIONS, raw)) return raw as ConversationName;
  const names = Object.keys(CONVERSATIONS).join(' or ');
  throw new Error(`--conversation ${raw}: give ${names}. ${USAGE}`);
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${flag} ${raw}: give a whole number from ${min} to ${max}. ${USAGE}`);
  }
  return value;
}

/** Runs autocannon in a worker thread (see bench/load-worker.ts). */
function runLoad(job: LoadJob): Promise<LoadSummary> {
  const worker = startTsWorker(new URL('./bench/load-worker.ts', import.meta.url), job);
  return new Promise<LoadSummary>((resolve, reject) => {
    worker.once('message', (summary: LoadSummary) => resolve(summary));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited (${code}) early`)));
  }).finally(() => worker.terminate());
}

/** Samples the process's resident memory until stopped; the peak, in MB. */
function watchRss(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20);
  };
}

/**
 * Loads one target and, when `done` is given, waits for it (the bot's sends); its figures, from
 * the first request until then.
 */
async function measure(job: LoadJob, done?: () => Promise<boolean>): Promise<TargetReport> {
  const cpuStart = threadCpuMs();
  const started = performance.now();
  const load = await runLoad(job);
  const loadEnded = performance.now();
  const drained = done ? await done() : undefined;
  const ended = performance.now();
  const cpuEnd = threadCpuMs();
  const messages = messagesOf(job);
  return {
    ...load,
    messages,
    messagesPerSecond: (load.completed * 1000) / (ended - started),
    p99Ms: load.latencyP99Ms,
    ...(cpuStart === undefined || cpuEnd === undefined || load.completed === 0
      ? {}
      : { cpuMicrosPerMessage: ((cpuEnd - cpuStart) * 1000) / load.completed }),
    ...(drained === undefined ? {} : { drained, drainMs: Math.round(ended - loadEnded) }),
  };
}

function printSettings(options: BenchOptions, bot: BotTargetOptions): void {
  const cores = availableParallelism();
  console.log(
    [
      `Benchmark on ${cores} core(s), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
      `  load        autocannon in a worker thread, ${options.connections} connections, bare first, then bot`,
      `  webhooks    ${options.customers} customers (+1 415 555 0000…) × ${options.rounds} rounds of the conversation = ${messagesOf(options)} signed webhooks, each sent once`,
      `  conversation ${options.conversation}: ${conversationSummary(options.conversation)}`,
      `  bot         createServer, memory store, flows from ${bot.flowsDir}/, NODE_ENV=production, log level ${bot.logLevel} (stderr)`,
      `  Cloud API   fake, in a worker thread, on ${bot.graphUrl}: every send answered 200`,
      `  pacing      perNumberPerSecond ${bot.perNumberPerSecond}, perCustomerIntervalMs ${bot.perCustomerIntervalMs}`,
      `  bare        restify, same body reader, X-Hub-Signature-256 check and JSON.parse, 200`,
      '',
    ].join('\n'),
  );
}

function printTable(bare: TargetReport, bot: TargetReport): void {
  const cell = (value: number | undefined, digits = 0) =>
    value === undefined ? '-' : value.toFixed(digits);
  const header = [
    'target',
    'CPU µs/msg',
    'msg/s',
    'p50 ms',
    'p99 ms',
    'messages',
    'non-2xx',
    'errors',
  ];
  const line = (name: string, r: TargetReport) => [
    name,
    cell(r.cpuMicrosPerMessage),
    cell(r.messagesPerSecond),
    cell(r.latencyP50Ms, 1),
    cell(r.p99Ms, 1),
    String(r.completed),
    String(r.non2xx),
    String(r.errors),
  ];
  const table = [header, line('bare', bare), line('bot', bot)];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    row
      .map((text, column) =>
        column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!),
      )
      .join('  ');
  console.log(
    [
      format(table[0]!),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...table.slice(1).map(format),
    ].join('\n'),
  );
  console.log(
    `\nbot: ${bot.replies ?? 0} replies sent, the last ${bot.drainMs ?? 0} ms after the last webhook was answered${bot.drained === false ? ' (NOT all sent within the drain timeout)' : ''}; ` +
      `${bot.storeCallsPerMessage ?? '-'} store calls per message (${Object.entries(
        bot.storeCallsByMethod ?? {},
      )
        .map(([method, n]) => `${method} ${n}`)
        .join(', ')}); peak RSS ${bot.rssMB ?? '-'} MB (the whole process, workers included)`,
  );
}

/** The previous run's report, when test-output/bench.json has one in this format. */
async function readPrevious(): Promise<BenchReport | undefined> {
  try {
    const previous = JSON.parse(await readFile(OUTPUT_FILE, 'utf8')) as Partial<BenchReport>;
    return previous.results?.bot?.cpuMicrosPerMessage === undefined
      ? undefined
      : (previous as BenchReport);
  } catch {
    return undefined;
  }
}

/** The bot's figures beside the previous run's, with the change in per cent. */
function printComparison(previous: BenchReport, bot: TargetReport): void {
  const before = previous.results.bot;
  const figures: [string, number | undefined, number | undefined, 'lower' | 'higher'][] = [
    ['CPU µs/msg', before.cpuMicrosPerMessage, bot.cpuMicrosPerMessage, 'lower'],
    ['msg/s', before.messagesPerSecond, bot.messagesPerSecond, 'higher'],
    ['p99 ms', before.p99Ms, bot.p99Ms, 'lower'],
    ['store calls/msg', before.storeCallsPerMessage, bot.storeCallsPerMessage, 'lower'],
    ['RSS MB', before.rssMB, bot.rssMB, 'lower'],
  ];
  console.log(`\nbot compared with the previous run (${previous.date}):`);
  for (const [name, was, now, better] of figures) {
    if (was === undefined || now === undefined) continue;
    const change = was === 0 ? 0 : ((now - was) / was) * 100;
    const verdict =
      Math.abs(change) < 1 ? 'same' : change < 0 === (better === 'lower') ? 'better' : 'worse';
    console.log(
      `  ${name.padEnd(16)} ${format(was).padStart(9)} → ${format(now).padStart(9)}  ${change >= 0 ? '+' : ''}${change.toFixed(1)} % (${verdict})`,
    );
  }
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(USAGE);
    return;
  }
  const appSecret = 'bench-app-secret';
  const started: BenchTarget[] = [];
  const previous = await readPrevious();
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
      // The pacer needs a positive interval: 1 ms is as good as no per-customer pacing here.
      perCustomerIntervalMs: 1,
      logLevel: 'error',
    };
    const bot = await startBotTarget(botOptions);
    started.push(bot);
    const bareServer = await startBareTarget(appSecret);
    started.push(bareServer);
    printSettings(options, botOptions);

    const job = (url: string): LoadJob => ({
      url,
      connections: options.connections,
      customers: options.customers,
      rounds: options.rounds,
      conversation: options.conversation,
      appSecret,
      baseTimestamp: Math.floor(Date.now() / 1000) - 60,
    });
    console.log('bare…');
    const bare = await measure(job(bareServer.url));
    console.log('bot…');
    bot.takeStoreCalls(); // what start-up cost is not per message
    const rss = watchRss();
    const measured = await measure(job(bot.url), () => bot.drain(DRAIN_TIMEOUT_MS));
    const rssMB = rss();
    const storeCalls = bot.takeStoreCalls();
    const perMessage = (n: number) =>
      measured.completed === 0 ? 0 : Math.round((n / measured.completed) * 100) / 100;
    const botReport: TargetReport = {
      ...measured,
      replies: cloud.sends(),
      storeCallsPerMessage: perMessage(Object.values(storeCalls).reduce((a, b) => a + b, 0)),
      storeCallsByMethod: Object.fromEntries(
        Object.entries(storeCalls)
          .sort(([, a], [, b]) => b - a)
          .map(([method, n]) => [method, perMessage(n)]),
      ),
      rssMB,
    };
    console.log('');
    printTable(bare, botReport);
    if (previous) {
      const drove = previous.settings?.conversation ?? '';
      const was = Object.hasOwn(CONVERSATIONS, drove) ? drove : 'taps';
      if (was === options.conversation) printComparison(previous, botReport);
      else console.log(`\nThe previous run drove the ${was} conversation: not compared.`);
    }

    await mkdir('test-output', { recursive: true });
    const report = {
      date: new Date().toISOString(),
      machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, node: process.version },
      settings: {
        ...options,
        messages: messagesOf(options),
        conversationSteps: conversationSummary(options.conversation),
        bot: { ...botOptions, appSecret: '[bench value]', accessToken: '[bench value]' },
      },
      results: { bare, bot: botReport },
      ratio: {
        cpuPerMessage:
          botReport.cpuMicrosPerMessage !== undefined && bare.cpuMicrosPerMessage !== undefined
            ? botReport.cpuMicrosPerMessage / bare.cpuMicrosPerMessage
            : null,
        messagesPerSecond: botReport.messagesPerSecond / bare.messagesPerSecond,
        p99: botReport.p99Ms / bare.p99Ms,
      },
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
