import type {
  CloudApiClient,
  OutboxSender,
  OutboxSenderOptions,
} from './channels/whatsapp/index.js';
import { createOutboxSender, createWhatsAppOutbound } from './channels/whatsapp/index.js';
import type { AppConfig } from './config.js';
import type { AdjustableClock, Clock } from './core/clock.js';
import type { ServerDeps } from './http/server-deps.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/index.js';
import { createHandoverWebhook } from './handover-webhook/index.js';
import type { HandoverWebhookOptions } from './handover-webhook/index.js';
import { createConsentService } from './service/consent-service.js';
import type { FlowCatalog } from './service/flow-catalog.js';
import { silentNotifier } from './service/handover-notifier.js';
import { createHandoverService } from './service/handover-service.js';
import { createSendRecheck } from './service/send-service.js';
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
   * The outbox sender's settings beyond those of the configuration: tests give it a fake
   * scheduler, short retries or a name. Leases, pacing and retries run on real time unless a
   * scheduler is given: moving the simulator's clock must not release a burst.
   */
  readonly sender?: Partial<Omit<OutboxSenderOptions, 'store' | 'client' | 'consent'>>;
  /** The hand-over webhook's HTTP client, waits and backoff (tests shorten them). */
  readonly handoverWebhook?: Pick<
    HandoverWebhookOptions,
    'fetch' | 'sleep' | 'backoff' | 'attempts'
  >;
}

/**
 * Builds the services the server runs on from its collaborators: turn service, consent service,
 * the outbox sender, the WhatsApp outbound port, and hand-overs with their notifier (the signed
 * webhook when `HANDOVER_WEBHOOK_URL` is set). It connects to nothing and listens on
 * nothing (the sender starts with `sender.start()`); the composition root (`main.ts`), the test
 * server and the benchmark share it so they run the same wiring.
 */
export function assembleDeps(options: AssembleOptions): ServerDeps & {
  readonly sender: OutboxSender;
} {
  const { config, store, flows, clock, logger, metrics, client } = options;
  const consent = createConsentService({ store, flows, clock });
  const webhook = config.handoverWebhook;
  const notifier = webhook
    ? createHandoverWebhook({ ...webhook, clock, logger, ...options.handoverWebhook })
    : silentNotifier;
  const handovers = createHandoverService({ store, flows, clock, notifier });
  const { phoneNumberId } = config.whatsapp;
  const policy = {
    store,
    flows,
    clock,
    identifierHashKey: config.identifierHashKey,
    ...(phoneNumberId ? { businessNumberId: phoneNumberId } : {}),
  };
  const sender = createOutboxSender({
    store,
    client,
    consent,
    clock,
    logger,
    metrics,
    recheck: createSendRecheck(policy),
    defaultNumberId: phoneNumberId,
    maxInFlight: config.whatsapp.maxConnections,
    ...options.sender,
    pacing: {
      perNumberPerSecond: options.pacing?.perNumberPerSecond ?? config.whatsapp.perNumberPerSecond,
      perCustomerIntervalMs:
        options.pacing?.perCustomerIntervalMs ?? config.whatsapp.perCustomerIntervalMs,
      ...options.sender?.pacing,
    },
  });
  const turns = createTurnService({
    store,
    flows,
    clock,
    logger,
    identifierHashKey: config.identifierHashKey,
    outbox: sender,
  });
  const outbound = createWhatsAppOutbound({
    store,
    sender,
    clock,
    defaultPhoneNumberId: phoneNumberId,
    dryRun: client === undefined,
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
    sender,
  };
}
