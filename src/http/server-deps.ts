import type { AppConfig } from '../config.js';
import type { AdjustableClock, Clock } from '../core/clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/index.js';
import type { ConsentService } from '../service/consent-service.js';
import type { FlowCatalog } from '../service/flow-catalog.js';
import type { HandoverNotifier } from '../service/handover-notifier.js';
import type { HandoverService } from '../service/handover-service.js';
import type { OutboundPort } from '../service/outbound-port.js';
import type { TurnService } from '../service/turn-service.js';
import type { Store } from '../store/port.js';

/** Everything the HTTP server needs, built by the composition root (`src/main.ts`) or a test. */
export interface ServerDeps {
  readonly config: AppConfig;
  readonly store: Store;
  readonly flows: FlowCatalog;
  readonly turns: TurnService;
  readonly consent: ConsentService;
  readonly outbound: OutboundPort;
  /** Hand-overs to people: the REST API's and the simulator's way to start, end and read them. */
  readonly handovers: HandoverService;
  /** Where hand-over events go (`HANDOVER_WEBHOOK_URL`); silent without one. */
  readonly notifier: HandoverNotifier;
  /** The clock of every rule. When the simulator is enabled it is adjustable. */
  readonly clock: Clock | AdjustableClock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}
