import type { ContactRef } from '../core/identity.js';
import type { NewConsentEvent } from '../core/consent/events.js';
import type { FlowCategory } from '../core/flow/definition.js';
import { projectConsent } from '../core/consent/project-consent.js';
import type { ConsentState } from '../core/consent/state.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ContactPatch, ContactRecord, MergeOptions, Store } from '../store/port.js';

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
 *
 * A reference naming the phone of one contact and the user id of another merges them first
 * (`Store.ensureContact`), so consent follows the person. Should the change still link an
 * identifier another contact holds (one that could not be merged: it has another value of the
 * identifier the contact has), the change is tried once more after finding the contact again,
 * then saved without that link, as `ensureContact` links: the message is applied, never
 * refused for ever.
 */
export async function updateContact<R>(
  options: UpdateContactOptions,
  ref: ContactRef,
  decide: (contact: ContactRecord) => Promise<ContactChange<R>> | ContactChange<R>,
): Promise<UpdateOutcome<R>> {
  const { store, now } = options;
  const attempts = options.maxAttempts ?? 8;
  // Only a WhatsApp webhook names both identifiers of a person; a REST call names one.
  const merge: MergeOptions = { categories: options.categories, source: 'whatsapp' };
  const taken = new Set<IdentifierField>();
  const unlinked = new Set<IdentifierField>();
  for (let attempt = 1; ; attempt++) {
    const contact = await store.ensureContact(ref, now(), merge);
    const change = await decide(contact);
    if (change.messageId && contact.recentMessageIds.includes(change.messageId)) {
      return { kind: 'duplicate', contact };
    }
    const events = change.events ?? [];
    // An ask changes no consent: a turn that only asked needs no projection of the ledger.
    const consent = events.some((e) => e.type !== 'consent.asked')
      ? await reproject(options, contact, events)
      : change.patch?.consent;
    try {
      const saved = await store.saveTurn({
        contactId: contact.id,
        expectedVersion: contact.version,
        patch: withoutIdentifiers({ ...change.patch, ...(consent ? { consent } : {}) }, unlinked),
        events,
        ...(change.messageId ? { messageId: change.messageId } : {}),
        now: now(),
      });
      return { kind: 'saved', contact: saved, result: change.result };
    } catch (error) {
      // Merged into another contact since it was read: find it again, like a version conflict.
      const mergedAway = error instanceof NotFoundError && error.code === 'contact_not_found';
      if (!(error instanceof ConflictError) && !mergedAway) throw error;
      if (error instanceof ConflictError && error.context['duplicate'] === true) {
        const current = await store.getContact(contact.id);
        return { kind: 'duplicate', contact: current ?? contact };
      }
      const field = error instanceof ConflictError ? takenField(error) : undefined;
      if (field) (taken.has(field) ? unlinked : taken).add(field);
      if (attempt >= attempts) throw error;
    }
  }
}

type IdentifierField = 'phone' | 'userId';

/** The identifier a `saveTurn` refused because another contact holds it (`identifierTaken`). */
function takenField(error: ConflictError): IdentifierField | undefined {
  if (error.context['identifierTaken'] !== true) return undefined;
  const field = error.context['field'];
  return field === 'phone' || field === 'userId' ? field : undefined;
}

/** The patch without the identifiers in `fields`: the contact goes on without linking them. */
function withoutIdentifiers(
  patch: ContactPatch,
  fields: ReadonlySet<IdentifierField>,
): ContactPatch {
  const { phone, userId, ...rest } = patch;
  return {
    ...rest,
    ...(phone === undefined || fields.has('phone') ? {} : { phone }),
    ...(userId === undefined || fields.has('userId') ? {} : { userId }),
  };
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
