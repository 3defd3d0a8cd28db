/**
 * The consent report as a table for the terminal (`npm run report`, the simulator's /report):
 * one line per group, then one line per comparison of variants.
 */
import type { ConsentReport } from './consent-report.js';
import { optedIn, optedOutTotal as optedOut } from './consent-report.js';
import type { FunnelKey, FunnelQuery } from './funnel.js';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const keyText = (key: FunnelKey) =>
  Object.values(key).length === 0 ? 'all' : Object.values(key).map(String).join(' · ');

/**
 * The report as lines of text: a title naming the flow, period and grouping, a table, and the
 * variants compared ("short vs standard: +12.3 points, significant").
 * @example console.log(formatConsentReport(report, query).join('\n'))
 */
export function formatConsentReport(report: ConsentReport, query: FunnelQuery): string[] {
  const what =
    query.ask === 'new_category' ? 'questions about new categories' : 'the opt-in question';
  const by = query.groupBy.length > 0 ? `by ${query.groupBy.join(', ')}` : 'all together';
  const lines = [
    `Consent report: flow "${query.flowId}", ${what}, ${day(query.from)} to ${day(query.to)}, ${by}`,
  ];
  if (report.groups.length === 0) return [...lines, 'Nobody was asked in this period.'];
  const header = [
    'group',
    'asked',
    'opted in',
    '(all/some)',
    'declined',
    'no answer',
    'opted out',
    'opt-in rate',
    '95 % interval',
  ];
  const rows = report.groups.map((g) => [
    keyText(g.key),
    String(g.asked),
    String(optedIn(g)),
    `(${g.optedInAll}/${g.optedInSome})`,
    String(g.declined),
    String(g.noAnswer),
    String(optedOut(g)),
    percent(g.optInRate),
    `${percent(g.optInRateInterval[0])} – ${percent(g.optInRateInterval[1])}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(line(header), ...rows.map(line));
  const outs = report.groups.filter((g) => optedOut(g) > 0);
  for (const g of outs) {
    const parts = Object.entries(g.optedOut)
      .filter(([, n]) => n > 0)
      .map(([source, n]) => `${source} ${n}`);
    lines.push(`  opted out (${keyText(g.key)}): ${parts.join(', ')}`);
  }
  for (const c of report.comparisons) {
    const points = (c.difference * 100).toFixed(1);
    lines.push(
      `${keyText(c.a)} vs ${keyText(c.b)}: ${c.difference >= 0 ? '+' : ''}${points} points, ${c.significant ? 'significant' : 'not significant'} (two-proportion z-test, 5 %)`,
    );
  }
  return lines;
}

function day(ms: number): string {
  return ms <= 0 ? 'the start' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
