import type { Clock } from '../core/clock.js';
import type { ContactRef } from '../core/identity.js';
import { decideSend } from '../core/send-policy.js';
import type { OutboundRequest } from '../core/send-policy.js';
import { windowState } from '../core/window.js';
import { NotFoundError, SendRefusedError } from '../errors.js';
import type { Metrics } from '../metrics/index.js';
import type { Store } from '../store/port.js';
import { loadContactConsent } from './contact-consent.js';
import type { FlowCatalog } from './flow-catalog.js';
import type { OutboundMessage, OutboundPort } from './outbound-port.js';

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
 * flow's fallback channels when the rules forbid it.
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
  return {
    async send({ to, content }) {
      const flow = flows.forNumber(options.businessNumberId).definition;
      const { contact, consent } = await loadContactConsent(
        store,
        to,
        flow.categories,
        options.phoneHashKey,
      );
      const now = clock.now();
      const request: OutboundRequest =
        content.kind === 'text' ? { kind: 'text' } : { kind: 'template', name: content.name };
      const decision = decideSend({
        flow,
        consent,
        window: windowState(contact?.lastInboundAt, now),
        request,
        now,
      });
      metrics.sendDecisions.inc({ outcome: decision.allowed ? 'allowed' : decision.code });
      if (!decision.allowed) {
        throw new SendRefusedError(decision.code, decision.message, decision.fallback);
      }
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
      const [sent] = await outbound.send(contact, [message], options.businessNumberId);
      if (!sent) throw new Error('the outbound port returned no message id for one message');
      return sent;
    },
  };
}
