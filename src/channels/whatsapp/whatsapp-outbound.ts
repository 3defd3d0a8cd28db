import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Reply } from '../../core/conversation/inbound.js';
import { describeRef } from '../../core/identity.js';
import {
  ChannelError,
  NotConfiguredError,
  SendAbandonedError,
  SendRefusedError,
} from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Metrics } from '../../metrics/index.js';
import type { ConsentService } from '../../service/consent-service.js';
import { createKeyedQueue } from '../../service/keyed-queue.js';
import type {
  OutboundMessage,
  OutboundPort,
  OutboundSendOptions,
} from '../../service/outbound-port.js';
import { windowState } from '../../core/window.js';
import type { ContactRecord, OutboundEntry, Store } from '../../store/port.js';
import { classifyWhatsAppError } from './classify-error.js';
import type { CloudApiClient } from './cloud-api-client.js';
import type { CloudMessage } from './cloud-message.js';
import { createOutboundLog } from './outbound-log.js';
import { BRIEF_RETRY, type OutboundQueue, type RetryPolicy } from './outbound-queue.js';
import { renderReply, renderTemplate } from './render-message.js';

export interface WhatsAppOutboundOptions {
  /** Absent in dry-run mode (no access token in development). */
  readonly client?: CloudApiClient;
  readonly queue: OutboundQueue;
  readonly store: Store;
  readonly consent: ConsentService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The sender when the caller names none (`WHATSAPP_PHONE_NUMBER_ID`). */
  readonly defaultPhoneNumberId?: string;
  /** Log the messages and record them as sent with an id `dryrun.<uuid>`; nothing is sent. */
  readonly dryRun?: boolean;
  /** Waits between attempts to write the outbound log; real timers by default. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The WhatsApp {@link OutboundPort}, plus a way to wait for the sends under way, or drop them. */
export interface WhatsAppOutbound extends OutboundPort {
  /** Resolves when every send started so far has finished (graceful shutdown). */
  idle(): Promise<void>;
  /**
   * Gives up on every send not yet made (a shutdown past its deadline): requests under way are
   * aborted, sends waiting for pacing or a retry rejected; each is marked failed on the
   * outbound log. Await {@link idle} afterwards to let those marks be written.
   * @returns how many messages were handed over and not sent: those abandoned.
   */
  abandon(): number;
}

/** What to do after the Cloud API refused a message (PRODUCT.md, "Send errors are understood"). */
const CONTACT_FACTS = new Set(['outside_window', 'undeliverable', 'marketing_cap']);

/**
 * Creates the WhatsApp outbound port. For each message, in order: record an outbound log
 * entry (`sending`), send it through the pacing queue (keyed by business number and
 * customer) to the contact's phone, or by `recipient` when only a business-scoped user id is
 * known, then mark the entry `sent` with the WhatsApp message id or `failed` with the error
 * code. Writing the log never stops a send: a failed write is retried, then logged at error
 * level, and the message goes out regardless. Refusals about the contact are facts, not
 * glitches: 131050 suppresses marketing through the consent service; 131047, 131026 and 131049
 * stay on the entry and are logged. The caller's `check` (its send policy) is asked right
 * before each Cloud API call, once pacing allows it; a refusal then marks the entry `failed`
 * with the reason and rejects the call with that refusal.
 * The first failed message rejects the call and the rest of the batch is not sent, so a turn's
 * replies never arrive out of order.
 *
 * One customer's batches go strictly one after another, in the order they were handed over
 * (for turns, the order they were saved): the next batch starts only once the previous one has
 * been sent or has failed, so a turn's replies are never interleaved with the next turn's
 * (PRODUCT.md, One contact, one order). One customer is every identifier the contact has: a
 * batch waits for the batches under way for its store id, its phone and its user id, and is
 * paced under each. Different customers' batches run side by side, and
 * every message still goes through the pacing queue.
 *
 * @example
 * const outbound = createWhatsAppOutbound({ client, queue, store, consent, clock, logger, metrics });
 * await outbound.send(contact, [{ kind: 'reply', reply: { type: 'text', text: 'Hi!' } }], phoneNumberId);
 */
export function createWhatsAppOutbound(options: WhatsAppOutboundOptions): WhatsAppOutbound {
  const { queue, store, consent, clock, logger, metrics } = options;
  const client = options.dryRun === true ? undefined : options.client;
  const shutdown = new AbortController();
  /** Messages handed over and not sent yet (nor failed): what an abandonment loses. */
  let unsent = 0;
  // Keyed by every identifier of the contact (see `personKeys`).
  const batches = createKeyedQueue();
  const log = createOutboundLog({
    store,
    logger,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });

  /**
   * A turn's replies are tried again while the customer's window is open (nobody waits for
   * them; until replies are durable, giving up loses them); a caller's send, four times.
   */
  function retryPolicy(contact: ContactRecord, retry: OutboundSendOptions['retry']): RetryPolicy {
    if (retry !== 'window') return BRIEF_RETRY;
    return { again: () => windowState(contact.lastInboundAt, clock.now()).open };
  }

  async function sendOne(
    contact: ContactRecord,
    message: OutboundMessage,
    businessNumberId: string,
    sendOptions: OutboundSendOptions | undefined,
  ): Promise<{ waMessageId: string }> {
    const check = sendOptions?.check;
    const cloud = render(message, contact);
    const now = clock.now();
    const entry: OutboundEntry = {
      ...describeEntry(message),
      id: randomUUID(),
      contactId: contact.id,
      status: 'sending',
      createdAt: now,
      updatedAt: now,
    };
    await log.record(entry);
    const who = describeRef(contact);
    let failures = 0;
    const attempt = async (): Promise<{ waMessageId: string }> => {
      // The caller's policy once more, as late as possible: the message may have waited behind
      // the customer's earlier messages and pacing, and a STOP stored meanwhile wins (PRODUCT.md).
      const refusal = await check?.();
      if (refusal) throw refusal;
      if (client) {
        try {
          return await client.send(businessNumberId, cloud, { signal: shutdown.signal });
        } catch (error) {
          if (error instanceof ChannelError) countFailure(error, who, (failures += 1));
          throw error;
        }
      }
      logger.info(
        { contact: who, kind: entry.kind, body: entry.body ?? entry.template },
        'dry run: reply not sent',
      );
      return { waMessageId: `dryrun.${randomUUID()}` };
    };
    // Paced as one customer under each of its identifiers: after a merge, the phone's sends and
    // the user id's are the same person's.
    const key = { businessNumberId, customer: customerIds(contact) };
    try {
      const { waMessageId } = client
        ? await queue.enqueue(key, attempt, retryPolicy(contact, sendOptions?.retry))
        : await attempt();
      await log.record({ ...entry, waMessageId, status: 'sent', updatedAt: clock.now() });
      return { waMessageId };
    } catch (error) {
      await log.record({ ...entry, ...failure(error), status: 'failed', updatedAt: clock.now() });
      if (error instanceof ChannelError) {
        await recordContactFact(contact, error.whatsappCode, error);
      } else if (error instanceof SendRefusedError) {
        logger.info({ contact: who, code: error.code }, 'send refused at the moment of sending');
      }
      throw error;
    }
  }

  /**
   * Every failed Cloud API call is counted; a passing failure (tried again by the queue) is
   * logged at warn the first time for a message, at debug after that: an outage of hours must
   * not flood the log, and the final outcome is logged anyway.
   */
  function countFailure(error: ChannelError, who: string, failures: number): void {
    metrics.cloudApiErrors.inc({
      code: String(error.whatsappCode ?? error.status ?? 'network'),
    });
    if (!error.retryable) return;
    const where = {
      contact: who,
      status: error.status,
      code: error.whatsappCode,
      failures,
      err: error,
    };
    if (failures === 1) logger.warn(where, 'WhatsApp Cloud API send failed; trying again');
    else logger.debug(where, 'WhatsApp Cloud API send failed again; trying again');
  }

  async function recordContactFact(
    contact: ContactRecord,
    code: number | undefined,
    error: ChannelError,
  ) {
    const kind = classifyWhatsAppError(code);
    const where = { contact: describeRef(contact), code, kind };
    if (kind === 'marketing_stopped') {
      logger.info(
        where,
        'WhatsApp says the customer stopped marketing messages; suppressing marketing',
      );
      await consent.recordMarketingPreference(contact, 'stop', clock.now(), {
        errorCode: code,
        trigger: 'error_131050',
      });
      metrics.consentChanges.inc({
        change: 'marketing_stop',
        source: 'whatsapp',
        language: 'none',
      });
    } else if (CONTACT_FACTS.has(kind)) {
      logger.warn(where, 'WhatsApp refused the message for this contact; recorded, not retried');
    } else {
      logger.error({ ...where, err: error }, 'WhatsApp Cloud API send failed');
    }
  }

  async function sendAll(
    contact: ContactRecord,
    messages: readonly OutboundMessage[],
    businessNumberId: string | undefined,
    sendOptions: OutboundSendOptions | undefined,
    sent: () => void,
  ) {
    const sender = businessNumberId ?? options.defaultPhoneNumberId;
    if (!sender && client) {
      // The server is misconfigured, not the request: 503, naming the variable to set.
      throw new NotConfiguredError(
        'This server cannot start a conversation: no WhatsApp phone-number id to send from. ' +
          "Set WHATSAPP_PHONE_NUMBER_ID (the business number of Meta's app settings) and restart.",
      );
    }
    const ids: { waMessageId: string }[] = [];
    // One after the other: the replies of a turn arrive in the order the flow wrote them.
    for (const message of messages) {
      ids.push(await sendOne(contact, message, sender ?? 'dry-run', sendOptions));
      sent();
    }
    return ids;
  }

  return {
    send(contact, messages, businessNumberId, sendOptions) {
      // Chain order is save order: the turn service saves one person's turns one at a time,
      // and the bot hands a turn's replies over right after its save, with no I/O in between.
      if (shutdown.signal.aborted) return Promise.reject(shutdown.signal.reason as Error);
      let left = messages.length;
      unsent += left;
      const sent = () => {
        left -= 1;
        unsent -= 1;
      };
      const result = batches.run(personKeys(contact), () =>
        sendAll(contact, messages, businessNumberId, sendOptions, sent),
      );
      // Bookkeeping only: the caller handles the outcome of `result` itself.
      const settled = () => {
        unsent -= left;
      };
      void result.then(settled, settled);
      return result;
    },
    async idle() {
      await batches.idle();
      await queue.drain();
    },
    abandon() {
      const reason = new SendAbandonedError(
        'The server shut down before this message could be sent (its shutdown deadline passed).',
      );
      shutdown.abort(reason);
      queue.abandon(reason);
      return unsent;
    },
  };
}

/** The customer's ids for pacing: phone and user id, or the store id when it has neither. */
function customerIds(contact: ContactRecord): string[] {
  const ids = [contact.phone, contact.userId].filter((id): id is string => id !== undefined);
  return ids.length > 0 ? ids : [contact.id];
}

/**
 * A batch's chain keys: every identifier of the contact. Two contacts merged into one (the
 * phone of one and the user id of the other in a message) share the identifier that moved, so
 * a batch of the merged contact waits for the absorbed contact's batch still under way, and
 * its STOP confirmation never overtakes that contact's opt-in question (PRODUCT.md, Opt-out).
 */
function personKeys(contact: ContactRecord): string[] {
  return [
    `contact:${contact.id}`,
    ...(contact.phone === undefined ? [] : [`phone:${contact.phone}`]),
    ...(contact.userId === undefined ? [] : [`user:${contact.userId}`]),
  ];
}

function render(message: OutboundMessage, contact: ContactRecord): CloudMessage {
  const to = {
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.userId ? { userId: contact.userId } : {}),
  };
  return message.kind === 'reply'
    ? renderReply(message.reply, to)
    : renderTemplate(
        {
          name: message.name,
          language: message.language,
          ...(message.components ? { components: message.components } : {}),
        },
        to,
      );
}

/** Why a message was not sent, for its outbound-log entry. */
function failure(error: unknown): Pick<OutboundEntry, 'errorCode' | 'errorTitle'> {
  const title = (text: string) => ({ errorTitle: text.slice(0, 300) });
  if (error instanceof ChannelError) {
    const code = error.whatsappCode;
    return { ...(code === undefined ? {} : { errorCode: code }), ...title(error.message) };
  }
  if (error instanceof SendRefusedError) {
    return title(`refused at the moment of sending (${error.code}): ${error.message}`);
  }
  return title(`not sent: ${error instanceof Error ? error.message : String(error)}`);
}

function describeEntry(
  message: OutboundMessage,
): Pick<OutboundEntry, 'kind' | 'body' | 'template' | 'category'> {
  if (message.kind === 'template') {
    return { kind: 'template', template: message.name, category: message.category };
  }
  return { kind: kindOf(message.reply), body: message.reply.text };
}

function kindOf(reply: Reply): OutboundEntry['kind'] {
  return reply.type === 'text' ? 'text' : reply.type;
}
