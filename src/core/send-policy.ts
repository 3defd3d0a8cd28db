/**
 * THE SEND POLICY (PRODUCT.md, Customer-service window and Outside the window): free text only
 * inside the window; a template only to a customer opted in to its category and not opted out.
 * Every refusal says why, what to do, and which fallback channels the flow configures.
 */
import type { ConsentState } from './consent/state.js';
import { isConsentExpired } from './consent/project-consent.js';
import type { FallbackChannel, FlowCategory, FlowDefinition } from './flow/definition.js';
import type { WindowState } from './window.js';
import { ValidationError } from '../errors.js';

/** What a caller asks to send: free text, or an approved template by name. */
export type OutboundRequest =
  { readonly kind: 'text' } | { readonly kind: 'template'; readonly name: string };

/** The verdict on one send; a refusal carries a stable code, a sentence and the fallback channels. */
export type SendDecision =
  | { readonly allowed: true; readonly category?: FlowCategory }
  | {
      readonly allowed: false;
      readonly code: 'outside_window' | 'not_opted_in' | 'opted_out';
      readonly message: string;
      readonly fallback: readonly FallbackChannel[];
    };

/** Everything the policy looks at; `now` is the injected clock's time. */
export interface SendFacts {
  readonly flow: FlowDefinition;
  readonly consent: ConsentState;
  readonly window: WindowState;
  readonly request: OutboundRequest;
  readonly now: number;
}

/** The flow category a template belongs to, or `undefined` for a template the flow does not declare. */
export function findTemplateCategory(
  flow: FlowDefinition,
  templateName: string,
): FlowCategory | undefined {
  return flow.categories.find((c) => c.templates.includes(templateName));
}

/**
 * Decides whether a message may be sent to a contact now. Throws
 * `ValidationError('unknown_template')` for a template the flow does not declare.
 * @example decideSend({ flow, consent, window: windowState(lastInboundAt, now), request: { kind: 'text' }, now })
 */
export function decideSend(facts: SendFacts): SendDecision {
  const { flow, consent, window, request, now } = facts;
  const refuse = (
    code: 'outside_window' | 'not_opted_in' | 'opted_out',
    message: string,
  ): SendDecision => ({
    allowed: false,
    code,
    message: `${message} ${fallbackHint(flow)}`,
    fallback: flow.fallback,
  });

  if (request.kind === 'text') {
    if (window.open) return { allowed: true };
    const closed =
      window.expiresAt === undefined
        ? 'this customer has not written to us'
        : `this customer's window closed at ${new Date(window.expiresAt).toISOString()}`;
    return refuse(
      'outside_window',
      `Free-form text may only be sent within 24 hours of the customer's last message, and ${closed}; send an approved template the customer opted in to instead.`,
    );
  }

  const category = findTemplateCategory(flow, request.name);
  if (!category) {
    const declared = flow.categories.flatMap((c) => c.templates);
    throw new ValidationError(
      'unknown_template',
      `Template "${request.name}" is not declared in flow "${flow.id}"; declared templates: ${declared.join(', ') || 'none'}. Use one of them, or add it to a category's templates in the flow file.`,
      { template: request.name, flowId: flow.id },
    );
  }
  const what = `template "${request.name}" belongs to the category "${category.id}"`;

  // Opt-outs first: whatever else holds, an opted-out customer gets no template (PRODUCT.md, Opt-out).
  if (consent.status === 'opted_out') {
    return refuse(
      'opted_out',
      `The customer opted out of WhatsApp messages from ${flow.business.name}; nothing proactive may be sent until they opt in again themselves.`,
    );
  }
  if (consent.revoked?.[category.id]) {
    return refuse(
      'opted_out',
      `The customer withdrew consent for "${category.id}" messages and ${what}; do not send it unless they opt in to it again.`,
    );
  }
  if (category.whatsappCategory === 'MARKETING' && consent.marketingSuppressed) {
    return refuse(
      'opted_out',
      `The customer stopped marketing messages in WhatsApp and ${what}, a MARKETING category; it may be sent again only after they resume marketing messages.`,
    );
  }
  if (isConsentExpired(consent, flow.consent.expiryDays, now)) {
    return refuse(
      'not_opted_in',
      `The customer's opt-in expired after ${flow.consent.expiryDays} days and ${what}; ask them again before sending it.`,
    );
  }
  if (consent.status !== 'opted_in' || consent.categories[category.id] !== true) {
    return refuse(
      'not_opted_in',
      `The customer has not opted in to "${category.id}" messages (consent status: ${consent.status}) and ${what}; ask them in a conversation, or record an opt-in given elsewhere with PUT /v1/contacts/{phone}/consent.`,
    );
  }
  return { allowed: true, category };
}

function fallbackHint(flow: FlowDefinition): string {
  return flow.fallback.length > 0
    ? `Fallback channels for this flow: ${flow.fallback.join(', ')}.`
    : 'This flow configures no fallback channel.';
}
