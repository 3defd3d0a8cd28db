import type { HandoverMessage, HandoverRecord, TranscriptLine } from '../core/handover/index.js';
import type { ContactRecord } from '../store/port.js';

/**
 * What the contact centre is told about a hand-over (PRODUCT.md, "Hand-over to people"): it
 * started (with the conversation so far), the customer wrote during it, or it ended.
 */
export type HandoverNotice =
  | {
      readonly type: 'handover.started';
      readonly contact: ContactRecord;
      readonly record: HandoverRecord;
      /** The conversation so far, oldest first. */
      readonly transcript: readonly TranscriptLine[];
      readonly flow?: { readonly id: string; readonly version: number };
    }
  | {
      readonly type: 'handover.message';
      readonly contact: ContactRecord;
      readonly record: HandoverRecord;
      readonly message: HandoverMessage;
    }
  | {
      readonly type: 'handover.ended';
      readonly contact: ContactRecord;
      readonly record: HandoverRecord;
      /** `released`: an agent gave it back; `idle`: nobody answered within the idle limit. */
      readonly reason: 'released' | 'idle';
      /** When it ended, epoch ms. */
      readonly at: number;
    };

/**
 * The port through which hand-overs reach the contact centre: the signed webhook
 * (`HANDOVER_WEBHOOK_URL`) implements it. `notify` never blocks and never throws: a delivery
 * that fails is retried, then logged.
 */
export interface HandoverNotifier {
  notify(notice: HandoverNotice): void;
  /** Resolves when every notice under way was delivered or given up (graceful shutdown). */
  idle(): Promise<void>;
}

/** The notifier of a server without `HANDOVER_WEBHOOK_URL`: nobody to tell. */
export const silentNotifier: HandoverNotifier = {
  notify: () => undefined,
  idle: () => Promise.resolve(),
};
