export {
  FUNNEL_ASKS,
  FUNNEL_EVENT_TYPES,
  FUNNEL_GROUP_FIELDS,
  STARTING_ASKS,
  funnelOfLedgers,
  keyOf,
  optOutSourceOf,
  outcomeOf,
} from './funnel.js';
export type {
  FunnelAsk,
  FunnelCounts,
  FunnelGroupField,
  FunnelKey,
  FunnelOutcome,
  FunnelQuery,
  OptOutCounts,
} from './funnel.js';
export { buildConsentReport, optedIn, optedOutTotal } from './consent-report.js';
export type { ConsentReport, ReportComparison, ReportGroup } from './consent-report.js';
export { compareRates, normalCdf, wilsonInterval, Z95 } from './statistics.js';
export type { RateComparison } from './statistics.js';
export { formatConsentReport } from './format-report.js';
