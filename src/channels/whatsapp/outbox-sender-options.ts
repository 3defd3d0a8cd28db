import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics/index.js';
import type { ConsentService } from '../../service/consent-service.js';
import type { RecheckPolicy } from '../../service/outbound-port.js';
import type { Store } from '../../store/port.js';
import type { CloudApiClient } from './cloud-api-client.js';
import type { SendRetry } from './deliver-entry.js';
import type { PacerOptions } from './pacer.js';
import type { Scheduler } from './scheduler.js';

/** What an outbox sender works with, and its limits (`createOutboxSender`). */
export interface OutboxSenderOptions {
  readonly store: Store;
  /** Absent: dry run, messages are logged and recorded as sent with a `dryrun.` id. */
  readonly client?: CloudApiClient | undefined;
  /** For 131050 (the customer stopped marketing in WhatsApp): marketing is suppressed. */
  readonly consent: ConsentService;
  /** The rules' clock (the simulator may move it): the entries' times and their age. */
  readonly clock: Clock;
  /** Real time by default: leases, pacing and retries. */
  readonly scheduler?: Scheduler;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The send policy, asked again right before a business-initiated message goes. */
  readonly recheck?: RecheckPolicy;
  /** The number messages go from when their entry names none (`WHATSAPP_PHONE_NUMBER_ID`). */
  readonly defaultNumberId?: string | undefined;
  /** This sender's id in leases (default: a random one: one per process). */
  readonly owner?: string;
  readonly pacing?: Omit<PacerOptions, 'scheduler'>;
  /** How long a lease lasts unless renewed; default 30 s. */
  readonly leaseMs?: number;
  /** How often outboxes nobody sends (never claimed, or left by a stopped sender) are looked for; default 5 s. */
  readonly sweepMs?: number;
  /** How often the sender renews its registration among the senders sharing the pace; default 2 s. */
  readonly heartbeatMs?: number;
  /** Cloud API calls in flight at most; default 64 (the connections per host). */
  readonly maxInFlight?: number;
  /** Contacts whose outbox it sends at once, at most; the others wait in the store. Default 1000. */
  readonly maxContacts?: number;
  readonly retry?: Partial<SendRetry>;
  /** Numbers in [0, 1) for the retry jitter; `Math.random` by default. */
  readonly random?: () => number;
}
