import type { Request, Response } from 'restify';
import { parseWebhook, verifySignature } from '../../channels/whatsapp/index.js';
import type { InboundMessage } from '../../core/conversation/inbound.js';
import { StoreUnavailableError } from '../../errors.js';
import type { TurnResult } from '../../service/turn-service.js';
import { rawBodyOf, readJsonBody } from '../body/index.js';
import { InvalidSignatureError } from '../http-layer-errors.js';
import type { ServerDeps } from '../server-deps.js';
import { applyPreference, applyStatus } from './apply-status-updates.js';

/** The webhook's answer once everything is saved and queued. */
const RECEIVED_BODY = '{"status":"received"}';
const RECEIVED_HEADERS = {
  'Content-Type': 'application/json',
  'Content-Length': Buffer.byteLength(RECEIVED_BODY),
} as const;

/** Runs one customer message as a bot turn; resolves once it is saved and its replies queued. */
export type RunTurn = (message: InboundMessage) => Promise<TurnResult | undefined>;

/**
 * `POST /webhooks/whatsapp`. In this order, each step refusing with nothing processed:
 * signature over the exact raw bytes (401), JSON (400), WhatsApp shape (400). Then every
 * message becomes a bot turn, every status goes to the outbound log, every marketing
 * preference to the consent ledger.
 *
 * The 200 is sent only once every turn is saved and its replies are queued. Replies are not
 * awaited: a send that fails is logged and marked failed on the outbound log, and never turns
 * the webhook into a 5xx once state is saved (a retry would be deduplicated anyway). A store
 * outage anywhere is a 503, so WhatsApp delivers the batch again; turns already saved are
 * then skipped as duplicates.
 */
export function createWebhookHandler(deps: ServerDeps, runTurn: RunTurn) {
  const { config, logger } = deps;
  return async function receiveWebhook(req: Request, res: Response): Promise<void> {
    const raw = rawBodyOf(req);
    // Security: nothing is parsed before the signature matches the bytes exactly as received.
    if (!verifySignature(raw, req.header('x-hub-signature-256'), config.whatsapp.appSecret)) {
      throw new InvalidSignatureError(
        'The X-Hub-Signature-256 header is missing or does not match the body; the webhook must be signed with the app secret (WHATSAPP_APP_SECRET).',
      );
    }
    const batch = parseWebhook(readJsonBody(req));
    for (const item of batch.rejected) logger.warn({ item }, 'webhook item skipped');

    const { messages, statuses, preferences } = batch;
    const only = messages.length + statuses.length + preferences.length === 1;
    if (only && messages[0]) {
      // WhatsApp's usual batch, one message: its failure is the batch's, as below.
      await runTurn(messages[0]);
    } else {
      const outcomes = await Promise.allSettled([
        ...byContact(messages).map((group) => runInOrder(group, runTurn)),
        ...statuses.map((status) => applyStatus(deps, status)),
        ...preferences.map((preference) => applyPreference(deps, preference)),
      ]);
      const failures = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [o.reason as unknown] : [],
      );
      if (failures.length > 0) {
        throw failures.find((f) => f instanceof StoreUnavailableError) ?? failures[0];
      }
    }
    // Written as is: the same answer `res.send(200, { status: 'received' })` gives, without
    // restify's content negotiation and formatter for a body that never changes.
    res.writeHead(200, RECEIVED_HEADERS);
    res.end(RECEIVED_BODY);
  };
}

/** One contact's messages, in the batch's (timestamp) order. */
function byContact(messages: readonly InboundMessage[]): InboundMessage[][] {
  const groups = new Map<string, InboundMessage[]>();
  for (const message of messages) {
    const key = message.contact.phone ?? message.contact.userId ?? message.messageId;
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  return [...groups.values()];
}

/** One contact's turns one after the other (PRODUCT.md "One contact, one order"). */
async function runInOrder(messages: readonly InboundMessage[], runTurn: RunTurn): Promise<void> {
  for (const message of messages) await runTurn(message);
}
