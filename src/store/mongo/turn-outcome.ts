/** A turn write whose answer was lost: what it was to write. */
export interface LostTurnWrite {
  readonly expectedVersion: number;
  readonly messageId?: string;
  /** The ids the write gave the turn's consent events (fresh UUIDs, nobody else's). */
  readonly eventIds: readonly string[];
}

/** The contact as read again after the answer was lost, and which of the turn's events exist. */
export interface ContactAsReread {
  readonly version: number;
  readonly recentMessageIds: readonly string[];
  /** Those of the turn's event ids found on the contact (`pendingEvents`) or in the ledger. */
  readonly foundEventIds: readonly string[];
}

/**
 * Whether a turn write whose answer was lost (the connection failed after the request left)
 * was committed, judged from the contact read again.
 *
 * - A turn with consent events: its events exist. Their ids are fresh UUIDs that only this
 *   write carried, so this is proof whatever happened to the contact since.
 * - Otherwise, a turn with a message id: the version moved by exactly one and the recent ids
 *   hold the message. The write is guarded on the version and on the message being absent, so
 *   the one write that moved this version and added this message is this turn's (unless a
 *   redelivery of the same message raced it in another process, which then answers it).
 * - A turn with neither cannot be told from another writer's turn: not proven saved.
 *
 * Not proven saved means the caller reports the store error as before (503: WhatsApp delivers
 * the message again and the turn runs again, or is a duplicate if it was saved after all).
 */
export function turnWasSaved(turn: LostTurnWrite, reread: ContactAsReread | null): boolean {
  if (!reread) return false;
  if (turn.eventIds.length > 0) {
    return turn.eventIds.every((id) => reread.foundEventIds.includes(id));
  }
  if (turn.messageId === undefined) return false;
  return (
    reread.version === turn.expectedVersion + 1 && reread.recentMessageIds.includes(turn.messageId)
  );
}
