import type { ContactRef } from '../core/identity.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { FlowCategory } from '../core/flow/definition.js';
import { projectConsent } from '../core/consent/project-consent.js';
import type { ConsentState } from '../core/consent/state.js';
import { ConflictError } from '../errors.js';
import type { ContactPatch, ContactRecord, Store } from '../store/port.js';

/** What one attempt of an update decides, from the contact as read. */
export interface ContactChange<R> {
  readonly patch?: ContactPatch;
  readonly events?: readonly NewConsentEvent[];
  readonly messageId?: string;
  readonly result: R;
}

export interface UpdateContactOptions {
  readonly store: Store;
  readonly now: () => number;
  /** Categories of the flow, to project consent after new events. */
  readonly categories: readonly FlowCategory[];
  readonly maxAttempts?: number;
}

/** The outcome of {@link updateContact}: the saved contact and the decision's result. */
export type UpdateOutcome<R> =
  | { readonly kind: 'saved'; readonly contact: ContactRecord; readonly result: R }
  | { readonly kind: 'duplicate'; readonly contact: ContactRecord };

/**
 * Read-decide-write with optimistic concurrency: loads the contact, lets `decide` compute the
 * change, and saves it only if nobody wrote in between; otherwise reloads and decides again.
 * No update is lost, and a message id already applied is never applied twice.
 */
export async function updateContact<R>(
  options: UpdateContactOptions,
  ref: ContactRef,
  decide: (contact: ContactRecord) => Promise<ContactChange<R>> | ContactChange<R>,
): Promise<UpdateOutcome<R>> {
  const { store, now } = options;
  const attempts = options.maxAttempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    const contact = await store.ensureContact(ref, now());
    const change = await decide(contact);
    if (change.messageId && contact.recentMessageIds.includes(change.messageId)) {
      return { kind: 'duplicate', contact };
    }
    const events = change.events ?? [];
    const consent =
      events.length > 0 ? await reproject(options, contact, events) : change.patch?.consent;
    try {
      const saved = await store.saveTurn({
        contactId: contact.id,
        expectedVersion: contact.version,
        patch: { ...change.patch, ...(consent ? { consent } : {}) },
        events,
        ...(change.messageId ? { messageId: change.messageId } : {}),
        now: now(),
      });
      return { kind: 'saved', contact: saved, result: change.result };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (error.context['duplicate'] === true) {
        const current = await store.getContact(contact.id);
        return { kind: 'duplicate', contact: current ?? contact };
      }
      if (attempt >= attempts) throw error;
    }
  }
}

/** Consent after the new events, projected from the whole ledger ("latest by time wins"). */
async function reproject(
  options: UpdateContactOptions,
  contact: ContactRecord,
  events: readonly NewConsentEvent[],
): Promise<ConsentState> {
  const stored = await options.store.listEvents(contact.id);
  const pending = events.map((e, i) => ({ ...e, id: `pending-${i}`, contactId: contact.id }));
  return projectConsent([...stored, ...pending] as never, options.categories);
}
