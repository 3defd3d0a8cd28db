/**
 * The transcript format (`test/conversations/*.yaml`): a conversation written down as the
 * customer's lines, the bot's expected lines, clock moves and the expected consent. Read with
 * line numbers so a mistake in a file is reported as `file:line  what is wrong`.
 */
import { isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { CONSENT_STATUSES } from '../core/consent/state.js';
import { yamlErrorText } from '../core/yaml-error.js';
import { describeIssues, plainWords } from '../zod-issues.js';

/** The bot's next message: exact text, a pattern, its buttons (or list rows), or several of these. */
const botSchema = z.union(
  [
    z.string(),
    z
      .strictObject({
        text: z.string().optional(),
        matches: z.string().optional(),
        buttons: z.array(z.string()).optional(),
      })
      .refine((b) => b.text !== undefined || b.matches !== undefined || b.buttons !== undefined, {
        message: 'must say what to expect: text, matches or buttons',
      })
      .refine((b) => b.matches === undefined || isRegExp(b.matches), {
        message: 'is not a valid regular expression',
        path: ['matches'],
      }),
  ],
  { error: 'must be a text, or {text, matches, buttons}' },
);

const consentSchema = z.strictObject({
  status: z.enum(CONSENT_STATUSES),
  categories: z.record(z.string(), z.boolean()).optional(),
});

/** Each step kind and the schema of its value. */
const STEP_SCHEMAS = {
  customer: z.string(),
  tap: z.string().min(1),
  media: z.string().min(1),
  bot: botSchema,
  silent: z.literal(true),
  clock: z.string().min(1),
  consent: consentSchema,
  window: z.enum(['open', 'closed']),
  agent: z.string().trim().min(1),
  release: z.union([z.literal(true), z.literal('notify')], {
    error: 'must be true, or notify to have the bot greet the customer back at once',
  }),
  handover: z.enum(['active', 'none']),
} as const;

/** What each step kind means, for error messages and docs. */
export const STEP_KINDS: Readonly<Record<keyof typeof STEP_SCHEMAS, string>> = {
  customer: 'the customer types a message',
  tap: 'the customer taps a button or list row of a bot message, by its title',
  media: 'the customer sends a message without text (image, sticker, location…)',
  bot: "the bot's next message: exact text, {matches: regex}, {buttons: [titles]}",
  silent: 'the bot answered nothing to the last message (silent: true)',
  clock: 'time passes, e.g. +25h, +30d, +90m, +1h30m',
  consent: 'the stored consent: {status, categories: {id: true/false}}',
  window: 'the 24-hour customer-service window is open or closed',
  agent: 'a person from the team writes to the customer (the text)',
  release:
    'the team gives the conversation back to the bot: true (it greets the customer on their next message) or notify (at once)',
  handover: 'the conversation is handed over to a person (active) or not (none)',
};

export type StepKind = keyof typeof STEP_SCHEMAS;
export type BotExpectation = z.infer<typeof botSchema>;
export type ConsentExpectation = z.infer<typeof consentSchema>;

/** One step of a transcript: exactly one kind. */
export type TranscriptStep = {
  [K in StepKind]: { readonly [P in K]: z.infer<(typeof STEP_SCHEMAS)[K]> };
}[StepKind];

export interface Transcript {
  readonly name: string;
  /** Flow id (default: the default flow). */
  readonly flow?: string;
  /** The customer's number (default: a fictional one). */
  readonly phone?: string;
  /** The language a new customer starts in (default: the flow's). */
  readonly language?: string;
  readonly steps: readonly TranscriptStep[];
  /** The file it was read from, and the line of each step, for messages. */
  readonly file?: string;
  readonly stepLines?: readonly (number | undefined)[];
}

/** A problem in a transcript file, with where it is. */
export interface TranscriptIssue {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** `file:line  message`, the way editors and terminals link to it. */
export function formatTranscriptIssue(issue: TranscriptIssue): string {
  return `${issue.file}${issue.line ? `:${issue.line}` : ''}  ${issue.message}`;
}

const headerSchema = z.strictObject(
  {
    name: z.string().min(1),
    flow: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
    language: z.string().min(2).optional(),
    steps: z.array(z.unknown()).min(1),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'must be fields such as name: and steps:' : undefined,
  },
);

/**
 * Parses a transcript's YAML source; `file` is only used in issues.
 * @example const { transcript, issues } = parseTranscript(await readFile(f, 'utf8'), f);
 */
export function parseTranscript(
  source: string,
  file: string,
): { transcript?: Transcript; issues: TranscriptIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const lineOf = (node: unknown) => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const issue = (line: number | undefined, message: string): TranscriptIssue => ({
    file,
    ...(line !== undefined ? { line } : {}),
    message,
  });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => issue(e.linePos?.[0].line, `YAML syntax: ${yamlErrorText(e)}`)),
    };
  }
  const header = headerSchema.safeParse(doc.toJS(), { error: plainWords });
  if (!header.success) {
    return {
      issues: header.error.issues.map((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
        const node = doc.getIn(path, true) ?? doc.getIn(path.slice(0, -1), true);
        const missing = i.code === 'invalid_type' && !doc.hasIn(path) && path.length > 0;
        const [problem] = describeIssues([i], { subject: 'the file' });
        return issue(
          lineOf(node) ?? lineOf(doc.contents),
          missing
            ? `${problem} (a transcript needs name and steps)`
            : `${problem} (a transcript has name, flow, phone, language and steps)`,
        );
      }),
    };
  }
  const stepNodes = doc.get('steps', true);
  const items = isSeq(stepNodes) ? stepNodes.items : [];
  const steps: TranscriptStep[] = [];
  const stepLines: (number | undefined)[] = [];
  const issues: TranscriptIssue[] = [];
  header.data.steps.forEach((raw, index) => {
    const line = lineOf(items[index]);
    const step = parseStep(raw, index);
    if (typeof step === 'string') issues.push(issue(line, step));
    else {
      steps.push(step);
      stepLines.push(line);
    }
  });
  if (issues.length > 0) return { issues };
  const { name, flow, phone, language } = header.data;
  return {
    transcript: {
      name,
      ...(flow !== undefined ? { flow } : {}),
      ...(phone !== undefined ? { phone } : {}),
      ...(language !== undefined ? { language } : {}),
      steps,
      file,
      stepLines,
    },
    issues: [],
  };
}

/** A step, or the message saying what is wrong with it. */
function parseStep(raw: unknown, index: number): TranscriptStep | string {
  const where = `steps[${index}]`;
  const kinds = Object.keys(STEP_KINDS).join(', ');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return `${where}: a step is one "kind: value" line, where kind is one of ${kinds}`;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    return `${where}: a step has exactly one kind, found ${keys.length === 0 ? 'none' : keys.join(' and ')}; split it into ${keys.length} steps`;
  }
  const kind = keys[0]!;
  if (!(kind in STEP_SCHEMAS)) {
    return `${where}: unknown step "${kind}"; use one of ${kinds}`;
  }
  const value = (raw as Record<string, unknown>)[kind];
  const parsed = STEP_SCHEMAS[kind as StepKind].safeParse(value, { error: plainWords });
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues, { prefix: kind }).join('; ');
    return `${where}: ${problems} (${kind}: ${STEP_KINDS[kind as StepKind]})`;
  }
  return { [kind]: parsed.data } as TranscriptStep;
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
