import type { RequestHandler, Server } from 'restify';
import type { FlowDefinition } from '../../core/flow/definition.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { loadContactConsent } from '../../service/contact-consent.js';
import { requireWhatsAppContact } from '../../service/resolve-identifier.js';
import { readBody } from '../body/index.js';
import type { ServerDeps } from '../server-deps.js';
import { contactParam } from './contact-param.js';
import { consentJson, contactJson, eventJson } from './consent-view.js';
import { parseBody } from './json-body.js';
import { consentBodySchema, ledgerEvidence } from './request-schemas.js';
import type { ApiGuard } from './api-guard.js';

/** How far ahead of our clock a caller's `occurredAt` may be (their clock may run a little fast). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** `GET`/`PUT /v1/contacts/{phone}/consent` and `GET …/consent/history`. */
export function registerConsentRoutes(server: Server, deps: ServerDeps, guard: ApiGuard): void {
  const { store, flows, clock, config, metrics } = deps;
  const flow = () => flows.defaultFlow().definition;
  const lookup = { store, identifierHashKey: config.identifierHashKey };

  const getConsent: RequestHandler = async (req, res) => {
    const ref = await contactParam(req, lookup);
    const { contact, consent } = await loadContactConsent(
      store,
      ref,
      flow().categories,
      config.identifierHashKey,
    );
    res.send(200, consentJson(ref, contact, consent, clock.now()));
  };

  const putConsent: RequestHandler = async (req, res) => {
    const ref = await contactParam(req, lookup);
    requireWhatsAppContact(ref);
    const body = parseBody(req, consentBodySchema);
    const definition = flow();
    checkCategories(definition, body.categories);
    const occurredAt = body.occurredAt === undefined ? undefined : Date.parse(body.occurredAt);
    if (occurredAt !== undefined && occurredAt > clock.now() + MAX_CLOCK_SKEW_MS) {
      throw new ValidationError(
        'invalid_body',
        `The request body is invalid: occurredAt: ${body.occurredAt} is in the future; give the time the customer decided.`,
      );
    }
    await deps.consent.record({
      contact: ref,
      status: body.status,
      ...(body.categories ? { categories: body.categories } : {}),
      source: body.source,
      evidence: ledgerEvidence(body.evidence),
      ...(occurredAt !== undefined ? { occurredAt } : {}),
    });
    metrics.consentChanges.inc({
      change: body.status === 'opted_in' ? 'opt_in' : 'opt_out',
      source: body.source,
      language: body.evidence.language ?? 'none',
    });
    // Read back through the suppression rule, so the answer is exactly what GET will say.
    const { contact, consent } = await loadContactConsent(
      store,
      ref,
      definition.categories,
      config.identifierHashKey,
    );
    res.send(200, consentJson(ref, contact, consent, clock.now()));
  };

  const getHistory: RequestHandler = async (req, res) => {
    const ref = await contactParam(req, lookup);
    const contact = await store.findContact(ref);
    if (!contact) throw contactNotFound();
    const events = await store.listEvents(contact.id);
    res.send(200, { contact: contactJson(ref, contact), events: events.map(eventJson) });
  };

  const path = '/v1/contacts/:identifier/consent';
  server.get({ path, name: 'getConsent' }, ...guard(['dpo', 'crm', 'agent']), getConsent);
  server.put({ path, name: 'putConsent' }, ...guard(['crm', 'dpo']), readBody(), putConsent);
  server.get(
    { path: `${path}/history`, name: 'getConsentHistory' },
    ...guard(['dpo', 'crm']),
    getHistory,
  );
}

/** The 404 of every route that needs a stored contact. */
export function contactNotFound(): NotFoundError {
  return new NotFoundError(
    'contact_not_found',
    'No contact is stored under this phone number or user id (never seen, or erased).',
  );
}

function checkCategories(flow: FlowDefinition, requested: readonly string[] | undefined): void {
  const ids = flow.categories.map((c) => c.id);
  const unknown = (requested ?? []).filter((id) => !ids.includes(id));
  if (unknown.length > 0) {
    throw new ValidationError(
      'unknown_category',
      `Unknown categor${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((id) => `"${id}"`).join(', ')}; flow "${flow.id}" has: ${ids.join(', ')}.`,
      { unknown, allowed: ids },
    );
  }
}
