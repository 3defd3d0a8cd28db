/**
 * The consent funnel as one MongoDB aggregation over `consent_events`: the rules of
 * `core/report/funnel.ts`, step by step, computed by the server next to the data, so a report
 * over a million events moves a few groups over the wire, not the events. The memory store
 * computes the same figures in TypeScript; the store contract suite holds both to them.
 *
 * Needs MongoDB 5.2 or later (`$setWindowFields`, `$bottomN`); Atlas and the embedded server are.
 */
import type { Document } from 'mongodb';
import {
  FUNNEL_EVENT_TYPES,
  STARTING_ASKS,
  type FunnelCounts,
  type FunnelKey,
  type FunnelQuery,
} from '../../core/report/index.js';
import type { StoreCollections } from './collections.js';
import { LEDGER_ORDER } from './indexes.js';

/** True for an ask that opens a question (an ask without a kind, from before kinds: the question). */
const IS_STARTING_ASK = {
  $and: [
    { $eq: ['$type', 'consent.asked'] },
    { $in: [{ $ifNull: ['$evidence.ask', 'question'] }, STARTING_ASKS] },
  ],
};

/** `optOutSourceOf` (core/report/funnel.ts), as an expression over an answer `$$a`. */
const OPT_OUT_SOURCE = {
  $switch: {
    branches: [
      { case: { $not: [{ $in: ['$$a.source', ['whatsapp', 'emulator']] }] }, then: 'api' },
      {
        case: { $eq: ['$$a.type', 'consent.revoked'] },
        then: {
          $cond: [{ $in: ['$$a.trigger', ['phrase', 'confirmation']] }, 'phrase', 'keyword'],
        },
      },
      { case: { $eq: ['$$a.trigger', 'error_131050'] }, then: 'error131050' },
      { case: { $eq: ['$$a.trigger', 'user_preferences'] }, then: 'userPreferences' },
    ],
    default: 'stopPromotions',
  },
};

/** `outcomeOf`: what the last answer `$$a` to a question offering `$$offered` counts as. */
const OUTCOME = {
  $switch: {
    branches: [
      { case: { $eq: ['$$a', null] }, then: 'noAnswer' },
      {
        case: { $eq: ['$$a.type', 'consent.granted'] },
        then: {
          $cond: [
            { $setIsSubset: ['$$offered', { $ifNull: ['$$a.categories', []] }] },
            'optedInAll',
            'optedInSome',
          ],
        },
      },
      { case: { $eq: ['$$a.type', 'consent.declined'] }, then: 'declined' },
    ],
    default: { $concat: ['optedOut.', OPT_OUT_SOURCE] },
  },
};

/** The group key's fields, from the ask that opened the question (`start`). */
function keyExpression(query: FunnelQuery): Document {
  const fields: Record<string, unknown> = {};
  for (const field of query.groupBy) {
    if (field === 'version') fields.version = { $ifNull: ['$start.flowVersion', 0] };
    if (field === 'language') fields.language = { $ifNull: ['$start.language', ''] };
    if (field === 'variant') fields.variant = { $ifNull: ['$start.variant', 'standard'] };
    if (field === 'day') {
      fields.day = {
        $dateToString: {
          format: '%Y-%m-%d',
          date: { $toDate: '$start.occurredAt' },
          timezone: 'UTC',
        },
      };
    }
  }
  return fields;
}

const count = (outcome: string) => ({ $sum: { $cond: [{ $eq: ['$outcome', outcome] }, 1, 0] } });

