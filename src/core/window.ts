/**
 * THE WINDOW RULE (PRODUCT.md, Customer-service window): a customer's message opens a 24-hour
 * window counted from the customer's *last* message, by the message's own timestamp. Inside it
 * the business may send free text. Only customer messages move it; business messages never do.
 */
import { HOUR } from './clock.js';

/** The length of the customer-service window: 24 hours, in milliseconds. */
export const WINDOW_MS = 24 * HOUR;

/** Whether free text may be sent now, and until when (absent when the customer never wrote). */
export interface WindowState {
  readonly open: boolean;
  /** `lastInboundAt + WINDOW_MS`, epoch ms; in the past when the window has closed. */
  readonly expiresAt?: number;
}

/** What the window remembers about a contact's messages, epoch ms. */
export interface WindowMarks {
  /** Timestamp of the customer's latest message. */
  readonly lastInboundAt: number;
  /** When the current window was opened (its first message), for "asks per window". */
  readonly windowStartedAt: number;
}

/**
 * The window at `now`: open iff `now < lastInboundAt + WINDOW_MS`.
 * @example windowState(Date.parse('2026-01-01T09:05:00Z'), now) // open until 2026-01-02T09:05Z
 */
export function windowState(lastInboundAt: number | undefined, now: number): WindowState {
  if (lastInboundAt === undefined) return { open: false };
  const expiresAt = lastInboundAt + WINDOW_MS;
  return { open: now < expiresAt, expiresAt };
}

/**
 * The window marks after a customer message sent at `messageAt` (the webhook's timestamp).
 * A late-delivered older message never moves `lastInboundAt` back; a message inside the
 * previous window keeps its `windowStartedAt`, one after it closed starts a new window.
 * Call it for customer messages only: business messages never extend the window.
 */
export function advanceWindow(
  prev: { readonly lastInboundAt?: number; readonly windowStartedAt?: number },
  messageAt: number,
): WindowMarks {
  const last = prev.lastInboundAt;
  if (last === undefined || !windowState(last, messageAt).open) {
    // Closed at `messageAt` implies `messageAt` is later than any earlier message.
    return { lastInboundAt: messageAt, windowStartedAt: messageAt };
  }
  return {
    lastInboundAt: Math.max(last, messageAt),
    windowStartedAt: prev.windowStartedAt ?? Math.min(last, messageAt),
  };
}

/**
 * The window marks of one person whose messages were kept on two contacts, now merged: the
 * latest message counts, and the window began where the unbroken run of windows ending with it
 * began, as {@link advanceWindow} would have found had every message come to one contact.
 * @example joinWindows({ lastInboundAt: t, windowStartedAt: t }, { lastInboundAt: t + HOUR, windowStartedAt: t + HOUR }) // { lastInboundAt: t + HOUR, windowStartedAt: t }
 */
export function joinWindows(
  a: { readonly lastInboundAt?: number; readonly windowStartedAt?: number },
  b: { readonly lastInboundAt?: number; readonly windowStartedAt?: number },
): Partial<WindowMarks> {
  const marks = [a, b].flatMap(({ lastInboundAt, windowStartedAt }) =>
    lastInboundAt === undefined
      ? []
      : [{ lastInboundAt, windowStartedAt: windowStartedAt ?? lastInboundAt }],
  );
  const [latest, earlier] = marks.sort((x, y) => y.lastInboundAt - x.lastInboundAt);
  if (!latest) return {};
  if (!earlier) return latest;
  // The earlier run joins the latest one if its window was still open when the latest run began.
  const joined = windowState(earlier.lastInboundAt, latest.windowStartedAt).open;
  return {
    lastInboundAt: latest.lastInboundAt,
    windowStartedAt: joined
      ? Math.min(latest.windowStartedAt, earlier.windowStartedAt)
      : latest.windowStartedAt,
  };
}
