import { z } from 'zod';
import type { ContactRef } from '../../core/identity.js';
import { ValidationError } from '../../errors.js';
import { createTranscriptRecorder } from '../../simulation/transcript-recorder.js';
import type { Store } from '../../store/port.js';
import { describeIssues, plainWords } from '../../zod-issues.js';
import { withStoredNumberForm } from '../../service/resolve-identifier.js';

const line = z.string().max(4096);
const choice = z.strictObject({ id: z.string(), title: z.string() });
const reply = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: line }),
  z.strictObject({ type: z.literal('buttons'), text: line, buttons: z.array(choice).max(3) }),
  z.strictObject({
    type: z.literal('list'),
    text: line,
    button: z.string(),
    rows: z.array(choice).max(10),
  }),
]);

/** What happened in a page session, in order, as the page sends it for export. */
const sessionEntry = z.union([
  z.strictObject({ customer: line }),
  z.strictObject({ tap: line }),
  /** The bot's replies to the customer's last message (an empty list: it said nothing). */
  z.strictObject({ replies: z.array(reply).max(20) }),
  z.strictObject({ clock: z.string().max(40) }),
  /** A message the tester wrote as the agent during a hand-over. */
  z.strictObject({ agent: line }),
  /** The tester gave the conversation back (the bot's greeting follows as `replies`). */
  z.strictObject({ release: z.union([z.literal(true), z.literal('notify')]) }),
]);

const exportRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().min(1).max(40),
  /** The flow the page chatted with (its flow menu). */
  flow: z.string().trim().min(1).max(100).optional(),
  language: z.string().trim().min(2).max(10).optional(),
  session: z.array(sessionEntry).max(2000),
});

/** The request body of `POST /simulator/api/transcript`. */
export type TranscriptExportRequest = z.infer<typeof exportRequest>;

/**
 * Turns a page session into transcript YAML (`test/conversations/*.yaml`) with the same
 * recorder as the terminal simulator, ending with the consent the store holds now, so a tester
 * can save it and make it a regression test.
 */
export async function exportTranscript(
  store: Store,
  contact: ContactRef,
  body: unknown,
): Promise<{ filename: string; yaml: string }> {
  const parsed = exportRequest.safeParse(body ?? {}, { error: plainWords });
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues, { subject: 'the body' });
    throw new ValidationError('invalid_transcript', `Cannot export: ${problems.join('; ')}.`);
  }
  const { name, phone, flow, language, session } = parsed.data;
  const recorder = createTranscriptRecorder({
    phone,
    ...(flow ? { flow } : {}),
    ...(language ? { language } : {}),
  });
  for (const entry of session) {
    if ('customer' in entry) recorder.customer(entry.customer);
    else if ('tap' in entry) recorder.tap(entry.tap);
    else if ('replies' in entry) recorder.bot(entry.replies);
    else if ('agent' in entry) recorder.agent(entry.agent);
    else if ('release' in entry) recorder.release(entry.release === 'notify');
    else recorder.clock(entry.clock);
  }
  const stored = await store.findContact(await withStoredNumberForm(store, contact));
  const header = '# Recorded in the /simulator page. Replay it with: npm run transcripts\n';
  return {
    filename: `${slug(name)}.yaml`,
    yaml: header + recorder.toYaml(name, stored?.consent),
  };
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'transcript';
}
