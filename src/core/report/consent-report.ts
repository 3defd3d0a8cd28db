/**
 * The consent report: the funnel's groups with their opt-in rate and its 95 % interval, and,
 * between the question's variants, whether their rates differ significantly. The body of
 * `GET /v1/reports/consent`, of `npm run report` and of the insights page.
 */
import type { FunnelCounts, FunnelGroupField, FunnelKey } from './funnel.js';
import { compareRates, wilsonInterval } from './statistics.js';

/** One group of the report: the funnel's counts, and the opt-in rate they give. */
export interface ReportGroup extends FunnelCounts {
  /** (opted in to all + to some) / asked, rounded to 4 decimals. */
  readonly optInRate: number;
  /** Its 95 % Wilson score interval, rounded to 4 decimals. */
  readonly optInRateInterval: readonly [number, number];
}

/**
 * Two groups that differ only by their question variant: `difference` is a's rate minus b's
 * (rounded to 4 decimals), `significant` the two-proportion z-test at the 5 % level.
 */
export interface ReportComparison {
  readonly a: FunnelKey;
  readonly b: FunnelKey;
  readonly difference: number;
  readonly significant: boolean;
}

export interface ConsentReport {
  readonly groups: readonly ReportGroup[];
  readonly comparisons: readonly ReportComparison[];
}

/**
 * Builds the report from a funnel's counts: groups in key order (version, then language,
 * variant, day), and a comparison for every pair of groups whose keys differ only by variant.
 * @example buildConsentReport(await store.consentFunnel(query), query.groupBy)
 */
export function buildConsentReport(
  counts: readonly FunnelCounts[],
  groupBy: readonly FunnelGroupField[],
): ConsentReport {
  const groups = [...counts].sort((a, b) => compareKeys(a.key, b.key, groupBy)).map(toGroup);
  return { groups, comparisons: groupBy.includes('variant') ? compareVariants(groups) : [] };
}

/** The opt-ins of a group: to every category offered, or to some. */
export function optedIn(group: Pick<FunnelCounts, 'optedInAll' | 'optedInSome'>): number {
  return group.optedInAll + group.optedInSome;
}

/** The opt-outs of a group, whatever their source. */
export function optedOutTotal(group: Pick<FunnelCounts, 'optedOut'>): number {
  const o = group.optedOut;
  return o.keyword + o.phrase + o.stopPromotions + o.userPreferences + o.error131050 + o.api;
}

function toGroup(counts: FunnelCounts): ReportGroup {
  const [low, high] = wilsonInterval(optedIn(counts), counts.asked);
  return {
    key: counts.key,
    asked: counts.asked,
    optedInAll: counts.optedInAll,
    optedInSome: counts.optedInSome,
    declined: counts.declined,
    noAnswer: counts.noAnswer,
    optedOut: counts.optedOut,
    optInRate: round(counts.asked === 0 ? 0 : optedIn(counts) / counts.asked),
    optInRateInterval: [round(low), round(high)],
  };
}

/** Every pair of groups alike but for the variant, in report order. */
function compareVariants(groups: readonly ReportGroup[]): ReportComparison[] {
  const comparisons: ReportComparison[] = [];
  groups.forEach((a, i) => {
    for (const b of groups.slice(i + 1)) {
      if (!sameButVariant(a.key, b.key)) continue;
      const result = compareRates(optedIn(a), a.asked, optedIn(b), b.asked);
      comparisons.push({
        a: a.key,
        b: b.key,
        difference: round(result.difference),
        significant: result.significant,
      });
    }
  });
  return comparisons;
}

function sameButVariant(a: FunnelKey, b: FunnelKey): boolean {
  return a.version === b.version && a.language === b.language && a.day === b.day;
}

function compareKeys(a: FunnelKey, b: FunnelKey, groupBy: readonly FunnelGroupField[]): number {
  for (const field of groupBy) {
    const x = a[field];
    const y = b[field];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
