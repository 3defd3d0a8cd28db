import type { RequestHandler, Server } from 'restify';
import { requireWhatsAppContact, resolveIdentifier } from '../../service/resolve-identifier.js';
import { createSendService } from '../../service/send-service.js';
import type { SendContent } from '../../service/send-service.js';
import { readBody } from '../body/index.js';
import type { ServerDeps } from '../server-deps.js';
import type { ApiGuard } from './api-guard.js';
import { principalOf } from './auth.js';
import { parseBody } from './json-body.js';
import { messageBodySchema } from './request-schemas.js';

/** `POST /v1/messages`: a business-initiated send through the send gate (roles `agent`, `crm`). */
export function registerMessageRoutes(server: Server, deps: ServerDeps, guard: ApiGuard): void {
  const sends = createSendService({
    store: deps.store,
    flows: deps.flows,
    outbound: deps.outbound,
    clock: deps.clock,
    metrics: deps.metrics,
    identifierHashKey: deps.config.identifierHashKey,
    ...(deps.config.whatsapp.phoneNumberId
      ? { businessNumberId: deps.config.whatsapp.phoneNumberId }
      : {}),
  });

  const postMessage: RequestHandler = async (req, res) => {
    const body = parseBody(req, messageBodySchema);
    const to = await resolveIdentifier(
      { store: deps.store, identifierHashKey: deps.config.identifierHashKey },
      body.to,
    );
    requireWhatsAppContact(to);
    const content: SendContent = body.template
      ? {
          kind: 'template',
          name: body.template.name,
          language: body.template.language,
          ...(body.template.components ? { components: body.template.components } : {}),
        }
      : { kind: 'text', text: body.text ?? '' };
    const { id, waMessageId } = await sends.send({ to, content });
    // An agent's answer during a hand-over: the idle limit counts from it (issue 10).
    if (content.kind === 'text' && principalOf(req).role === 'agent') {
      await deps.handovers.agentWrote(to, deps.clock.now());
    }
    // Saved in the outbox either way; "queued" when WhatsApp had not taken it within the wait
    // (pacing behind the customer's other messages, or the Cloud API down): it goes later.
    res.send(
      202,
      waMessageId ? { messageId: waMessageId, status: 'accepted', id } : { status: 'queued', id },
    );
  };

  server.post(
    { path: '/v1/messages', name: 'postMessage' },
    ...guard(['agent', 'crm']),
    readBody(),
    postMessage,
  );
}
