import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compareRates, wilsonInterval } from '../../src/core/report/index.js';
import { drawVariant } from '../../src/core/flow/question-variants.js';
import type { ConsentTexts } from '../../src/core/flow/definition.js';
import { ROOT, runProgram } from '../support/program.js';

/**
 * Issue 12: a question experiment run by the terminal simulator over 200 fictional customers,
 * whose report shows the two opt-in rates. Customers shown the short wording say yes more
 * often (3 in 5) than those shown the standard one (1 in 5); `/report` must tell.
 */
const SHORT =
  'Get {categories} from {business} on WhatsApp? You choose which ones. Reply STOP at any time to stop them.';

/** 200 fictional numbers: +1 415 555 0100–0199 and +34 600 000 100–199. */
const PHONES = [
  ...Array.from({ length: 100 }, (_, i) => `+1415555${String(100 + i).padStart(4, '0')}`),
  ...Array.from({ length: 100 }, (_, i) => `+34600000${String(100 + i)}`),
];

describe('a question experiment in the terminal simulator', () => {
  it('runs 200 customers through two wordings and reports both opt-in rates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'experiment-'));
    try {
      const doc = parseDocument(await readFile(join(ROOT, 'flows/default.yaml'), 'utf8'));
      doc.setIn(
        ['texts', 'en', 'questionVariants'],
        [{ id: 'short', weight: 50, question: SHORT }],
      );
      await writeFile(join(dir, 'default.yaml'), doc.toString());
      const texts = (doc.toJS() as { texts: Record<string, ConsentTexts> }).texts['en']!;

      // Each customer: switch to them, say hello, answer (4: "Yes, all of them", 6: "No, thanks").
      const tally = { short: { asked: 0, yes: 0 }, standard: { asked: 0, yes: 0 } };
      const script = PHONES.flatMap((phone, i) => {
        const variant = drawVariant(texts, `default:en:${phone}`) as 'short' | 'standard';
        const yes = variant === 'short' ? i % 5 < 3 : i % 5 < 1;
        tally[variant].asked += 1;
        if (yes) tally[variant].yes += 1;
        return [`/as ${phone}`, 'hello', yes ? '4' : '6'];
      });
      script.push('/report version,variant');

      const { code, stdout, stderr } = await runProgram(
        'scripts/simulate.ts',
        ['--flows', dir, '--lang', 'en'],
        { env: { ...process.env, MONGODB_URI: '' }, input: `${script.join('\n')}\n` },
      );
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

      expect(tally.short.asked).toBeGreaterThan(70);
      expect(tally.standard.asked).toBeGreaterThan(70);
      const report = stdout.slice(stdout.lastIndexOf('you> /report'));
      const percent = (v: number) => `${(v * 100).toFixed(1)} %`;
      for (const variant of ['short', 'standard'] as const) {
        const { asked, yes } = tally[variant];
        const [low, high] = wilsonInterval(yes, asked);
        const rate = Math.round((yes / asked) * 10_000) / 10_000;
        const interval = `${percent(Math.round(low * 1e4) / 1e4)} – ${percent(Math.round(high * 1e4) / 1e4)}`;
        expect(report).toMatch(
          new RegExp(
            `3 · ${variant} +${asked} +${yes} +\\(${yes}/0\\) +${asked - yes} +0 +0 +${percent(rate).replace('.', '\\.')} +${interval.replace(/\./g, '\\.')}`,
          ),
        );
      }
      const { difference, significant } = compareRates(
        tally.short.yes,
        tally.short.asked,
        tally.standard.yes,
        tally.standard.asked,
      );
      expect(significant).toBe(true);
      expect(report).toContain(
        `3 · short vs 3 · standard: +${(Math.round(difference * 1e4) / 100).toFixed(1)} points, significant (two-proportion z-test, 5 %)`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
