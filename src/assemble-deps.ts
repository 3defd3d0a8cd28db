import { setTimeout as sleep } from 'node:timers/promises';
import type { BackoffOptions, CloudApiClient } from './channels/whatsapp/index.js';
import { createOutboundQueue } from './channels/whatsapp/index.js';
import type { WhatsAppOutbound } from './channels/whatsapp/whatsapp-outbound.js';
import { createWhatsAppOutbound } from './channels/whatsapp/whatsapp-outbound.js';
import type { AppConfig } from './config.js';
import type { AdjustableClock, Clock } from './core/clock.js';
import { systemClock } from './core/clock.js';
import type { ServerDeps } from './http/server-deps.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/index.js';
import { createHandoverWebhook } from './handover-webhook/index.js';
import type { HandoverWebhookOptions } from './handover-webhook/index.js';
import { createConsentService } from './service/consent-service.js';
import type { FlowCatalog } from './service/flow-catalog.js';
import { silentNotifier } from './service/handover-notifier.js';
import { createHandoverService } from './service/handover-service.js';
import { createTurnService } from './service/turn-service.js';
import type { Store } from './store/port.js';

export interface AssembleOptions {
  readonly config: AppConfig;
  readonly store: Store;
  readonly flows: FlowCatalog;
  /** The clock of every rule (adjustable when the simulator moves time). */
  readonly clock: Clock | AdjustableClock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The Cloud API client; absent: dry run, replies are logged and recorded but not sent. */
  readonly client?: CloudApiClient;
  /** Outbound pacing; defaults to the configuration's limits. */
  readonly pacing?: { readonly perNumberPerSecond: number; readonly perCustomerIntervalMs: number };
  /**
   * The time the outbound queue paces and retries by: real time by default (moving the
   * simulator's clock must not release a burst); tests give a fake scheduler.
   */
  readonly pacingTime?: { readonly clock: Clock; readonly sleep: (ms: number) => Promise<void> };
  /** Waits between attempts of a failed send; `DEFAULT_BACKOFF` (0.5 s doubling to 60 s) by default. */
  readonly backoff?: BackoffOptions;
  /** Numbers in [0, 1) for the backoff jitter; `Math.random` by default. */
  readonly random?: () => number;
  /** The hand-over webhook's HTTP client, waits and backoff (tests shorten them). */
  readonly handoverWebhook?: Pick<
    HandoverWebhookOptions,
    'fetch' | 'sleep' | 'backoff' | 'attempts'
  >;
}

/**
 * Builds the services the server runs on from its collaborators: turn service, consent service,
 * outbound pacing queue and WhatsApp sender. It connects to nothing and listens on nothing; the
 * composition root (`main.ts`), the test server and the benchmark share it so they run the
 * same wiring.
 */
export function assembleDeps(options: AssembleOptions): ServerDeps & {
  readonly outbound: WhatsAppOutbound;
} {
  const { config, store, flows, clock, logger, metrics, client } = options;
  const turns = createTurnService({
    store,
    flows,
    clock,
    logger,
    phoneHashKey: config.phoneHashKey,
  });
  const consent = createConsentService({ store, flows, clock });
  const webhook = config.handoverWebhook;
  const notifier = webhook
    ? createHandoverWebhook({ ...webhook, clock, logger, ...options.handoverWebhook })
    : silentNotifier;
  const handovers = createHandoverService({ store, flows, clock, notifier });
  const queue = createOutboundQueue({
    clock: options.pacingTime?.clock ?? systemClock,
    sleep: options.pacingTime?.sleep ?? ((ms) => sleep(ms)),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.random ? { random: options.random } : {}),
    perNumberPerSecond: options.pacing?.perNumberPerSecond ?? config.whatsapp.perNumberPerSecond,
    perCustomerIntervalMs:
      options.pacing?.perCustomerIntervalMs ?? config.whatsapp.perCustomerIntervalMs,
  });
  const { phoneNumberId } = config.whatsapp;
  const outbound = createWhatsAppOutbound({
    ...(client ? { client } : { dryRun: true }),
    queue,
    store,
    consent,
    clock,
    logger,
    metrics,
    ...(phoneNumberId ? { defaultPhoneNumberId: phoneNumberId } : {}),
  });
  return {
    config,
    store,
    flows,
    turns,
    consent,
    outbound,
    handovers,
    notifier,
    clock,
    logger,
    metrics,
  };
}
