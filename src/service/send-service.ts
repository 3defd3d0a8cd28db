import type { Clock } from '../core/clock.js';
import type { ContactRef } from '../core/identity.js';
import { decideSend } from '../core/send-policy.js';
import type { OutboundRequest, SendDecision } from '../core/send-policy.js';
import { windowState } from '../core/window.js';
import { NotFoundError, SendRefusedError } from '../errors.js';
import type { Metrics } from '../metrics/index.js';
import type { Store } from '../store/port.js';
import { loadContactConsent } from './contact-consent.js';
import type { FlowCatalog } from './flow-catalog.js';
import type { OutboundMessage, OutboundPort, SendCheck } from './outbound-port.js';

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

export interface SendServiceOptions {
  readonly store: Store;
  readonly flows: FlowCatalog;
  readonly outbound: OutboundPort;
  readonly clock: Clock;
  readonly metrics: Metrics;
  /** Key of the hash under which an erased number's opt-out is kept. */
  readonly phoneHashKey: string;
  /** The business number that sends (`WHATSAPP_PHONE_NUMBER_ID`); it also picks the flow. */
  readonly businessNumberId?: string;
}

/**
 * THE SEND GATE for business-initiated messages (`POST /v1/messages`): every send goes through
 * the send policy with the contact's consent and window, is counted, and is refused with the
 * flow's fallback channels when the rules forbid it. The policy is asked twice: at the gate, and
 * again right before the message goes to WhatsApp, since it may wait behind the customer's other
 * messages and pacing; a STOP (or a closed window) by then refuses it the same way.
 * @example
 * const sends = createSendService({ store, flows, outbound, clock, metrics, phoneHashKey });
 * const { waMessageId } = await sends.send({ to: { phone: '+14155550123' }, content: { kind: 'text', text: 'Hi' } });
 */
export interface SendService {
  /**
   * Sends one message if the policy allows it. Throws `SendRefusedError` (outside_window,
   * not_opted_in, opted_out) or `ValidationError('unknown_template')`; never creates a contact.
   */
  send(request: SendRequest): Promise<{ readonly waMessageId: string }>;
}

export function createSendService(options: SendServiceOptions): SendService {
  const { store, flows, outbound, clock, metrics } = options;

  /** The contact as stored now, and the send policy's verdict on sending it `request` now. */
  async function decide(to: ContactRef, request: OutboundRequest) {
    const flow = flows.forNumber(options.businessNumberId).definition;
    const { contact, consent } = await loadContactConsent(
      store,
      to,
      flow.categories,
      options.phoneHashKey,
    );
    const now = clock.now();
    const window = windowState(contact?.lastInboundAt, now);
    return { contact, decision: decideSend({ flow, consent, window, request, now }) };
  }

  return {
    async send({ to, content }) {
      const request: OutboundRequest =
        content.kind === 'text' ? { kind: 'text' } : { kind: 'template', name: content.name };
      const { contact, decision } = await decide(to, request);
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
      // Reloaded and decided again at the moment of sending (PRODUCT.md, Opt-out: nothing
      // proactive after STOP, also when the STOP came while this message waited its turn).
      const check: SendCheck = async () => {
        const { decision: late } = await decide(to, request);
        return late.allowed ? undefined : refusalOf(late);
      };
      const [sent] = await outbound.send(contact, [message], options.businessNumberId, { check });
      if (!sent) throw new Error('the outbound port returned no message id for one message');
      return sent;
    },
  };
}

function refusalOf(decision: Extract<SendDecision, { allowed: false }>): SendRefusedError {
  return new SendRefusedError(decision.code, decision.message, decision.fallback);
}
