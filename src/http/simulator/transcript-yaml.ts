import { stringify } from 'yaml';
import { z } from 'zod';
import { CONSENT_STATUSES } from '../../core/consent/state.js';
import { ValidationError } from '../../errors.js';

const line = z.string().max(4096);
/** One step of a transcript (`test/conversations/*.yaml`), as the page records them. */
const step = z.union([
  z.strictObject({ customer: line }),
  z.strictObject({ tap: line }),
  z.strictObject({ bot: line }),
  z.strictObject({ clock: z.string().regex(/^\+\d+(\.\d+)?[smhd]$/, 'must look like +25h') }),
  z.strictObject({
    consent: z.strictObject({
      status: z.enum(CONSENT_STATUSES),
      categories: z.array(z.string().max(100)).max(100).optional(),
    }),
  }),
  z.strictObject({ silent: z.literal(true) }),
]);

const transcript = z.strictObject({
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().min(1).max(40),
  language: z.string().trim().min(2).max(10).optional(),
  steps: z.array(step).max(2000),
});

/** A simulator session as the page sends it for export. */
export type TranscriptExport = z.infer<typeof transcript>;

/**
 * Turns a simulator session into transcript YAML, ready to save under `test/conversations/`
 * and replay with the transcripts script. Validates the steps so the file always loads.
 * @example transcriptToYaml({ name: 'stop', phone: '+14155550123', steps: [{ customer: 'STOP' }] })
 */
export function transcriptToYaml(body: unknown): { filename: string; yaml: string } {
  const parsed = transcript.safeParse(body ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`);
    throw new ValidationError('invalid_transcript', `Cannot export: ${problems.join('; ')}`);
  }
  const { name, phone, language, steps } = parsed.data;
  const header = `# Recorded in the /simulator page. Replay it with: npm run transcripts\n`;
  const yaml = stringify(
    { name, phone, ...(language ? { language } : {}), steps },
    { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' },
  );
  return { filename: `${slug(name)}.yaml`, yaml: header + yaml };
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'transcript';
}
