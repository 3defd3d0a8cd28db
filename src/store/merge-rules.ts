import type { ConsentSource, NewConsentEvent } from '../core/consent/events.js';
import { joinWindows } from '../core/window.js';
import type { HandoverRecord, TranscriptLine } from '../core/handover/index.js';
import { isHandedOver, TRANSCRIPT_LINES_KEPT } from '../core/handover/index.js';
import type { ContactRecord } from './port.js';
import { appendedTranscript, RECENT_MESSAGE_IDS_LIMIT } from './store-rules.js';

/**
 * How two contacts of one person become one, the same way in every store: which is kept, what
 * it takes from the other, and the ledger entry that records it. The stores move the data.
 */

/**
 * A contact as a merge reads it, with its machine snapshot as JSON text (`snapshotJson`, the
 * MongoDB store) or as JSON data (`snapshot`, the memory store).
 */
export type MergeSide = Omit<ContactRecord, 'snapshot' | 'consent' | 'version'> & {
  readonly snapshotJson?: string;
  readonly snapshot?: unknown;
};

/**
 * True when two contacts may be one person: neither has a value of its own for an identifier
 * the other has. A phone found with another user id than its contact's (a number that changed
 * hands) proves nothing, and is never merged.
 */
export function canMerge(a: MergeSide, b: MergeSide): boolean {
  return (
    a.id !== b.id &&
    (a.phone === undefined || b.phone === undefined) &&
    (a.userId === undefined || b.userId === undefined)
  );
}

/**
 * The contact kept and the one merged into it: the older one is kept, ties broken by id, so two
 * processes merging the same pair at once agree.
 */
export function keptAndAbsorbed<T extends MergeSide>(a: T, b: T): readonly [kept: T, absorbed: T] {
  const aFirst = a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
  return aFirst ? [a, b] : [b, a];
}

/** The identifier the absorbed contact brings to the kept one. */
export function movedIdentifier(
  kept: MergeSide,
  absorbed: MergeSide,
): { readonly field: 'phone' | 'userId'; readonly value: string } | undefined {
  if (absorbed.phone !== undefined && kept.phone === undefined) {
    return { field: 'phone', value: absorbed.phone };
  }
  if (absorbed.userId !== undefined && kept.userId === undefined) {
    return { field: 'userId', value: absorbed.userId };
  }
  return undefined;
}

/**
 * The machine the merged contact goes on with: its flow, version and snapshot (absent: none),
 * the snapshot as the store keeps it.
 */
export interface MergedMachine {
  readonly flowId?: string;
  readonly flowVersion?: number;
  readonly snapshotJson?: string;
  readonly snapshot?: unknown;
}

/** The kept contact's fields after the merge, but for identifiers, consent and version. */
export interface MergedFields {
  readonly profileName?: string;
  readonly language?: string;
  readonly machine: MergedMachine;
  readonly lastInboundAt?: number;
  readonly windowStartedAt?: number;
  readonly recentMessageIds: string[];
  readonly handover?: HandoverRecord;
  readonly transcript?: TranscriptLine[];
}

/**
 * What the kept contact takes from the absorbed one: the profile name and language it lacks,
 * the machine of the contact updated last (a contact without one never wins), the window joined
 * ({@link joinWindows}), and both contacts' recent message ids, so a message applied to either
 * is still a duplicate.
 */
export function mergeFields(kept: MergeSide, absorbed: MergeSide): MergedFields {
  const absorbedLater = absorbed.updatedAt > kept.updatedAt;
  const machineFrom =
    hasMachine(absorbed) && (!hasMachine(kept) || absorbedLater) ? absorbed : kept;
  const [older, newer] = absorbedLater ? [kept, absorbed] : [absorbed, kept];
  const ids = [...older.recentMessageIds, ...newer.recentMessageIds];
  const profileName = kept.profileName ?? absorbed.profileName;
  const language = kept.language ?? absorbed.language;
  // A hand-over under way on either side goes on (the kept contact's first).
  const handover = [kept.handover, absorbed.handover].find(isHandedOver) ?? kept.handover;
  // Both conversations, in time order (stable: a turn's lines keep their order).
  const transcript =
    (kept.transcript ?? absorbed.transcript)
      ? appendedTranscript(
          [...(kept.transcript ?? []), ...(absorbed.transcript ?? [])].sort((a, b) => a.at - b.at),
          [],
          TRANSCRIPT_LINES_KEPT,
        )
      : undefined;
  return {
    ...(handover === undefined ? {} : { handover }),
    ...(transcript === undefined ? {} : { transcript }),
    ...(profileName === undefined ? {} : { profileName }),
    ...(language === undefined ? {} : { language }),
    machine: {
      ...(machineFrom.flowId === undefined ? {} : { flowId: machineFrom.flowId }),
      ...(machineFrom.flowVersion === undefined ? {} : { flowVersion: machineFrom.flowVersion }),
      ...(machineFrom.snapshotJson === undefined ? {} : { snapshotJson: machineFrom.snapshotJson }),
      ...(machineFrom.snapshot === undefined ? {} : { snapshot: machineFrom.snapshot }),
    },
    ...joinWindows(kept, absorbed),
    // Newest last, each once (at its latest place), bounded like a turn's.
    recentMessageIds: ids
      .filter((id, index) => ids.lastIndexOf(id) === index)
      .slice(-RECENT_MESSAGE_IDS_LIMIT),
  };
}

function hasMachine(side: MergeSide): boolean {
  return side.snapshotJson !== undefined || side.snapshot !== undefined;
}

/** The ledger entry that records a merge: the absorbed contact's store id, no personal data. */
export function mergedEvent(
  absorbedId: string,
  source: ConsentSource,
  now: number,
): NewConsentEvent {
  return {
    type: 'contact.merged',
    occurredAt: now,
    recordedAt: now,
    source,
    evidence: { mergedContactId: absorbedId },
  };
}
