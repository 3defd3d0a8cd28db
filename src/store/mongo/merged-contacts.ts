import type { StoreCollections } from './collections.js';
import { isDuplicateKeyError } from './mongo-errors.js';

/** A contact merged into one later merged again, and so on: more hops than any real history. */
const MAX_HOPS = 16;

/**
 * Remembers, durably, that `absorbedId` was merged into `keptId` (`merged_contacts`). Written
 * once the merge can no longer be undone and before anything is re-keyed, so that a write
 * landing under the absorbed contact either is re-keyed with the rest or finds this record
 * ({@link fileUnderKept}). Idempotent: the first record stays.
 */
export async function rememberMerge(
  collections: StoreCollections,
  absorbedId: string,
  keptId: string,
  at: number,
): Promise<void> {
  try {
    await collections.merged.updateOne(
      { _id: absorbedId },
      { $setOnInsert: { into: keptId, at } },
      { upsert: true },
    );
  } catch (error) {
    // Two finishers upserted at once: the other one's record is the same.
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/**
 * Moves a document just written under `filedUnder` to the contact that now holds that
 * contact's data, hop by hop (`move(from, to)` must change the document only while it is under
 * `from`). Called AFTER the write: a merge re-keys what exists when it re-keys, and records
 * where the absorbed contact goes before that, so a write after the re-keying finds the
 * record here. Checking before the write could miss a merge finished in between.
 */
export async function fileUnderKept(
  collections: StoreCollections,
  filedUnder: string,
  move: (from: string, to: string) => Promise<unknown>,
): Promise<void> {
  let id = filedUnder;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const merged = await collections.merged.findOne({ _id: id });
    if (!merged) return;
    await move(id, merged.into);
    id = merged.into;
  }
}
