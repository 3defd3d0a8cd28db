import type { Clock } from '../core/clock.js';
import type { Reply } from '../core/conversation/inbound.js';
import type { ContactRef } from '../core/identity.js';
import type { HandoverRecord } from '../core/handover/index.js';
import { agentWrote, isHandedOver, startHandover } from '../core/handover/index.js';
import { windowState } from '../core/window.js';
import { NotFoundError } from '../errors.js';
import type { ContactRecord, Store } from '../store/port.js';
import { runMachine } from './decide-turn.js';
import { orderReplies } from './turn-replies.js';
import type { CompiledFlow, FlowCatalog } from './flow-catalog.js';
import type { HandoverNotifier } from './handover-notifier.js';
import { silentNotifier } from './handover-notifier.js';
import { updateContact } from './update-contact.js';

export interface HandoverServiceOptions {
  readonly store: Store;
  readonly flows: FlowCatalog;
  readonly clock: Clock;
  /** Where the contact centre is told; none: nobody is. */
  readonly notifier?: HandoverNotifier;
}

/** How a hand-over was given back. */
export interface HandoverEnd {
  readonly contact: ContactRecord;
  /** The bot's greeting back, to send now (empty: it greets the customer on their next message). */
  readonly replies: readonly Reply[];
}

/**
 * Hand-overs to people as agents and the contact centre drive them (PRODUCT.md, "Hand-over to
 * people"): list who is waiting, read one with the customer's messages, start one, give one
 * back (the bot greets the customer with the menu on their next message, or at once inside the
 * window when asked), and record that an agent wrote (the idle limit counts from it). The
 * hand-overs a conversation starts itself are recorded by the turn (`decide-turn.ts`).
 * @example
 * const handovers = createHandoverService({ store, flows, clock, notifier });
 * await handovers.start({ phone: '+14155550123' });
 */
export interface HandoverService {
  /** The contacts handed over now, the longest waiting first. */
  list(): Promise<ContactRecord[]>;
  /** The contact, handed over now; `NotFoundError` (`contact_not_found`, `not_handed_over`) otherwise. */
  get(ref: ContactRef): Promise<ContactRecord & { readonly handover: HandoverRecord }>;
  /** Starts a hand-over for a stored contact; `started` is false when one was already under way. */
  start(ref: ContactRef): Promise<{ contact: ContactRecord; started: boolean }>;
  /**
   * Gives the conversation back to the bot. With `notify`, the window open and the customer not
   * opted out, the bot greets the customer back at once (the replies to send); otherwise on
   * their next message.
   */
  end(ref: ContactRef, options?: { readonly notify?: boolean }): Promise<HandoverEnd>;
  /** Records that an agent wrote to the contact at `at` (only while handed over). */
  agentWrote(ref: ContactRef, at: number): Promise<void>;
}

export function createHandoverService(options: HandoverServiceOptions): HandoverService {
  const { store, flows, clock } = options;
  const notifier = options.notifier ?? silentNotifier;
  const flowOf = (contact: ContactRecord): CompiledFlow =>
    (contact.flowId === undefined ? undefined : flows.get(contact.flowId)) ?? flows.defaultFlow();

  const stored = async (ref: ContactRef): Promise<ContactRecord> => {
    const contact = await store.findContact(ref);
    if (!contact) {
      throw new NotFoundError(
        'contact_not_found',
        'No contact is stored under this phone number or user id (never seen, or erased).',
      );
    }
    return contact;
  };
  const notHandedOver = () =>
    new NotFoundError(
      'not_handed_over',
      'This contact is not handed over to a person; start a hand-over first (POST /v1/handovers/{phone}; /handover start in the terminal simulator, "Hand over to a person" on the simulator page).',
    );
  /** A version-checked change of a stored contact, decided again on a conflict. */
  const change = <R>(contact: ContactRecord, decide: Parameters<typeof updateContact<R>>[2]) =>
    updateContact(
      { store, now: () => clock.now(), categories: flowOf(contact).definition.categories },
      identifiersOf(contact),
      decide,
    );

  return {
    list: () => store.listHandovers(),

    async get(ref) {
      const contact = await stored(ref);
      if (!isHandedOver(contact.handover)) throw notHandedOver();
      return contact as ContactRecord & { readonly handover: HandoverRecord };
    },

    async start(ref) {
      const contact = await stored(ref);
      const outcome = await change(contact, (current) =>
        isHandedOver(current.handover)
          ? { result: false }
          : { patch: { handover: startHandover(clock.now(), 'agent') }, result: true },
      );
      if (outcome.kind !== 'saved') return { contact: outcome.contact, started: false };
      const started = outcome.result;
      if (started && outcome.contact.handover) {
        notifier.notify({
          type: 'handover.started',
          contact: outcome.contact,
          record: outcome.contact.handover,
          transcript: outcome.contact.transcript ?? [],
        });
      }
      return { contact: outcome.contact, started };
    },

    async end(ref, endOptions = {}) {
      const contact = await stored(ref);
      const now = clock.now();
      const outcome = await change(contact, (current) => {
        const record = current.handover;
        if (!isHandedOver(record)) throw notHandedOver();
        const open = windowState(current.lastInboundAt, now).open;
        // A greeting the customer did not write for is proactive: never to someone opted out
        // (PRODUCT.md, Opt-out); they are greeted back on their next message, if they write.
        if (!endOptions.notify || !open || current.consent.status === 'opted_out') {
          return {
            patch: { handover: { ...record, endedAt: now } },
            result: { record, replies: [] },
          };
        }
        // Greeted back at once: the machine says it, so the menu's buttons and numbers work after.
        const flow = flowOf(current);
        const step = runMachine(
          flow,
          current,
          {
            type: 'handover.ended',
            reason: 'released',
            facts: {
              now,
              messageId: `handover.${now}`,
              consent: current.consent,
              windowStartedAt: current.windowStartedAt ?? now,
              firstMessage: false,
            },
          },
          current.language,
        );
        return {
          patch: {
            handover: null,
            snapshot: step.snapshot,
            flowId: flow.definition.id,
            flowVersion: flow.definition.version,
          },
          result: { record, replies: orderReplies(step.intents) },
        };
      });
      if (outcome.kind !== 'saved') throw notHandedOver();
      notifier.notify({
        type: 'handover.ended',
        contact: outcome.contact,
        record: outcome.result.record,
        reason: 'released',
        at: now,
      });
      return { contact: outcome.contact, replies: outcome.result.replies };
    },

    async agentWrote(ref, at) {
      const contact = await store.findContact(ref);
      if (!isHandedOver(contact?.handover)) return;
      await change(contact, (current) =>
        isHandedOver(current.handover)
          ? { patch: { handover: agentWrote(current.handover, at) }, result: undefined }
          : { result: undefined },
      );
    },
  };
}

/** The identifiers a stored contact is found by. */
function identifiersOf(contact: ContactRecord): ContactRef {
  return {
    ...(contact.phone === undefined ? {} : { phone: contact.phone }),
    ...(contact.userId === undefined ? {} : { userId: contact.userId }),
  };
}
