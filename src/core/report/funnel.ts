/**
 * THE CONSENT FUNNEL, from the ledger alone: who was asked, and what they answered last. Both
 * stores compute it the same way (the memory store with {@link funnelOfLedgers}, the MongoDB
 * store with an aggregation pipeline); the contract suite holds them to the same figures.
 *
 * The rules, in order:
 * 1. Only the events between `from` (included) and `to` (excluded) are read: asks, grants,
 *    declines, opt-outs and WhatsApp's marketing opt-outs.
 * 2. Each contact's events are read in ledger order. An ask that starts a question (`question`,
 *    `reask`, `new_category`) opens a new question; a `category` ask continues the open one.
 *    Every answer belongs to the question open at its time; answers before the first ask of
 *    the period are not answers to it.
 * 3. A question's answer is the last answer that belongs to it; none: no answer.
 * 4. Questions are grouped by the fields asked for (flow version, language, variant, UTC day of
 *    the ask), for one flow and one kind of question (the opt-in question and its re-asks, or
 *    new categories). In a group a customer counts once: asked, then their last answer of all
 *    their questions in that group.
 * 5. That answer is an opt-in to all the categories the question offered, to some of them, a
 *    decline, or an opt-out by how it came about (see {@link OptOutCounts}).
 */
import type { AskKind, ConsentEvent, ConsentEventType } from '../consent/events.js';

/** What a report may be grouped by. */
export const FUNNEL_GROUP_FIELDS = ['version', 'language', 'variant', 'day'] as const;
export type FunnelGroupField = (typeof FUNNEL_GROUP_FIELDS)[number];

/** Which questions a funnel counts: the opt-in question (and its re-asks), or new categories. */
export const FUNNEL_ASKS = ['question', 'new_category'] as const;
export type FunnelAsk = (typeof FUNNEL_ASKS)[number];

/** What a funnel is computed over. */
export interface FunnelQuery {
  /** Epoch ms, included. */
  readonly from: number;
  /** Epoch ms, excluded. */
  readonly to: number;
  readonly flowId: string;
  /** The fields of a group's key, in this order (none: one group). */
  readonly groupBy: readonly FunnelGroupField[];
  readonly ask: FunnelAsk;
}

/** A group's key: the values of the `groupBy` fields (`day` is `YYYY-MM-DD`, UTC). */
export interface FunnelKey {
  readonly version?: number;
  readonly language?: string;
  readonly variant?: string;
  readonly day?: string;
}

/** Opt-outs by how they came about (the answer a customer gave last). */
export interface OptOutCounts {
  /** A whole-message opt-out word: STOP, BAJA… */
  readonly keyword: number;
  /** A sentence ("stop sending me messages"), confirmed or not, or "just those" kinds. */
  readonly phrase: number;
  /** WhatsApp's "Stop promotions" button. */
  readonly stopPromotions: number;
  /** WhatsApp's `user_preferences` webhook. */
  readonly userPreferences: number;
  /** Send error 131050. */
  readonly error131050: number;
  /** Recorded through the REST API (a CRM, a web form, an agent, an erasure's kept opt-out). */
  readonly api: number;
}

/** The counts of one group. `asked` is the sum of all the others. */
export interface FunnelCounts {
  readonly key: FunnelKey;
  readonly asked: number;
  readonly optedInAll: number;
  readonly optedInSome: number;
  readonly declined: number;
  readonly noAnswer: number;
  readonly optedOut: OptOutCounts;
}

/** The events the funnel reads; the others (erasures, merges, marketing resumed) it skips. */
export const FUNNEL_EVENT_TYPES = [
  'consent.asked',
  'consent.granted',
  'consent.declined',
  'consent.revoked',
  'consent.marketing_suppressed',
] as const satisfies readonly ConsentEventType[];

/** Asks that open a question (a `category` ask continues the one before). */
export const STARTING_ASKS: readonly AskKind[] = ['question', 'reask', 'new_category'];

/** What one customer's last answer counts as. */
export type FunnelOutcome =
  'optedInAll' | 'optedInSome' | 'declined' | 'noAnswer' | `optedOut.${keyof OptOutCounts}`;

/**
 * How an opt-out answer is counted: by the `trigger` recorded with it. Another channel's
 * opt-out is `api`; a STOP without a trigger is a keyword, a marketing suppression without one
 * "Stop promotions".
 */
export function optOutSourceOf(event: ConsentEvent): keyof OptOutCounts {
  if (event.source !== 'whatsapp' && event.source !== 'emulator') return 'api';
  const { trigger } = event.evidence;
  if (event.type === 'consent.revoked') {
    return trigger === 'phrase' || trigger === 'confirmation' ? 'phrase' : 'keyword';
  }
  if (trigger === 'error_131050') return 'error131050';
  if (trigger === 'user_preferences') return 'userPreferences';
  return 'stopPromotions';
}

