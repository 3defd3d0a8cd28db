import { randomUUID } from 'node:crypto';
import { projectConsent } from '../../core/consent/project-consent.js';
import { ConflictError } from '../../errors.js';
import { omit } from '../omit.js';
import type { MergeOptions } from '../port.js';
import {
  keptAndAbsorbed,
  mergeFields,
  mergedEvent,
  movedIdentifier,
  type MergedMachine,
  type MergeSide,
} from '../merge-rules.js';
import type { StoreCollections } from './collections.js';
import { toEventDoc, type ContactDoc, type MergeMarker } from './documents.js';
import { rememberMerge } from './merged-contacts.js';
import { isDuplicateKeyError } from './mongo-errors.js';
import { mergeOutboxes } from './outbox.js';
import { flushPendingEvents, readLedger } from './pending-events.js';

/** Each lost round means another process moved the merge on; a few are plenty. */
const MAX_ATTEMPTS = 8;

type IdentifierField = 'phone' | 'userId';

/**
 * Merges two contacts of one person (`canMerge`) into the older one without transactions, in
 * steps that each leave a state any process can finish ({@link finishMerge}) and that never
 * put one identifier on two contacts (the unique indexes hold throughout):
 * 1. the absorbed contact is marked `mergedInto` (the kept contact, the identifier it hands
 *    over, the categories to project with) and its version moves: no turn is saved on it any
 *    more, so its pending events are final and are copied to the ledger;
 * 2. its identifier is freed (unset); while it moves, lookups find it under the marker;
 * 3. the kept contact takes the identifier and `mergingFrom`, and its version moves: no turn
 *    is saved on it until the merge is done;
 * 4. `merged_contacts` records where the absorbed contact goes (the merge can no longer be
 *    undone), then its events, processed message ids and outbound entries are re-keyed, and
 *    its outbox joins the kept one's; a late write under its id (a send under way, a turn's
 *    processed id) follows the record;
 * 5. the kept contact takes the merged fields, its consent projected from the merged ledger,
 *    and a `contact.merged` event; `mergingFrom` goes, and its version moves again;
 * 6. the absorbed contact is deleted.
 * Should step 3 find the kept contact changed (it took another value of that identifier
 * meanwhile), the merge is undone: nothing was moved yet.
 * Returns the kept contact, or null when the pair changed before step 1 or the merge was
 * undone (read both again).
 */
export async function mergeContactDocs(
  collections: StoreCollections,
  a: ContactDoc,
  b: ContactDoc,
  options: MergeOptions,
  now: number,
): Promise<ContactDoc | null> {
  const [kept, absorbed] = keptAndAbsorbed(sideOf(a), sideOf(b));
  const moved = movedIdentifier(kept, absorbed);
  if (!moved) return null;
  const other: IdentifierField = moved.field === 'phone' ? 'userId' : 'phone';
  const marker: MergeMarker = {
    contactId: kept.id,
    ...(moved.field === 'phone' ? { phone: moved.value } : { userId: moved.value }),
    categories: [...options.categories],
    source: options.source,
    at: now,
  };
  const marked = await collections.contacts.updateOne(
    {
      _id: absorbed.id,
      [moved.field]: moved.value,
      [other]: { $exists: false },
      mergedInto: { $exists: false },
      mergingFrom: { $exists: false },
    },
    { $set: { mergedInto: marker }, $inc: { version: 1 } },
  );
  if (marked.matchedCount === 0) return null;
  return finishMerge(collections, absorbed.id);
}

/**
 * Finishes whatever merge the contact takes part in, absorbed or kept, from the step it had
 * reached. Idempotent: any number of processes may run it at once.
 */
export async function finishMergesOf(
  collections: StoreCollections,
  contact: ContactDoc,
): Promise<void> {
  if (contact.mergedInto) {
    await finishMerge(collections, contact._id);
    return;
  }
  if (contact.mergingFrom === undefined) return;
  const finished = await finishMerge(collections, contact.mergingFrom);
  if (!finished) {
    // Cannot happen by the steps above (the absorbed contact is deleted only after the kept one
    // lost `mergingFrom`); should it anyway, a claim nobody can finish must not block turns.
    await collections.contacts.updateOne(
      { _id: contact._id, mergingFrom: contact.mergingFrom },
      { $unset: { mergingFrom: '' } },
    );
  }
}

/**
 * Finishes the merge of the marked contact `absorbedId` (steps 1–6 of {@link mergeContactDocs}).
 * Returns the kept contact, or null when there is nothing to finish or the merge was undone.
 */
export async function finishMerge(
  collections: StoreCollections,
  absorbedId: string,
): Promise<ContactDoc | null> {
  const absorbed = await collections.contacts.findOne({ _id: absorbedId });
  const marker = absorbed?.mergedInto;
  if (!absorbed || !marker) return null;
  const moved = movedOf(marker);
  if (!moved) return null;
  const keptId = marker.contactId;

  await flushPendingEvents(collections, absorbedId, absorbed.pendingEvents ?? []);
  if (absorbed[moved.field] !== undefined) {
    await collections.contacts.updateOne(
      { _id: absorbedId, 'mergedInto.contactId': keptId },
      { $unset: { [moved.field]: '' } },
    );
  }
  const claim = await claimKept(collections, keptId, absorbedId, moved);
  if (claim === 'undone') return null;
  if (claim === 'claimed') {
    // Before the re-keying: a write under the absorbed id after it must find where to go.
    await rememberMerge(collections, absorbedId, keptId, marker.at);
    await Promise.all([
      collections.events.updateMany({ contactId: absorbedId }, { $set: { contactId: keptId } }),
      collections.processed.updateMany({ contactId: absorbedId }, { $set: { contactId: keptId } }),
      collections.outbound.updateMany({ contactId: absorbedId }, { $set: { contactId: keptId } }),
    ]);
    await mergeOutboxes(collections, keptId, absorbed);
    await completeKept(collections, keptId, absorbedId, marker);
  }
  await collections.contacts.deleteOne({ _id: absorbedId, 'mergedInto.contactId': keptId });
  return collections.contacts.findOne({ _id: keptId });
}

