import type { Clock } from '../core/clock.js';
import type { OutboundMessage } from '../core/conversation/outbound.js';
import type { ContactRef } from '../core/identity.js';
import { decideSend } from '../core/send-policy.js';
import type { OutboundRequest, SendDecision } from '../core/send-policy.js';
import { windowState } from '../core/window.js';
import { NotFoundError, SendRefusedError } from '../errors.js';
import type { Metrics } from '../metrics/index.js';
import type { ContactRecord, OutboundEntry, Store } from '../store/port.js';
import { loadContactConsent } from './contact-consent.js';
import type { FlowCatalog } from './flow-catalog.js';
import type { OutboundPort, RecheckPolicy } from './outbound-port.js';

/** A message a business system asks to send: free text, or an approved template. */
export type SendContent =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'template';
      readonly name: string;
      readonly language: string;
      readonly components?: readonly unknown[];
    };

export interface SendRequest {
  readonly to: ContactRef;
  readonly content: SendContent;
}

/** What the send policy reads: the contact's consent (erased opt-outs included) and window. */
export interface SendPolicyOptions {
  readonly store: Store;
  readonly flows: FlowCatalog;
  readonly clock: Clock;
  /** Key of the hash under which an erased number's opt-out is kept. */
  readonly identifierHashKey: string;
  /** The business number that sends (`WHATSAPP_PHONE_NUMBER_ID`); it also picks the flow. */
  readonly businessNumberId?: string;
}

export interface SendServiceOptions extends SendPolicyOptions {
  readonly outbound: OutboundPort;
  readonly metrics: Metrics;
  /** How long the caller waits for WhatsApp to take the message; default 10 s. */
  readonly waitMs?: number;
}

/** A message the gate let through: its outbox id, and its WhatsApp id once sent. */
export interface SendResult {
  readonly id: string;
  /** Absent when WhatsApp had not taken it yet at the end of the wait: it stays queued. */
  readonly waMessageId?: string;
}

/**
 * THE SEND GATE for business-initiated messages (`POST /v1/messages`): every send goes through
 * the send policy with the contact's consent and window, is counted, and is refused with the
 * flow's fallback channels when the rules forbid it. An allowed message is saved in the contact's
 * outbox (it then goes whatever happens to this process) and the policy is asked again right
 * before it goes to WhatsApp (`createSendRecheck`), since it may wait behind the customer's other
 * messages and pacing; a STOP (or a closed window) by then refuses it the same way.
 * @example
 * const sends = createSendService({ store, flows, outbound, clock, metrics, identifierHashKey });
 * const { waMessageId } = await sends.send({ to: { phone: '+14155550123' }, content: { kind: 'text', text: 'Hi' } });
 */
export interface SendService {
  /**
   * Sends one message if the policy allows it. Throws `SendRefusedError` (outside_window,
   * not_opted_in, opted_out) or `ValidationError('unknown_template')`; never creates a contact.
   */
  send(request: SendRequest): Promise<SendResult>;
}

const DEFAULT_WAIT_MS = 10_000;

export function createSendService(options: SendServiceOptions): SendService {
  const { outbound, metrics } = options;
  return {
    async send({ to, content }) {
      const request: OutboundRequest =
        content.kind === 'text' ? { kind: 'text' } : { kind: 'template', name: content.name };
      const { contact, decision } = await decide(options, to, request);
      metrics.sendDecisions.inc({ outcome: decision.allowed ? 'allowed' : decision.code });
      if (!decision.allowed) throw refusalOf(decision);
      // An allowed send implies an open window or an opt-in, both of which only a stored contact has.
      if (!contact) {
        throw new NotFoundError(
          'contact_not_found',
          'The contact is not stored; nothing was sent.',
        );
      }
      const message: OutboundMessage =
        content.kind === 'text'
          ? { kind: 'reply', reply: { type: 'text', text: content.text } }
          : {
              kind: 'template',
              name: content.name,
              language: content.language,
              ...(content.components ? { components: content.components } : {}),
              category: decision.category?.id ?? '',
            };
      const [sent] = await outbound.send(contact, [message], {
        businessNumberId: options.businessNumberId,
        recheck: true,
        waitMs: options.waitMs ?? DEFAULT_WAIT_MS,
      });
      if (!sent) throw new Error('the outbound port returned no receipt for one message');
      return sent;
    },
  };
}

/**
 * The send policy asked again at the moment of sending (PRODUCT.md, Opt-out: nothing proactive
 * after STOP, also when the STOP came while the message waited its turn): the contact is read
 * again and the request the entry stands for decided anew.
 * @example const recheck = createSendRecheck({ store, flows, clock, identifierHashKey });
 */
export function createSendRecheck(options: SendPolicyOptions): RecheckPolicy {
  return async (entry: OutboundEntry, contact: ContactRecord) => {
    const request: OutboundRequest =
      entry.kind === 'template' && entry.template !== undefined
        ? { kind: 'template', name: entry.template }
        : { kind: 'text' };
    const to = {
      ...(contact.phone ? { phone: contact.phone } : {}),
      ...(contact.userId ? { userId: contact.userId } : {}),
    };
    const { decision } = await decide(options, to, request);
    return decision.allowed ? undefined : refusalOf(decision);
  };
}

/** The contact as stored now, and the send policy's verdict on sending it `request` now. */
async function decide(options: SendPolicyOptions, to: ContactRef, request: OutboundRequest) {
  const flow = options.flows.forNumber(options.businessNumberId).definition;
  const { contact, consent } = await loadContactConsent(
    options.store,
    to,
    flow.categories,
    options.identifierHashKey,
  );
  const now = options.clock.now();
  const window = windowState(contact?.lastInboundAt, now);
  return { contact, decision: decideSend({ flow, consent, window, request, now }) };
}

function refusalOf(decision: Extract<SendDecision, { allowed: false }>): SendRefusedError {
  return new SendRefusedError(decision.code, decision.message, decision.fallback);
}
