import { setTimeout as wait } from 'node:timers/promises';
import type { Logger } from '../../logger.js';
import type { OutboundEntry, Store } from '../../store/port.js';

export interface OutboundLogOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Waits between attempts; real timers by default. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Pauses before the second, third… attempt; default 50 ms then 250 ms. */
  readonly retryDelaysMs?: readonly number[];
}

/** Writes the outbound log (`Store.recordOutbound`) without ever failing the send it describes. */
export interface OutboundLog {
  /** Records `entry`; resolves whether or not the write succeeded, never rejects. */
  record(entry: OutboundEntry): Promise<void>;
}

/**
 * Creates the outbound log writer. A failed write is tried again after a short pause, and when
 * it still fails it is logged at error level with the entry minus its personal data (the message
 * text), and the caller goes on: the log is the trace of a send, and a store hiccup must not
 * keep a reply (a STOP confirmation above all) from reaching the customer (PRODUCT.md, Nothing
 * lost). Entries are replaced by id, so a later write of the same entry still lands.
 *
 * @example
 * const log = createOutboundLog({ store, logger });
 * await log.record({ ...entry, status: 'sent', waMessageId, updatedAt: clock.now() });
 */
export function createOutboundLog(options: OutboundLogOptions): OutboundLog {
  const { store, logger } = options;
  const sleep = options.sleep ?? ((ms: number) => wait(ms));
  const delays = options.retryDelaysMs ?? [50, 250];

  return {
    async record(entry) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await store.recordOutbound(entry);
          return;
        } catch (error) {
          const delay = delays[attempt];
          if (delay === undefined) {
            // Deliberately not rethrown: the send goes on without its trace (see above).
            logger.error(
              { entry: withoutPersonalData(entry), attempts: attempt + 1, err: error },
              'outbound log entry not written; the message is sent regardless',
            );
            return;
          }
          await sleep(delay);
        }
      }
    },
  };
}

/** The entry as logs may show it: no message text (the contact is its store key, not a number). */
function withoutPersonalData(entry: OutboundEntry) {
  return {
    id: entry.id,
    contactId: entry.contactId,
    kind: entry.kind,
    status: entry.status,
    ...(entry.template ? { template: entry.template, category: entry.category } : {}),
    ...(entry.waMessageId ? { waMessageId: entry.waMessageId } : {}),
    ...(entry.errorCode === undefined ? {} : { errorCode: entry.errorCode }),
  };
}
