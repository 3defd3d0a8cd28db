/**
 * Plays a transcript against the real bot (turn service, flows, an in-memory store and a
 * manual clock) and reports each step: passed, failed with a readable difference, or not run
 * because an earlier step failed.
 *
 * Every bot message must be expected: a `bot` step takes the next message the bot sent, and
 * messages nobody expected fail the transcript at the next customer message, clock move or end.
 */
import { readFile } from 'node:fs/promises';
import { createManualClock } from '../core/clock.js';
import type { ConsentState } from '../core/consent/state.js';
import type { Reply } from '../core/conversation/inbound.js';
import type { FlowCatalog } from '../service/flow-catalog.js';
import { createMemoryStore } from '../store/memory/index.js';
import type { Store } from '../store/port.js';
import { normalizeForMatching } from '../core/keywords/index.js';
import { buttonsDifference, choicesOf, describeReply, textDifference } from './transcript-diff.js';
import { formatTranscriptIssue, parseTranscript } from './transcript-schema.js';
import type {
  BotExpectation,
  ConsentExpectation,
  Transcript,
  TranscriptStep,
} from './transcript-schema.js';
import { parseClockStep } from './clock-step.js';
import { createSimulator, SIMULATOR_DEFAULT_PHONE } from './simulator.js';
import { SimulatorError } from './simulator-error.js';
import type { Simulator } from './simulator.js';

/** Where simulated time starts: a Monday morning, so transcripts never depend on today. */
export const TRANSCRIPT_START = Date.parse('2026-03-02T09:00:00Z');

export type StepStatus = 'passed' | 'failed' | 'not run';

export interface StepResult {
  /** 1-based step number; `steps.length + 1` for the check after the last step. */
  readonly number: number;
  readonly line?: number;
  /** The step as written, on one line: `customer: "hello"`. */
  readonly step: string;
  readonly status: StepStatus;
  /** Why it failed, over several lines (expected vs got). */
  readonly difference?: string;
}

export interface TranscriptResult {
  readonly name: string;
  readonly file?: string;
  readonly passed: boolean;
  readonly steps: readonly StepResult[];
}

export interface RunTranscriptOptions {
  readonly flows: FlowCatalog;
  /** Default: a fresh in-memory store, so transcripts never see each other. */
  readonly store?: Store;
  /** Default: {@link TRANSCRIPT_START}. */
  readonly startAt?: number;
}

/** A step failed: `difference` says why. */
class StepFailure extends Error {}

/**
 * Runs one transcript.
 * @example
 * const result = await runTranscript(transcript, { flows: catalog });
 * if (!result.passed) console.log(formatTranscriptResult(result));
 */