/**
 * Step 3: the kept contact takes the identifier. `claimed`: it holds it for this merge;
 * `done`: the merge was completed before (step 5); `undone`: it cannot take it, and the
 * absorbed contact got its identifier back and lost its marker.
 */
async function claimKept(
  collections: StoreCollections,
  keptId: string,
  absorbedId: string,
  moved: { readonly field: IdentifierField; readonly value: string },
): Promise<'claimed' | 'done' | 'undone'> {
  try {
    const claimed = await collections.contacts.updateOne(
      {
        _id: keptId,
        [moved.field]: { $exists: false },
        mergingFrom: { $exists: false },
        mergedInto: { $exists: false },
        erasedAt: { $exists: false },
      },
      { $set: { [moved.field]: moved.value, mergingFrom: absorbedId }, $inc: { version: 1 } },
    );
    if (claimed.matchedCount > 0) return 'claimed';
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const kept = await collections.contacts.findOne({ _id: keptId });
  if (kept && kept[moved.field] === moved.value) {
    return kept.mergingFrom === absorbedId ? 'claimed' : 'done';
  }
  await undoMerge(collections, absorbedId, keptId, moved);
  return 'undone';
}

/** Gives the absorbed contact its identifier back and drops the marker: it goes on alone. */
async function undoMerge(
  collections: StoreCollections,
  absorbedId: string,
  keptId: string,
  moved: { readonly field: IdentifierField; readonly value: string },
): Promise<void> {
  const filter = { _id: absorbedId, 'mergedInto.contactId': keptId };
  try {
    await collections.contacts.updateOne(filter, {
      $set: { [moved.field]: moved.value },
      $unset: { mergedInto: '' },
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Another contact took the identifier while it was free (only a turn's own link could):
    // the contact keeps its history without it, rather than stay marked for ever.
    await collections.contacts.updateOne(filter, { $unset: { mergedInto: '' } });
  }
}

/** Step 5, retried should the kept contact move meanwhile (it cannot by the steps above). */
async function completeKept(
  collections: StoreCollections,
  keptId: string,
  absorbedId: string,
  marker: MergeMarker,
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const [kept, absorbed] = await Promise.all([
      collections.contacts.findOne({ _id: keptId }),
      collections.contacts.findOne({ _id: absorbedId }),
    ]);
    // Completed by another process (the absorbed contact is deleted only after this step).
    if (!kept || !absorbed || kept.mergingFrom !== absorbedId) return;
    const ledger = await readLedger(collections, keptId);
    const { machine, ...fields } = mergeFields(sideOf(kept), sideOf(absorbed));
    const { set: machineSet, unset: machineUnset } = machineUpdate(machine);
    const event = toEventDoc(
      { ...mergedEvent(absorbedId, marker.source, marker.at), id: randomUUID(), contactId: keptId },
      kept.version + 1,
      0,
    );
    const completed = await collections.contacts.findOneAndUpdate(
      { _id: keptId, version: kept.version, mergingFrom: absorbedId },
      {
        $set: {
          ...fields,
          ...machineSet,
          consent: projectConsent(ledger, marker.categories),
          updatedAt: Math.max(kept.updatedAt, absorbed.updatedAt, marker.at),
        },
        // The consent is projected from the merged ledger: its place in it is the ledger's end,
        // which a turn finds by projecting anew.
        $unset: { mergingFrom: '', consentThrough: '', ...machineUnset },
        $inc: { version: 1 },
        $push: { pendingEvents: event },
      },
      { returnDocument: 'after' },
    );
    if (completed) {
      await flushPendingEvents(collections, keptId, completed.pendingEvents ?? []);
      return;
    }
  }
  throw new ConflictError(
    'contended',
    `Contact ${keptId} kept changing while contact ${absorbedId} was merged into it; find it again.`,
    { contactId: keptId, mergingFrom: absorbedId },
  );
}

/** The merged machine as `$set` and `$unset` fields: the three go together. */
function machineUpdate(machine: MergedMachine) {
  const set: Partial<Pick<ContactDoc, 'flowId' | 'flowVersion' | 'snapshot'>> = {};
  const unset: Partial<Record<'flowId' | 'flowVersion' | 'snapshot', ''>> = {};
  if (machine.flowId === undefined) unset.flowId = '';
  else set.flowId = machine.flowId;
  if (machine.flowVersion === undefined) unset.flowVersion = '';
  else set.flowVersion = machine.flowVersion;
  if (machine.snapshotJson === undefined) unset.snapshot = '';
  else set.snapshot = machine.snapshotJson;
  return { set, unset };
}

function movedOf(
  marker: MergeMarker,
): { readonly field: IdentifierField; readonly value: string } | undefined {
  if (marker.phone !== undefined) return { field: 'phone', value: marker.phone };
  if (marker.userId !== undefined) return { field: 'userId', value: marker.userId };
  return undefined;
}

/** A contact document as the shared merge rules read it. */
export function sideOf(doc: ContactDoc): MergeSide {
  // The outboxes are merged on their own (`outbox.ts`).
  const { _id, snapshot, ...rest } = omit(doc, ['outbox', 'outboxLease']);
  return { ...rest, id: _id, ...(snapshot === undefined ? {} : { snapshotJson: snapshot }) };
}
