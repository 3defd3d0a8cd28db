import type { Clock } from '../../core/clock.js';
import { ChannelError, NotConfiguredError } from '../../errors.js';
import { queuedEntries } from '../../service/outbox-entries.js';
import type { OutboundPort, SendReceipt } from '../../service/outbound-port.js';
import type { Store } from '../../store/port.js';
import type { OutboxSender } from './outbox-sender.js';

export interface WhatsAppOutboundOptions {
  readonly store: Store;
  readonly sender: OutboxSender;
  readonly clock: Clock;
  /** The sender when the caller names none (`WHATSAPP_PHONE_NUMBER_ID`). */
  readonly defaultPhoneNumberId?: string | undefined;
  /** True when nothing is really sent (no access token): no phone-number id is needed. */
  readonly dryRun?: boolean;
}

/**
 * Creates the WhatsApp {@link OutboundPort}: the messages are appended to the contact's outbox
 * in one store write (taking its lease when free), handed to the outbox sender, and their
 * outcomes awaited for as long as the caller asks. A message still queued when the wait ends is
 * not lost: it goes when the Cloud API takes it.
 * @example
 * const outbound = createWhatsAppOutbound({ store, sender, clock, defaultPhoneNumberId });
 * const [receipt] = await outbound.send(contact, [{ kind: 'reply', reply: { type: 'text', text: 'Hi!' } }], { waitMs: 10_000 });
 */
export function createWhatsAppOutbound(options: WhatsAppOutboundOptions): OutboundPort {
  const { store, sender, clock } = options;
  return {
    async send(contact, messages, sendOptions = {}) {
      const businessNumberId = sendOptions.businessNumberId ?? options.defaultPhoneNumberId;
      if (!businessNumberId && !options.dryRun) {
        // The server is misconfigured, not the request: 503, naming the variable to set.
        throw new NotConfiguredError(
          'This server cannot start a conversation: no WhatsApp phone-number id to send from. ' +
            "Set WHATSAPP_PHONE_NUMBER_ID (the business number of Meta's app settings) and restart.",
        );
      }
      const entries = queuedEntries(messages, {
        contactId: contact.id,
        businessNumberId,
        now: clock.now(),
        ...(sendOptions.recheck ? { recheck: true } : {}),
      });
      const waitMs = sendOptions.waitMs ?? 0;
      // Listening before the write: a sender may finish a message before the write returns.
      const outcomes = entries.map((entry) =>
        waitMs > 0 ? sender.outcomeOf(entry.id, waitMs) : Promise.resolve(undefined),
      );
      const saved = await store.queueOutbound(contact.id, entries, sender.lease());
      sender.wake(saved);
      const receipts: SendReceipt[] = [];
      for (const [index, entry] of entries.entries()) {
        const delivery = await outcomes[index];
        if (delivery?.outcome.status === 'failed') {
          throw (
            delivery.error ??
            new ChannelError(delivery.outcome.errorTitle ?? 'not sent', undefined, undefined, false)
          );
        }
        const waMessageId = delivery?.outcome.waMessageId;
        receipts.push({ id: entry.id, ...(waMessageId ? { waMessageId } : {}) });
      }
      return receipts;
    },
  };
}
