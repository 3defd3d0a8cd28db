import type { RequestHandler, Server } from 'restify';
import { eraseKeepingSuppression, storedApart } from '../../service/kept-suppression.js';
import type { ServerDeps } from '../server-deps.js';
import type { ApiGuard } from './api-guard.js';
import { contactNotFound } from './consent-routes.js';
import { contactParam } from './contact-param.js';
import { evidenceJson, isoTime, withIsoTimes } from './consent-view.js';

/** The data-protection officer's routes: subject-access export and erasure (role `dpo`). */
export function registerPrivacyRoutes(server: Server, deps: ServerDeps, guard: ApiGuard): void {
  const { store, clock, config } = deps;
  const lookup = { store, identifierHashKey: config.identifierHashKey };

  /** What is kept of one contact, as the export shows it. */
  const exported = async (contactId: string) => {
    const stored = await store.exportContact(contactId);
    if (!stored) return null;
    return {
      contact: { ...withIsoTimes(stored.contact), consent: withIsoTimes(stored.contact.consent) },
      events: stored.events.map((event) =>
        withIsoTimes({ ...event, evidence: evidenceJson(event.evidence) }),
      ),
      outbound: stored.outbound.map((entry) => withIsoTimes(entry)),
      processedMessageIds: stored.processedMessageIds,
    };
  };

  const exportContact: RequestHandler = async (req, res) => {
    const contact = await store.findContact(await contactParam(req, lookup));
    const own = contact ? await exported(contact.id) : null;
    if (!contact || !own) throw contactNotFound();
    // The same person's data stored apart under the other form of the number is theirs too.
    const apart = await Promise.all(
      (await storedApart(store, contact)).map((twin) => exported(twin.id)),
    );
    const otherNumberForms = apart.filter((twin) => twin !== null);
    res.send(200, {
      exportedAt: isoTime(clock.now()),
      ...own,
      ...(otherNumberForms.length > 0 ? { otherNumberForms } : {}),
    });
  };

  const eraseContact: RequestHandler = async (req, res) => {
    const ref = await contactParam(req, lookup);
    const contact = await store.findContact(ref);
    if (!contact) throw contactNotFound();
    // Kept under every identifier the contact has, whichever one the erasure was asked by, so
    // the opt-out is found whichever one the person writes or is written to with later. The
    // same person stored apart under the other form of the number is erased too.
    for (const erased of [contact, ...(await storedApart(store, contact))]) {
      await eraseKeepingSuppression(store, erased.id, config.identifierHashKey, clock.now());
    }
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
