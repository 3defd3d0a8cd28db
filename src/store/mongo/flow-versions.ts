import type { FlowVersionTexts } from '../port.js';
import type { StoreCollections } from './collections.js';
import type { FlowVersionDoc } from './documents.js';
import { isDuplicateKeyError } from './mongo-errors.js';

/**
 * Records the consent texts a flow version goes into service with, unless it has a record
 * already, and returns the record: one upsert that only inserts. Two instances starting at once
 * may both try to insert; the loser's E11000 means the winner's record is there to read. A
 * record made before category kinds were kept gets these, once.
 */
export async function recordFlowVersion(
  collections: StoreCollections,
  texts: FlowVersionTexts,
): Promise<FlowVersionTexts> {
  const _id = `${texts.flowId}@${texts.version}`;
  try {
    await collections.flowVersions.updateOne(
      { _id },
      { $setOnInsert: { ...texts } },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  if (texts.categoryKinds) {
    await collections.flowVersions.updateOne(
      { _id, categoryKinds: { $exists: false } },
      { $set: { categoryKinds: texts.categoryKinds } },
    );
  }
  const doc = await collections.flowVersions.findOne({ _id });
  if (!doc) throw new Error(`the record of flow version ${_id} vanished after it was written`);
  return fromDoc(doc);
}

/** Every recorded version of a flow, lowest first. */
export async function listFlowVersions(
  collections: StoreCollections,
  flowId: string,
): Promise<FlowVersionTexts[]> {
  const docs = await collections.flowVersions.find({ flowId }).sort({ version: 1 }).toArray();
  return docs.map(fromDoc);
}

function fromDoc(doc: FlowVersionDoc): FlowVersionTexts {
  const { flowId, version, textsHash, since, categoryKinds } = doc;
  return { flowId, version, textsHash, since, ...(categoryKinds && { categoryKinds }) };
}
