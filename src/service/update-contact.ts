import type { ContactRef } from '../core/identity.js';
import type { ConsentEvent, NewConsentEvent } from '../core/consent/events.js';
import type { FlowCategory } from '../core/flow/definition.js';
import { advanceConsent, latestOf } from '../core/consent/advance-consent.js';
import type { ProjectedConsent } from '../core/consent/advance-consent.js';
import { projectConsent } from '../core/consent/project-consent.js';
import type { ConsentState } from '../core/consent/state.js';
import type { TranscriptLine } from '../core/handover/index.js';
import { ConflictError } from '../errors.js';
import type {
  ContactPatch,
  ContactRecord,
  LeaseRequest,
  MergeOptions,
  OutboundEntry,
  Store,
} from '../store/port.js';
import { takenIdentifierOf } from '../store/store-errors.js';
import { withStoredNumberForm } from './resolve-identifier.js';

/** What one attempt of an update decides, from the contact as read. */
export type ContactChange<R> =
  | {
      readonly patch?: ContactPatch;
      readonly events?: readonly NewConsentEvent[];
      readonly messageId?: string;
      /**
       * The messages to queue with the same write, given the consent after the events (a
       * confirmation a later decision overrides is left out). Absent: none.
       */
      readonly outbox?: (consent: ConsentState) => readonly OutboundEntry[];
      /** Take the outbox lease with the write (see `SaveTurnInput.lease`). */
      readonly lease?: () => LeaseRequest | undefined;
      /**
       * The lines to add to the contact's transcript with the same write, given the consent
       * after the events (a confirmation a later decision overrides was not said).
       */
      readonly transcript?: (consent: ConsentState) => readonly TranscriptLine[];
      readonly result: R;
      readonly duplicate?: false;
    }
  /** The message was applied before: nothing to write. */
  | { readonly duplicate: true };

export interface UpdateContactOptions {
  readonly store: Store;
  readonly now: () => number;
  /** Categories of the flow, to project consent after new events. */
  readonly categories: readonly FlowCategory[];
  readonly maxAttempts?: number;
}

/** The outcome of {@link updateContact}: the saved contact and the decision's result. */
export type UpdateOutcome<R> =
  | {
      readonly kind: 'saved';
      readonly contact: ContactRecord;
      readonly result: R;
      /** The entries queued with the write (in the saved contact's outbox). */
      readonly queued: readonly OutboundEntry[];
    }
  | { readonly kind: 'duplicate'; readonly contact: ContactRecord };

/**
 * Read-decide-write with optimistic concurrency: loads the contact, lets `decide` compute the
 * change, and saves it only if nobody wrote in between; otherwise reloads and decides again.
 * No update is lost, and a message id already applied is never applied twice.
 *
 * One read and one write in the common case: the contact read carries its recent message ids
 * (the duplicate guard) and its consent projection, which the new events move forward without
 * reading the ledger, unless one of them is not newer than the ledger (a late message, another
 * channel's past decision) or the flow's categories changed: the ledger is then projected anew.
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
  // A number in its other form ("52 1 …" of a contact stored as "+52 …") is that contact's.
  const named = await withStoredNumberForm(store, ref);
  for (let attempt = 1; ; attempt++) {
    const contact = await store.ensureContact(named, now(), merge);
    const change = await decide(contact);
    if (change.duplicate === true) return { kind: 'duplicate', contact };
    if (change.messageId && contact.recentMessageIds.includes(change.messageId)) {
      return { kind: 'duplicate', contact };
    }
    const events = change.events ?? [];
    const projected = await project(options, contact, events);
    const consent = events.length > 0 ? projected?.consent : change.patch?.consent;
    const outbox = change.outbox?.(consent ?? contact.consent) ?? [];
    const lease = outbox.length > 0 ? change.lease?.() : undefined;
    const transcript = change.transcript?.(consent ?? contact.consent) ?? [];
    try {
      const saved = await store.saveTurn({
        contactId: contact.id,
        expectedVersion: contact.version,
        patch: withoutIdentifiers(
          {
            ...change.patch,
            ...(consent ? { consent } : {}),
            // With events always: a store forgets the place of events written without one.
            ...(projected && (events.length > 0 || projected.through !== contact.consentThrough)
              ? { consentThrough: projected.through }
              : {}),
          },
          unlinked,
        ),
        events,
        ...(change.messageId ? { messageId: change.messageId } : {}),
        ...(outbox.length > 0 ? { outbox } : {}),
        ...(lease ? { lease } : {}),
        ...(transcript.length > 0 ? { transcript } : {}),
        now: now(),
      });
      return { kind: 'saved', contact: saved, result: change.result, queued: outbox };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      switch (error.reason) {
        case 'duplicate_message': {
          const current = await store.getContact(contact.id);
          return { kind: 'duplicate', contact: current ?? contact };
        }
        case 'identifier_taken': {
          // Tried once more after finding the contact again, then saved without the link.
          const field = takenIdentifierOf(error);
          if (field) (taken.has(field) ? unlinked : taken).add(field);
          break;
        }
        case 'stale_version':
        case 'contact_merging':
        case 'merged_away':
        case 'contended':
          // Found again (the kept contact after a merge) and decided again on the next try.
          break;
        case 'clock_fixed':
          throw error;
      }
      if (attempt >= attempts) throw error;
    }
  }
}

type IdentifierField = 'phone' | 'userId';

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

/**
 * Consent after the new events ("latest by time wins"), and the time it is projected through:
 * the stored projection moved forward when it can be (`advanceConsent`), else the whole ledger
 * projected again. Undefined when there are no events and the projection's place is unknown.
 */
async function project(
  options: UpdateContactOptions,
  contact: ContactRecord,
  events: readonly NewConsentEvent[],
): Promise<ProjectedConsent | undefined> {
  // A contact never saved has an empty ledger: every write that appends events moves the version.
  const through = contact.version === 0 ? 0 : contact.consentThrough;
  const pending: ConsentEvent[] = events.map((e, i) => ({
    ...e,
    id: `pending-${i}`,
    contactId: contact.id,
  }));
  if (pending.length === 0) {
    return through === undefined ? undefined : { consent: contact.consent, through };
  }
  const advanced = advanceConsent(
    { consent: contact.consent, through },
    pending,
    options.categories,
  );
  if (advanced) return advanced;
  const ledger = [...(await options.store.listEvents(contact.id)), ...pending];
  return { consent: projectConsent(ledger, options.categories), through: latestOf(ledger, 0) };
}
