import { describe, expect, it } from 'vitest';
import { CREATION_ORDER, INDEXES, LEDGER_ORDER } from '../../../src/store/mongo/indexes.js';

/**
 * The listings the store runs: an equality on `contactId`, then a sort. MongoDB reads them in
 * order from an index whose keys are the equality fields, then the sort's keys in the same
 * order and direction; otherwise it sorts every matching document in memory.
 */
const LISTINGS = [
  { collection: 'outbound', equality: ['contactId'], sort: CREATION_ORDER },
  { collection: 'processed', equality: ['contactId'], sort: CREATION_ORDER },
  { collection: 'events', equality: ['contactId'], sort: LEDGER_ORDER },
] as const;

function servesInOrder(
  key: Readonly<Record<string, number>>,
  equality: readonly string[],
  sort: Readonly<Record<string, number>>,
): boolean {
  const wanted = [...equality.map((field) => [field, 1] as const), ...Object.entries(sort)];
  const keys = Object.entries(key);
  return (
    keys.length >= wanted.length &&
    wanted.every(([field, direction], i) => {
      const [keyField, keyDirection] = keys[i] ?? [];
      // An equality field may be indexed in either direction; a sort key must match its own.
      return keyField === field && (i < equality.length || keyDirection === direction);
    })
  );
}

describe('MongoDB indexes', () => {
  it.each(LISTINGS)(
    'reads the $collection listing of a contact in order from an index',
    ({ collection, equality, sort }) => {
      const indexes: readonly { key: Readonly<Record<string, number>> }[] = INDEXES[collection];
      expect(indexes.some((index) => servesInOrder(index.key, equality, sort))).toBe(true);
    },
  );

  it('sorts the per-contact listings on createdAt then _id, a total order', () => {
    expect(Object.keys(CREATION_ORDER)).toEqual(['createdAt', '_id']);
  });
});