/** A question of one contact: the ask that opened it and its last answer. */
interface Question {
  readonly ask: ConsentEvent & { readonly type: 'consent.asked' };
  answer?: ConsentEvent;
}

/**
 * The funnel of `query` over contacts' ledgers (each in ledger order, as `Store.listEvents`
 * gives them), following the rules at the top of this file.
 * @example funnelOfLedgers(ledgers, { from, to, flowId: 'default', groupBy: ['variant'], ask: 'question' })
 */
export function funnelOfLedgers(
  ledgers: Iterable<readonly ConsentEvent[]>,
  query: FunnelQuery,
): FunnelCounts[] {
  const groups = new Map<string, { key: FunnelKey; outcomes: FunnelOutcome[] }>();
  for (const ledger of ledgers) {
    // Per group of this contact: its last answer, by ledger order.
    const mine = new Map<
      string,
      { key: FunnelKey; last?: { answer: ConsentEvent; offered: readonly string[]; at: number } }
    >();
    questionsOf(ledger, query).forEach((question) => {
      if (!counts(question, query)) return;
      const key = keyOf(question.ask, query.groupBy);
      const id = JSON.stringify(key);
      const entry = mine.get(id) ?? { key };
      if (question.answer) {
        const at = ledger.indexOf(question.answer);
        if (!entry.last || at > entry.last.at) {
          entry.last = { answer: question.answer, offered: question.ask.categories, at };
        }
      }
      mine.set(id, entry);
    });
    for (const [id, { key, last }] of mine) {
      const group = groups.get(id) ?? { key, outcomes: [] };
      group.outcomes.push(last ? outcomeOf(last.answer, last.offered) : 'noAnswer');
      groups.set(id, group);
    }
  }
  return [...groups.values()].map(({ key, outcomes }) => tally(key, outcomes));
}

/** The questions of one ledger in the period, each with the last answer that belongs to it. */
function questionsOf(ledger: readonly ConsentEvent[], query: FunnelQuery): Question[] {
  const questions: Question[] = [];
  for (const event of ledger) {
    if (event.occurredAt < query.from || event.occurredAt >= query.to) continue;
    if (!(FUNNEL_EVENT_TYPES as readonly string[]).includes(event.type)) continue;
    if (event.type === 'consent.asked') {
      if (STARTING_ASKS.includes(event.evidence.ask ?? 'question')) questions.push({ ask: event });
      continue;
    }
    const open = questions.at(-1);
    if (open) open.answer = event;
  }
  return questions;
}

/** True when the question is of the flow and the kind the query counts. */
function counts(question: Question, query: FunnelQuery): boolean {
  const { flowId, ask } = question.ask.evidence;
  const kind: FunnelAsk = ask === 'new_category' ? 'new_category' : 'question';
  return flowId === query.flowId && kind === query.ask;
}

/** A group's key from the ask that opened the question. */
export function keyOf(ask: ConsentEvent, groupBy: readonly FunnelGroupField[]): FunnelKey {
  const key: Record<string, string | number> = {};
  for (const field of groupBy) {
    if (field === 'version') key.version = ask.evidence.flowVersion ?? 0;
    if (field === 'language') key.language = ask.evidence.language ?? '';
    if (field === 'variant') key.variant = ask.evidence.variant ?? 'standard';
    if (field === 'day') key.day = new Date(ask.occurredAt).toISOString().slice(0, 10);
  }
  return key;
}

/** What a last answer counts as, given the categories its question offered. */
export function outcomeOf(answer: ConsentEvent, offered: readonly string[]): FunnelOutcome {
  switch (answer.type) {
    case 'consent.granted':
      return offered.every((id) => answer.categories.includes(id)) ? 'optedInAll' : 'optedInSome';
    case 'consent.declined':
      return 'declined';
    default:
      return `optedOut.${optOutSourceOf(answer)}`;
  }
}

function tally(key: FunnelKey, outcomes: readonly FunnelOutcome[]): FunnelCounts {
  const count = (outcome: FunnelOutcome) => outcomes.filter((o) => o === outcome).length;
  return {
    key,
    asked: outcomes.length,
    optedInAll: count('optedInAll'),
    optedInSome: count('optedInSome'),
    declined: count('declined'),
    noAnswer: count('noAnswer'),
    optedOut: {
      keyword: count('optedOut.keyword'),
      phrase: count('optedOut.phrase'),
      stopPromotions: count('optedOut.stopPromotions'),
      userPreferences: count('optedOut.userPreferences'),
      error131050: count('optedOut.error131050'),
      api: count('optedOut.api'),
    },
  };
}
