import type { Request, RequestHandler, Server } from 'restify';
import { handoverJson, contactJson } from '../../handover-webhook/index.js';
import { requireWhatsAppContact } from '../../service/resolve-identifier.js';
import type { ContactRecord } from '../../store/port.js';
import type { HandoverRecord } from '../../core/handover/index.js';
import { readBody } from '../body/index.js';
import { rawBodyOf } from '../body/read-body.js';
import type { ServerDeps } from '../server-deps.js';
import type { ApiGuard } from './api-guard.js';
import { contactParam } from './contact-param.js';
import { isoTime } from './consent-view.js';
import { parseBody } from './json-body.js';
import { endHandoverBodySchema } from './request-schemas.js';

/**
 * Hand-overs to people (PRODUCT.md, HTTP): `GET /v1/handovers` (who is handed over, longest
 * waiting first), `GET /v1/handovers/{phone}` (with the customer's messages since it began),
 * `POST` (an agent takes the conversation) and `DELETE` (gives it back; `{"notify": true}` has
 * the bot greet the customer at once, inside the window). Agents answer with `POST /v1/messages`.
 */
export function registerHandoverRoutes(server: Server, deps: ServerDeps, guard: ApiGuard): void {
  const { handovers, clock, config } = deps;
  const lookup = { store: deps.store, identifierHashKey: config.identifierHashKey };
  const entry = (contact: ContactRecord & { readonly handover: HandoverRecord }) => ({
    contact: contactJson(contact),
    ...handoverJson(contact, contact.handover, clock.now()),
  });

  const list: RequestHandler = async (_req, res) => {
    const contacts = await handovers.list();
    res.send(200, {
      handovers: contacts.flatMap((c) =>
        c.handover ? [entry({ ...c, handover: c.handover })] : [],
      ),
    });
  };

  const get: RequestHandler = async (req, res) => {
    const contact = await handovers.get(await contactParam(req, lookup));
    res.send(200, {
      ...entry(contact),
      messages: contact.handover.messages.map((m) => ({
        id: m.messageId,
        at: isoTime(m.at),
        type: m.type,
        ...(m.text === undefined ? {} : { text: m.text }),
      })),
      transcript: (contact.transcript ?? []).map((line) => ({
        from: line.from,
        at: isoTime(line.at),
        text: line.text,
        ...(line.choices ? { choices: line.choices } : {}),
      })),
    });
  };

  const start: RequestHandler = async (req, res) => {
    const ref = await contactParam(req, lookup);
    requireWhatsAppContact(ref);
    const { contact, started } = await handovers.start(ref);
    res.send(started ? 201 : 200, entry(contact as ContactRecord & { handover: HandoverRecord }));
  };

  const end: RequestHandler = async (req, res) => {
    const ref = await contactParam(req, lookup);
    const { notify } = optionalBody(req);
    if (notify) requireWhatsAppContact(ref);
    const { contact, replies } = await handovers.end(ref, { ...(notify ? { notify } : {}) });
    if (replies.length > 0) {
      // Saved in the contact's outbox and sent from there like any reply; the send rule (the
      // window still open) is asked again right before each goes.
      await deps.outbound.send(
        contact,
        replies.map((reply) => ({ kind: 'reply', reply })),
        { businessNumberId: config.whatsapp.phoneNumberId, recheck: true },
      );
    }
    res.send(200, {
      contact: contactJson(contact),
      endedAt: isoTime(clock.now()),
      greeted: replies.length > 0,
    });
  };

  const path = '/v1/handovers/:identifier';
  server.get(
    { path: '/v1/handovers', name: 'listHandovers' },
    ...guard(['agent', 'crm', 'dpo']),
    list,
  );
  server.get({ path, name: 'getHandover' }, ...guard(['agent', 'crm', 'dpo']), get);
  server.post({ path, name: 'startHandover' }, ...guard(['agent']), start);
  server.del({ path, name: 'endHandover' }, ...guard(['agent']), readBody(), end);
}

/** The optional body of `DELETE`: none at all is `{}`. */
function optionalBody(req: Request): { notify?: boolean } {
  return rawBodyOf(req).length === 0 ? {} : parseBody(req, endHandoverBodySchema);
}
