import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus metrics of the bot, on a registry of its own (not the global one) so tests
 * and several servers in one process do not collide.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Inbound customer messages by WhatsApp message type (text, interactive, image…). */
  readonly inboundMessages: Counter<'type'>;
  readonly questionsAsked: Counter<'language'>;
  /** Consent changes by kind (opt_in, opt_out, decline, marketing_stop…), source and keyword language. */
  readonly consentChanges: Counter<'change' | 'source' | 'language'>;
  /** Sends through the policy: allowed, or refused with its reason. */
  readonly sendDecisions: Counter<'outcome'>;
  /** Cloud API errors by WhatsApp error code (or HTTP status when none). */
  readonly cloudApiErrors: Counter<'code'>;
  /** Time to handle one customer message (turn service), in seconds. */
  readonly turnDuration: Histogram<'outcome'>;
  /** REST API requests with a missing or wrong key: `refused` (401), `limited` (429 by address). */
  readonly apiAuthFailures: Counter<'outcome'>;
}

export function createMetrics(options: { collectDefaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.collectDefaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    inboundMessages: new Counter({
      name: 'optin_inbound_messages_total',
      help: 'Inbound customer messages by type',
      labelNames: ['type'],
      registers,
    }),
    questionsAsked: new Counter({
      name: 'optin_questions_asked_total',
      help: 'Opt-in questions shown, by language',
      labelNames: ['language'],
      registers,
    }),
    consentChanges: new Counter({
      name: 'optin_consent_changes_total',
      help: 'Consent changes by change, source and keyword language',
      labelNames: ['change', 'source', 'language'],
      registers,
    }),
    sendDecisions: new Counter({
      name: 'optin_send_decisions_total',
      help: 'Outbound sends allowed or refused, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    cloudApiErrors: new Counter({
      name: 'optin_cloud_api_errors_total',
      help: 'WhatsApp Cloud API errors by code',
      labelNames: ['code'],
      registers,
    }),
    turnDuration: new Histogram({
      name: 'optin_turn_duration_seconds',
      help: 'Time to handle one customer message',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    apiAuthFailures: new Counter({
      name: 'optin_api_auth_failures_total',
      help: 'REST API requests refused for a missing or wrong API key (refused), or from an address that sent too many (limited)',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
