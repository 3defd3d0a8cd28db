/**
 * The insights page's charts, drawn on the server as SVG: no charting library, no CDN, no build
 * step, and the same picture in every browser. Two charts per report: the funnel of each group
 * as a stacked bar (opted in to all, to some, declined, no answer, opted out), and the opt-in
 * rates with their 95 % intervals. Every text is escaped; the SVG carries its own title.
 */
import { optedOutTotal } from '../../core/report/index.js';
import type { ConsentReport, FunnelKey, ReportGroup } from '../../core/report/index.js';

/** The funnel's parts, in the order drawn, with their colours (readable for colour-blind eyes). */
const PARTS = [
  { name: 'opted in to all', color: '#1a7f37', count: (g: ReportGroup) => g.optedInAll },
  { name: 'opted in to some', color: '#7fc97f', count: (g: ReportGroup) => g.optedInSome },
  { name: 'declined', color: '#f0a202', count: (g: ReportGroup) => g.declined },
  { name: 'no answer', color: '#b8c0cc', count: (g: ReportGroup) => g.noAnswer },
  {
    name: 'opted out',
    color: '#c2185b',
    count: (g: ReportGroup) => optedOutTotal(g),
  },
] as const;

const WIDTH = 760;
const LABEL = 170;
const ROW = 34;
const BAR = 22;
const PLOT = WIDTH - LABEL - 70;

/** A group's key as a label: "v3 · short", "v2 · standard". */
export function groupLabel(key: FunnelKey): string {
  const parts = [
    key.version === undefined ? undefined : `v${key.version}`,
    key.language,
    key.variant,
    key.day,
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? 'all' : parts.join(' · ');
}

/**
 * The funnel of every group as a horizontal stacked bar of customers asked, with a legend.
 * @example funnelChart(report, 'The opt-in question') // '<svg …>…</svg>'
 */
export function funnelChart(report: ConsentReport, title: string): string {
  const groups = report.groups;
  const height = 56 + groups.length * ROW + 34;
  const most = Math.max(1, ...groups.map((g) => g.asked));
  const rows = groups.map((group, i) => {
    const y = 44 + i * ROW;
    let x = LABEL;
    const bars = PARTS.map((part) => {
      const n = part.count(group);
      const width = (n / most) * PLOT;
      const rect =
        n === 0
          ? ''
          : `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${part.color}"><title>${escape(`${groupLabel(group.key)}: ${n} ${part.name}`)}</title></rect>`;
      x += width;
      return rect;
    }).join('');
    return (
      `<text x="${LABEL - 8}" y="${y + 16}" text-anchor="end" class="label">${escape(groupLabel(group.key))}</text>` +
      bars +
      `<text x="${(x + 6).toFixed(1)}" y="${y + 16}" class="value">${group.asked} asked</text>`
    );
  });
  const legendY = height - 18;
  let legendX = LABEL;
  const legend = PARTS.map((part) => {
    const x = legendX;
    // About 7 px per character at 12 px: each entry as wide as its words.
    legendX += 30 + part.name.length * 7;
    return `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${part.color}"/><text x="${x + 16}" y="${legendY}" class="legend">${escape(part.name)}</text>`;
  }).join('');
  return svg(title, height, `${rows.join('')}${legend}`);
}

/**
 * Each group's opt-in rate as a dot on a 0–100 % scale, with its 95 % interval as a whisker.
 * @example ratesChart(report, 'Opt-in rate')
 */
export function ratesChart(report: ConsentReport, title: string): string {
  const groups = report.groups;
  const height = 56 + groups.length * ROW + 30;
  const at = (rate: number) => LABEL + rate * PLOT;
  const axisY = 44 + groups.length * ROW + 4;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${at(t)}" y1="40" x2="${at(t)}" y2="${axisY}" class="grid"/><text x="${at(t)}" y="${axisY + 16}" text-anchor="middle" class="legend">${t * 100} %</text>`,
    )
    .join('');
  const rows = groups.map((group, i) => {
    const y = 44 + i * ROW + BAR / 2;
    const [low, high] = group.optInRateInterval;
    const rate = `${(group.optInRate * 100).toFixed(1)} %`;
    const interval = `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %`;
    return (
      `<text x="${LABEL - 8}" y="${y + 5}" text-anchor="end" class="label">${escape(groupLabel(group.key))}</text>` +
      `<line x1="${at(low).toFixed(1)}" y1="${y}" x2="${at(high).toFixed(1)}" y2="${y}" class="whisker"><title>${escape(`95 % interval ${interval}`)}</title></line>` +
      `<circle cx="${at(group.optInRate).toFixed(1)}" cy="${y}" r="6" class="dot"><title>${escape(`${groupLabel(group.key)}: ${rate} opted in (95 % interval ${interval})`)}</title></circle>` +
      `<text x="${(at(high) + 8).toFixed(1)}" y="${y + 5}" class="value">${rate}</text>`
    );
  });
  return svg(title, height, `${ticks}${rows.join('')}`);
}

function svg(title: string, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escape(title)}">` +
    `<title>${escape(title)}</title>` +
    '<style>.label,.value,.legend,.heading{font:13px system-ui,sans-serif;fill:#1f2328}.heading{font-weight:600;font-size:15px}.legend{font-size:12px}.value{fill:#57606a}.grid{stroke:#d0d7de}.whisker{stroke:#0b5cad;stroke-width:3}.dot{fill:#0b5cad}</style>' +
    `<text x="0" y="20" class="heading">${escape(title)}</text>` +
    body +
    '</svg>'
  );
}

/** Escapes text for SVG (XML) content and attributes. */
export function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
