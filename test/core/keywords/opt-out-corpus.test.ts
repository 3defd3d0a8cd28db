import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_CONSENT } from '../../../src/core/consent/state.js';
import { interpretMessage } from '../../../src/core/conversation/interpret-message.js';
import { shippedFlows } from '../../support/shipped-flows.js';

/**
 * The labelled corpora of what customers type (corpus/*.yaml), read by the shipped flow's real
 * interpretation. Each run prints how many sentences of each class are handled right; no
 * sentence that is not an opt-out may ever opt out directly.
 */
type Label = 'optOut' | 'marketing' | 'notOptOut';
type Corpus = Record<string, Partial<Record<Label, string[]>>>;
type Outcome =
  'opts out' | 'offers to stop some' | 'asks whether to stop' | 'nothing about stopping';

const flow = shippedFlows.find((f) => f.definition.id === 'default')!;
const marketing = flow.definition.categories
  .filter((c) => c.whatsappCategory === 'MARKETING')
  .map((c) => c.id);

function outcomeOf(
  text: string,
  language: string,
): { outcome: Outcome; categories?: readonly string[] } {
  const facts = {
    now: 0,
    messageId: 'corpus',
    consent: UNKNOWN_CONSENT,
    windowStartedAt: 0,
    firstMessage: false,
  };
  const event = interpretMessage({ kind: 'text', text }, flow.keywords, facts, { language });
  switch (event.type) {
    case 'keyword.optout':
      return { outcome: 'opts out' };
    case 'stop.some':
      return { outcome: 'offers to stop some', categories: event.categories };
    case 'stop.ambiguous':
      return { outcome: 'asks whether to stop' };
    default:
      return { outcome: 'nothing about stopping' };
  }
}

/** Handled right: an opt-out stops (or asks); "stop the promos" offers just those; anything else neither. */
function handledRight(label: Label, result: ReturnType<typeof outcomeOf>): boolean {
  switch (label) {
    case 'optOut':
      return result.outcome === 'opts out' || result.outcome === 'asks whether to stop';
    case 'marketing':
      return (
        result.outcome === 'offers to stop some' &&
        result.categories?.length === marketing.length &&
        marketing.every((id) => result.categories?.includes(id))
      );
    case 'notOptOut':
      return result.outcome === 'nothing about stopping';
  }
}

async function load(file: string): Promise<Corpus> {
  return parse(await readFile(new URL(`corpus/${file}`, import.meta.url), 'utf8')) as Corpus;
}

/** Reads a corpus, prints its score per language and class, and returns every result. */
async function score(file: string) {
  const corpus = await load(file);
  const results: {
    language: string;
    label: Label;
    text: string;
    outcome: Outcome;
    right: boolean;
  }[] = [];
  for (const [language, classes] of Object.entries(corpus)) {
    for (const [label, sentences] of Object.entries(classes) as [Label, string[]][]) {
      for (const text of sentences) {
        const result = outcomeOf(text, language);
        results.push({
          language,
          label,
          text,
          outcome: result.outcome,
          right: handledRight(label, result),
        });
      }
    }
  }
  const lines = [`${file}: handled right`];
  for (const label of ['optOut', 'marketing', 'notOptOut'] as const) {
    const of = results.filter((r) => r.label === label);
    const right = of.filter((r) => r.right).length;
    const perLanguage = Object.keys(corpus)
      .map((l) => {
        const mine = of.filter((r) => r.language === l);
        return `${l} ${mine.filter((r) => r.right).length}/${mine.length}`;
      })
      .join(', ');
    lines.push(
      `  ${label.padEnd(10)} ${right}/${of.length} (${Math.round((100 * right) / Math.max(1, of.length))}%): ${perLanguage}`,
    );
  }
  const wrong = results.filter((r) => !r.right);
  if (wrong.length > 0) lines.push('  not handled right:');
  for (const r of wrong) {
    lines.push(`    ${r.language} ${r.label}: ${JSON.stringify(r.text)} → ${r.outcome}`);
  }
  console.info(lines.join('\n'));
  return results;
}

const scores = new Map<string, ReturnType<typeof score>>();
/** Each corpus is read and reported once per run. */
const scored = (file: string) => {
  const known = scores.get(file);
  if (known) return known;
  const fresh = score(file);
  scores.set(file, fresh);
  return fresh;
};

const rate = (results: Awaited<ReturnType<typeof score>>, labels: readonly Label[]) => {
  const of = results.filter((r) => labels.includes(r.label));
  return of.filter((r) => r.right).length / of.length;
};

describe('opt-out phrasings customers type (labelled corpora)', () => {
  it('has at least 150 opt-out phrasings and 150 other sentences across en, es and pt', async () => {
    const all = await Promise.all(
      [
        'opt-out-corpus.yaml',
        'opt-out-second-round.yaml',
        'opt-out-third-round.yaml',
        'opt-out-fourth-round.yaml',
      ].map(load),
    );
    const count = (labels: Label[]) =>
      all.flatMap((c) =>
        Object.values(c).flatMap((classes) => labels.flatMap((l) => classes[l] ?? [])),
      ).length;
    expect(count(['optOut', 'marketing'])).toBeGreaterThanOrEqual(150);
    expect(count(['notOptOut'])).toBeGreaterThanOrEqual(150);
    for (const corpus of all) expect(Object.keys(corpus).sort()).toEqual(['en', 'es', 'pt']);
  });

  it.each([
    'opt-out-corpus.yaml',
    'opt-out-second-round.yaml',
    'opt-out-third-round.yaml',
    'opt-out-fourth-round.yaml',
  ])('never opts out directly on a sentence that is not an opt-out (%s)', async (file) => {
    const results = await scored(file);
    const wrong = results.filter((r) => r.label === 'notOptOut' && r.outcome === 'opts out');
    expect(wrong.map((r) => r.text)).toEqual([]);
  });

  // The bar each corpus is held to: its share handled right, for opt-outs ("stop the promos"
  // included) and for other sentences. The later rounds were written after the rules.
  it.each([
    ['opt-out-corpus.yaml', 0.97, 0.97],
    ['opt-out-second-round.yaml', 0.95, 0.95],
    ['opt-out-third-round.yaml', 0.9, 0.9],
    ['opt-out-fourth-round.yaml', 0.9, 0.9],
  ] as const)('handles %s right, class by class', async (file, optOuts, others) => {
    const results = await scored(file);
    expect(rate(results, ['optOut', 'marketing'])).toBeGreaterThanOrEqual(optOuts);
    expect(rate(results, ['notOptOut'])).toBeGreaterThanOrEqual(others);
  });
});