/** The pipeline, stage by stage, each step of the rules named. */
export function consentFunnelPipeline(query: FunnelQuery): Document[] {
  const funnelAsk =
    query.ask === 'new_category'
      ? { $eq: ['$start.ask', 'new_category'] }
      : { $ne: ['$start.ask', 'new_category'] };
  return [
    // 1. The period's asks and answers (index `report_period`).
    {
      $match: {
        type: { $in: [...FUNNEL_EVENT_TYPES] },
        occurredAt: { $gte: query.from, $lt: query.to },
      },
    },
    // Only what the next stages read.
    {
      $project: {
        _id: 0,
        contactId: 1,
        type: 1,
        occurredAt: 1,
        turn: 1,
        position: 1,
        categories: 1,
        source: 1,
        ask: '$evidence.ask',
        flowId: '$evidence.flowId',
        flowVersion: '$evidence.flowVersion',
        language: '$evidence.language',
        variant: '$evidence.variant',
        trigger: '$evidence.trigger',
        starts: IS_STARTING_ASK,
      },
    },
    // A category ask continues the question before it: it plays no part in the funnel.
    { $match: { $or: [{ type: { $ne: 'consent.asked' } }, { starts: true }] } },
    // 2. Number each contact's questions in ledger order: an answer gets the number of the
    //    question open at its time (0: none yet, not an answer to a question of the period).
    {
      $setWindowFields: {
        partitionBy: '$contactId',
        sortBy: LEDGER_ORDER,
        output: {
          question: {
            $sum: { $cond: ['$starts', 1, 0] },
            window: { documents: ['unbounded', 'current'] },
          },
        },
      },
    },
    { $match: { question: { $gt: 0 } } },
    // 3. Per question: the ask that opened it, and its last answer (the ask itself sorts first,
    //    so the bottom one is the ask only when nothing answered it).
    { $set: { isAnswer: { $cond: ['$starts', 0, 1] } } },
    {
      $group: {
        _id: { contactId: '$contactId', question: '$question' },
        start: {
          $max: {
            $cond: [
              '$starts',
              {
                occurredAt: '$occurredAt',
                flowId: '$flowId',
                flowVersion: '$flowVersion',
                language: '$language',
                variant: '$variant',
                ask: '$ask',
                categories: '$categories',
              },
              null,
            ],
          },
        },
        // `$bottomN` of one, then its element: the same on every server version that has it.
        last: {
          $bottomN: {
            n: 1,
            sortBy: { isAnswer: 1, ...LEDGER_ORDER },
            output: {
              isAnswer: '$isAnswer',
              occurredAt: '$occurredAt',
              turn: '$turn',
              position: '$position',
              type: '$type',
              categories: '$categories',
              source: '$source',
              trigger: '$trigger',
            },
          },
        },
      },
    },
    { $set: { last: { $arrayElemAt: ['$last', 0] } } },
    // 4. The questions of the flow and kind asked for, keyed by the fields asked for.
    { $match: { $expr: { $and: [{ $eq: ['$start.flowId', query.flowId] }, funnelAsk] } } },
    {
      $project: {
        _id: 0,
        contactId: '$_id.contactId',
        // An empty key (no groupBy: one group) must be a literal: `{}` is no expression.
        key: query.groupBy.length === 0 ? { $literal: {} } : keyExpression(query),
        offered: { $ifNull: ['$start.categories', []] },
        hasAnswer: '$last.isAnswer',
        answerAt: '$last.occurredAt',
        answerTurn: '$last.turn',
        answerPosition: '$last.position',
        answer: { $cond: [{ $eq: ['$last.isAnswer', 1] }, '$last', null] },
      },
    },
    // A customer once per group: their last answer of all their questions in it.
    {
      $group: {
        _id: { key: '$key', contactId: '$contactId' },
        last: {
          $bottomN: {
            n: 1,
            sortBy: { hasAnswer: 1, answerAt: 1, answerTurn: 1, answerPosition: 1 },
            output: { answer: '$answer', offered: '$offered' },
          },
        },
      },
    },
    { $set: { last: { $arrayElemAt: ['$last', 0] } } },
    // 5. What that answer counts as, then the counts per group.
    {
      $project: {
        key: '$_id.key',
        outcome: { $let: { vars: { a: '$last.answer', offered: '$last.offered' }, in: OUTCOME } },
      },
    },
    {
      $group: {
        _id: '$key',
        asked: { $sum: 1 },
        optedInAll: count('optedInAll'),
        optedInSome: count('optedInSome'),
        declined: count('declined'),
        noAnswer: count('noAnswer'),
        keyword: count('optedOut.keyword'),
        phrase: count('optedOut.phrase'),
        stopPromotions: count('optedOut.stopPromotions'),
        userPreferences: count('optedOut.userPreferences'),
        error131050: count('optedOut.error131050'),
        api: count('optedOut.api'),
      },
    },
  ];
}

/** A row of the pipeline's last stage. */
interface FunnelRow {
  _id: FunnelKey;
  asked: number;
  optedInAll: number;
  optedInSome: number;
  declined: number;
  noAnswer: number;
  keyword: number;
  phrase: number;
  stopPromotions: number;
  userPreferences: number;
  error131050: number;
  api: number;
}

/**
 * Runs the funnel on the server. Events still parked on a contact (a crash between a turn's
 * write and its copy to the ledger, repaired at that contact's next read) are not counted
 * until then.
 */
export async function consentFunnel(
  collections: StoreCollections,
  query: FunnelQuery,
): Promise<FunnelCounts[]> {
  const rows = await collections.events
    .aggregate<FunnelRow>(consentFunnelPipeline(query), { allowDiskUse: true })
    .toArray();
  return rows.map((row) => ({
    key: fieldsInOrder(row._id, query),
    asked: row.asked,
    optedInAll: row.optedInAll,
    optedInSome: row.optedInSome,
    declined: row.declined,
    noAnswer: row.noAnswer,
    optedOut: {
      keyword: row.keyword,
      phrase: row.phrase,
      stopPromotions: row.stopPromotions,
      userPreferences: row.userPreferences,
      error131050: row.error131050,
      api: row.api,
    },
  }));
}

/** The key with the `groupBy` fields in their order (a document's field order is the server's). */
function fieldsInOrder(key: FunnelKey | null, query: FunnelQuery): FunnelKey {
  const ordered: Record<string, unknown> = {};
  for (const field of query.groupBy) ordered[field] = key?.[field];
  return ordered;
}
