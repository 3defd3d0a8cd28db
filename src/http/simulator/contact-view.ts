import type { Clock } from '../../core/clock.js';
import type { ConsentEvent, ConsentEvidence } from '../../core/consent/events.js';
import { isConsentExpired } from '../../core/consent/project-consent.js';
import type { ConsentStatus } from '../../core/consent/state.js';
import { UNKNOWN_CONSENT } from '../../core/consent/state.js';
import type { HandoverRecord } from '../../core/handover/index.js';
import { isHandedOver, isWaiting, lastMessageAt } from '../../core/handover/index.js';
import type { ContactRef } from '../../core/identity.js';
import { windowState } from '../../core/window.js';
import type { CompiledFlow } from '../../service/flow-catalog.js';
import type { ContactRecord, Store } from '../../store/port.js';
import { withStoredNumberForm } from '../../service/resolve-identifier.js';

/** What the simulator page shows beside the chat: the stored consent, the window and the ledger. */
export interface ContactView {
  /** False until the customer's first message creates the contact. */
  readonly known: boolean;
  readonly phone?: string;
  readonly userId?: string;
  readonly language?: string;
  readonly consent: {
    readonly status: ConsentStatus;
    readonly categories: Readonly<Record<string, boolean>>;
    readonly marketingSuppressed: boolean;
    /** The opt-in has lapsed under the flow's `expiryDays` (it may be asked again). */
    readonly expired: boolean;
    readonly updatedAt?: number;
    readonly source?: string;
  };
  readonly window: { readonly open: boolean; readonly expiresAt?: number };
  /** The hand-over to a person under way, if any: the bot keeps quiet but for STOP/START/HELP. */
  readonly handover?: HandoverView;
  readonly events: readonly EventView[];
  /** The simulated time the view was computed at, epoch ms. */
  readonly now: number;
}

/** A hand-over as the page shows it, with the customer's messages kept for the agent. */
export interface HandoverView {
  readonly since: number;
  readonly startedBy: HandoverRecord['startedBy'];
  readonly waiting: boolean;
  readonly lastMessageAt: number;
  readonly messages: readonly {
    readonly at: number;
    readonly type: string;
    readonly text?: string;
  }[];
}

/** One ledger event as the page lists it, oldest first. */
export interface EventView {
  readonly id: string;
  readonly type: ConsentEvent['type'];
  readonly occurredAt: number;
  readonly recordedAt: number;
  readonly source: string;
  readonly categories?: readonly string[];
  readonly evidence: ConsentEvidence;
}

/**
 * Reads what the store holds about a contact, as of the (possibly moved) clock. A contact that
 * never wrote is shown with unknown consent rather than as an error, so the page can open on it.
 */
export async function readContactView(
  store: Store,
  flow: CompiledFlow,
  clock: Clock,
  ref: ContactRef,
): Promise<ContactView> {
  // Also a contact stored under the other form of the number (`numberAliases`).
  const contact = await store.findContact(await withStoredNumberForm(store, ref));
  const events = contact ? await store.listEvents(contact.id) : [];
  return toContactView(contact, events, flow, clock.now(), ref);
}

function toContactView(
  contact: ContactRecord | null,
  events: readonly ConsentEvent[],
  flow: CompiledFlow,
  now: number,
  ref: ContactRef,
): ContactView {
  const consent = contact?.consent ?? UNKNOWN_CONSENT;
  const phone = contact?.phone ?? ref.phone;
  const userId = contact?.userId ?? ref.userId;
  return {
    known: contact !== null,
    ...(phone ? { phone } : {}),
    ...(userId ? { userId } : {}),
    ...(contact?.language ? { language: contact.language } : {}),
    consent: {
      status: consent.status,
      categories: Object.fromEntries(
        flow.definition.categories.map((c) => [c.id, consent.categories[c.id] ?? false]),
      ),
      marketingSuppressed: consent.marketingSuppressed,
      expired: isConsentExpired(consent, flow.definition.consent.expiryDays, now),
      ...(consent.updatedAt === undefined ? {} : { updatedAt: consent.updatedAt }),
      ...(consent.source ? { source: consent.source } : {}),
    },
    window: windowState(contact?.lastInboundAt, now),
    ...(isHandedOver(contact?.handover) ? { handover: toHandoverView(contact.handover) } : {}),
    events: events.map(toEventView),
    now,
  };
}

function toHandoverView(record: HandoverRecord): HandoverView {
  return {
    since: record.since,
    startedBy: record.startedBy,
    waiting: isWaiting(record),
    lastMessageAt: lastMessageAt(record),
    messages: record.messages.map((m) => ({
      at: m.at,
      type: m.type,
      ...(m.text === undefined ? {} : { text: m.text }),
    })),
  };
}

function toEventView(event: ConsentEvent): EventView {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    source: event.source,
    ...('categories' in event && event.categories ? { categories: event.categories } : {}),
    evidence: event.evidence,
  };
}
