import type { ConsentEvent } from '../core/consent/events.js';
import type { Metrics } from '../metrics/index.js';
import type { TurnResult } from '../service/turn-service.js';

/** How each consent event type is counted in `optin_consent_changes_total{change}`. */
const CHANGE_OF: Readonly<Record<ConsentEvent['type'], string | undefined>> = {
  'consent.asked': undefined,
  'consent.granted': 'opt_in',
  'consent.revoked': 'opt_out',
  'consent.declined': 'decline',
  'consent.marketing_suppressed': 'marketing_stop',
  'consent.marketing_resumed': 'marketing_resume',
  'contact.erased': undefined,
  'contact.merged': undefined,
};

/**
 * Counts the questions a turn asked and the consent changes it recorded. A STOP from a customer
 * already opted out is kept in the ledger as proof but changes nothing, so it is not counted; a
 * stop of some categories only ("stop sending me promos") counts as `opt_out_some`.
 */
export function recordTurnMetrics(metrics: Metrics, result: TurnResult): void {
  let repeatedStop = false;
  for (const intent of result.intents) {
    // The opt-in question and its re-ask, as before asks were recorded (category asks are not).
    if (intent.type === 'question.asked' && (intent.ask === 'question' || intent.ask === 'reask')) {
      metrics.questionsAsked.inc({ language: intent.language });
    }
    if (intent.type === 'consent.revoke' && intent.repeated === true) repeatedStop = true;
  }
  for (const event of result.consentEvents) {
    if (repeatedStop && event.type === 'consent.revoked') continue;
    const partial = event.type === 'consent.revoked' && event.categories !== undefined;
    const change = partial ? 'opt_out_some' : CHANGE_OF[event.type];
    if (!change) continue;
    metrics.consentChanges.inc({
      change,
      source: event.source,
      language: event.evidence.language ?? 'none',
    });
  }
}
