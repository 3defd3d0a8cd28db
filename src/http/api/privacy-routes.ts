import type { RequestHandler, Server } from 'restify';
import { eraseKeepingSuppression } from '../../service/kept-suppression.js';
import type { ServerDeps } from '../server-deps.js';
import type { ApiGuard } from './api-guard.js';
import { contactNotFound } from './consent-routes.js';
import { contactParam } from './contact-param.js';
import { evidenceJson, isoTime, withIsoTimes } from './consent-view.js';

/** The data-protection officer's routes: subject-access export and erasure (role `dpo`). */
export function registerPrivacyRoutes(server: Server, deps: ServerDeps, guard: ApiGuard): void {
  const { store, clock, config } = deps;
  const lookup = { store, identifierHashKey: config.identifierHashKey };

  const exportContact: RequestHandler = async (req, res) => {
    const contact = await store.findContact(await contactParam(req, lookup));
    const stored = contact ? await store.exportContact(contact.id) : null;
    if (!stored) throw contactNotFound();
    res.send(200, {
      exportedAt: isoTime(clock.now()),
      contact: { ...withIsoTimes(stored.contact), consent: withIsoTimes(stored.contact.consent) },
      events: stored.events.map((event) =>
        withIsoTimes({ ...event, evidence: evidenceJson(event.evidence) }),
      ),
      outbound: stored.outbound.map((entry) => withIsoTimes(entry)),
      processedMessageIds: stored.processedMessageIds,
    });
  };

  const eraseContact: RequestHandler = async (req, res) => {
    const ref = await contactParam(req, lookup);
    const contact = await store.findContact(ref);
    if (!contact) throw contactNotFound();
    // Kept under every identifier the contact has, whichever one the erasure was asked by, so
    // the opt-out is found whichever one the person writes or is written to with later.
    await eraseKeepingSuppression(store, contact.id, config.identifierHashKey, clock.now());
    res.send(204);
  };

  server.get(
    { path: '/v1/contacts/:identifier/export', name: 'exportContact' },
    ...guard(['dpo']),
    exportContact,
  );
  server.del(
    { path: '/v1/contacts/:identifier', name: 'eraseContact' },
    ...guard(['dpo']),
    eraseContact,
  );
}