export async function runTranscript(
  transcript: Transcript,
  options: RunTranscriptOptions,
): Promise<TranscriptResult> {
  const phone = transcript.phone ?? SIMULATOR_DEFAULT_PHONE;
  const results: StepResult[] = [];
  const lineOf = (index: number) => transcript.stepLines?.[index];
  const record = (index: number, step: string, status: StepStatus, difference?: string) =>
    results.push({
      number: index + 1,
      ...(lineOf(index) !== undefined ? { line: lineOf(index)! } : {}),
      step,
      status,
      ...(difference !== undefined ? { difference } : {}),
    });

  let sim: Simulator;
  try {
    sim = createSimulator({
      flows: options.flows,
      store: options.store ?? createMemoryStore(),
      clock: createManualClock(options.startAt ?? TRANSCRIPT_START),
      ...(transcript.flow !== undefined ? { flowId: transcript.flow } : {}),
      ...(transcript.language !== undefined ? { language: transcript.language } : {}),
    });
  } catch (error) {
    record(0, 'start', 'failed', `  ${messageOf(error)}`);
    return finish(transcript, results);
  }

  const play = createPlayer(sim, phone);
  let failed = false;
  for (const [index, step] of transcript.steps.entries()) {
    const text = describeStep(step);
    if (failed) {
      record(index, text, 'not run');
      continue;
    }
    try {
      await play(step);
      record(index, text, 'passed');
    } catch (error) {
      failed = true;
      record(
        index,
        text,
        'failed',
        error instanceof StepFailure ? error.message : `  ${messageOf(error)}`,
      );
    }
  }
  if (!failed) {
    try {
      play.checkNothingLeft('after the last step');
    } catch (error) {
      results.push({
        number: transcript.steps.length + 1,
        step: '(end of transcript)',
        status: 'failed',
        difference: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return finish(transcript, results);
}

function finish(transcript: Transcript, steps: StepResult[]): TranscriptResult {
  return {
    name: transcript.name,
    ...(transcript.file !== undefined ? { file: transcript.file } : {}),
    passed: steps.every((s) => s.status === 'passed'),
    steps,
  };
}

/** The step-by-step player: keeps the bot messages not yet checked and those seen so far. */
function createPlayer(sim: Simulator, phone: string) {
  let pending: Reply[] = [];
  let lastTurn: Reply[] = [];
  const seen: Reply[] = [];

  const checkNothingLeft = (when: string) => {
    if (pending.length === 0) return;
    const lines = pending.map((r) => `    ${describeReply(r)}`);
    pending = [];
    throw new StepFailure(
      [
        `  the bot sent ${lines.length === 1 ? 'a message' : `${lines.length} messages`} the transcript does not expect (${when}):`,
        ...lines,
        '  add a bot step for each, or check why the bot said it',
      ].join('\n'),
    );
  };

  const deliver = async (input: Parameters<Simulator['send']>[1]) => {
    checkNothingLeft('before this step');
    lastTurn = await sim.send(phone, input);
    pending = [...lastTurn];
    seen.push(...lastTurn);
  };

  const play = async (step: TranscriptStep): Promise<void> => {
    if ('customer' in step) return deliver({ text: step.customer });
    if ('media' in step) return deliver({ other: step.media });
    if ('tap' in step) {
      const choice = findChoice(seen, step.tap);
      return deliver({ choiceId: choice.id, title: choice.title });
    }
    if ('bot' in step) {
      const reply = pending.shift();
      if (!reply) {
        throw new StepFailure(
          `  expected the bot to send ${describeExpectation(step.bot)}\n       got: nothing more`,
        );
      }
      return checkReply(step.bot, reply);
    }
    if ('silent' in step) {
      if (lastTurn.length === 0) return;
      throw new StepFailure(
        ['  expected no answer, got:', ...lastTurn.map((r) => `    ${describeReply(r)}`)].join(
          '\n',
        ),
      );
    }
    if ('clock' in step) {
      checkNothingLeft('before the clock moved');
      sim.advance(parseClockStep(step.clock));
      return;
    }
    if ('agent' in step) {
      checkNothingLeft('before the agent wrote');
      lastTurn = [];
      return sim.agent(phone, step.agent);
    }
    if ('release' in step) {
      checkNothingLeft('before the conversation was given back');
      lastTurn = await sim.release(phone, { notify: step.release === 'notify' });
      pending = [...lastTurn];
      seen.push(...lastTurn);
      return;
    }
    if ('handover' in step) {
      const active = (await sim.handover(phone)) !== undefined ? 'active' : 'none';
      if (active !== step.handover) {
        throw new StepFailure(
          `  expected the hand-over to be ${step.handover}\n       got: ${active}`,
        );
      }
      return;
    }
    if ('consent' in step) {
      const categories = sim.flow().definition.categories.map((c) => c.id);
      return checkConsent(step.consent, await sim.consent(phone), categories);
    }
    const window = (await sim.window(phone)).open ? 'open' : 'closed';
    if (window !== step.window) {
      throw new StepFailure(`  expected the window to be ${step.window}\n       got: ${window}`);
    }
  };
  return Object.assign(play, { checkNothingLeft });
}

/** The newest button or list row with this title (exact, else ignoring case and accents). */
function findChoice(seen: readonly Reply[], title: string) {
  const all = [...seen].reverse().flatMap((r) => choicesOf(r));
  const found =
    all.find((c) => c.title === title) ??
    all.find((c) => normalizeForMatching(c.title) === normalizeForMatching(title));
  if (found) return found;
  const last = [...seen].reverse().find((r) => choicesOf(r).length > 0);
  const offered = last ? choicesOf(last) : [];
  throw new StepFailure(
    `  no button or list row titled "${title}" in the bot's messages so far\n  the last buttons were: ${
      offered.length > 0 ? offered.map((c) => `[${c.title}]`).join(' ') : '(none)'
    }`,
  );
}

function checkReply(expected: BotExpectation, reply: Reply): void {
  const want = typeof expected === 'string' ? { text: expected } : expected;
  const problems: string[] = [];
  if (want.text !== undefined && want.text !== reply.text) {
    problems.push(textDifference(want.text, reply.text));
  }
  if (want.matches !== undefined && !new RegExp(want.matches, 'u').test(reply.text)) {
    problems.push(
      `  expected a text matching /${want.matches}/\n       got: ${JSON.stringify(reply.text)}`,
    );
  }
  if (want.buttons !== undefined) {
    const titles = choicesOf(reply).map((c) => c.title);
    if (titles.join('\u0000') !== want.buttons.join('\u0000')) {
      problems.push(buttonsDifference(want.buttons, titles));
    }
  }
  if (problems.length > 0) throw new StepFailure(problems.join('\n'));
}

/** `categories`: the flow's category ids; a step naming another one checks nothing, so it fails. */
function checkConsent(
  expected: ConsentExpectation,
  got: ConsentState,
  categories: readonly string[],
): void {
  const unknown = Object.keys(expected.categories ?? {}).filter((id) => !categories.includes(id));
  if (unknown.length > 0) {
    throw new StepFailure(
      unknown
        .map((id) => `  the flow has no category "${id}"; it has ${categories.join(', ')}`)
        .join('\n'),
    );
  }
  const problems: string[] = [];
  if (expected.status !== got.status) {
    problems.push(
      `  expected consent status: ${expected.status}\n                     got: ${got.status}`,
    );
  }
  for (const [id, allowed] of Object.entries(expected.categories ?? {})) {
    const actual = got.categories[id] ?? false;
    if (actual !== allowed) {
      problems.push(`  expected category ${id}: ${String(allowed)}\n  got: ${String(actual)}`);
    }
  }
  if (problems.length > 0) {
    problems.push(`  stored consent: ${describeConsent(got)}`);
    throw new StepFailure(problems.join('\n'));
  }
}

/** `opted_in (orders: yes, offers: no)`. */
export function describeConsent(consent: ConsentState): string {
  const categories = Object.entries(consent.categories).map(
    ([id, on]) => `${id}: ${on ? 'yes' : 'no'}`,
  );
  return categories.length > 0 ? `${consent.status} (${categories.join(', ')})` : consent.status;
}

function describeExpectation(expected: BotExpectation): string {
  if (typeof expected === 'string') return JSON.stringify(expected);
  const parts = [
    expected.text !== undefined ? JSON.stringify(expected.text) : undefined,
    expected.matches !== undefined ? `a text matching /${expected.matches}/` : undefined,
    expected.buttons !== undefined ? expected.buttons.map((b) => `[${b}]`).join(' ') : undefined,
  ];
  return parts.filter(Boolean).join(' ');
}

/** A step on one line, as written: `customer: "hello"`. */
export function describeStep(step: TranscriptStep): string {
  const [kind, value] = Object.entries(step)[0] as [string, unknown];
  return `${kind}: ${JSON.stringify(value)}`;
}

function messageOf(error: unknown): string {
  if (error instanceof SimulatorError || error instanceof StepFailure) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A result as a person reads it: ✓ or ✗ and the name, then for a failure the step, its line
 * and the difference.
 */
export function formatTranscriptResult(result: TranscriptResult): string {
  const where = result.file ?? result.name;
  if (result.passed) return `✓ ${result.name}`;
  const lines = [`✗ ${result.name}`];
  for (const step of result.steps.filter((s) => s.status === 'failed')) {
    const at = step.line !== undefined ? `${where}:${step.line}` : where;
    lines.push(`  step ${step.number} (${at}) ${step.step}`, step.difference ?? '');
  }
  const notRun = result.steps.filter((s) => s.status === 'not run').length;
  if (notRun > 0) lines.push(`  (${notRun} later step${notRun === 1 ? '' : 's'} not run)`);
  return lines.join('\n');
}

/** Reads and parses a transcript file; problems in the file come back as formatted lines. */
export async function loadTranscriptFile(
  file: string,
): Promise<{ transcript?: Transcript; problems: string[] }> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : messageOf(error);
    return { problems: [`${file}  cannot be read (${reason})`] };
  }
  const { transcript, issues } = parseTranscript(source, file);
  return transcript
    ? { transcript, problems: [] }
    : { problems: issues.map(formatTranscriptIssue) };
}
