import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  companionOf,
  isPersistedSnapshot,
  persistedSnapshot,
} from '../../../src/core/flow/persisted-snapshot.js';

/** Every object and array reachable from `value` is frozen. */
function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}

const throughJson = (value: unknown): unknown => {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? undefined : (JSON.parse(json) as unknown);
};

describe('persisted snapshots', () => {
  it('are what JSON makes of any value, deeply frozen, and kept as they are once made', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBoxedValues: true,
          withDate: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          withMap: true,
          withSet: true,
        }),
        (value) => {
          const made = persistedSnapshot(value);
          expect(made).toStrictEqual(throughJson(value));
          expect(isDeeplyFrozen(made)).toBe(true);
          expect(persistedSnapshot(made)).toBe(made);
          if (typeof made === 'object' && made !== null) {
            expect(made).not.toBe(value);
            expect(isPersistedSnapshot(made)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('copies plain data without the JSON text, leaving out undefined properties and -0', () => {
    const value = { a: [1, undefined, -0], b: undefined, c: { d: 'x', e: null } };
    expect(persistedSnapshot(value)).toStrictEqual({ a: [1, null, 0], c: { d: 'x', e: null } });
    expect(Object.is((persistedSnapshot(value) as { a: number[] }).a[2], 0)).toBe(true);
    expect(isPersistedSnapshot(value)).toBe(false);
  });

  it('keeps a companion with a new snapshot, out of its data', () => {
    const companion = { machine: 'resolved' };
    const made = persistedSnapshot({ value: 'idle' }, companion);
    expect(companionOf(made)).toBe(companion);
    expect(made).toStrictEqual({ value: 'idle' });
    expect(Object.keys(made as object)).toEqual(['value']);
    expect(JSON.stringify(made)).toBe('{"value":"idle"}');
    // Made already: kept as it is, with the companion it was made with.
    expect(persistedSnapshot(made, { other: true })).toBe(made);
    expect(companionOf(made)).toBe(companion);
    // A copy (JSON, structuredClone, another store's read) is not made here and has none.
    expect(companionOf(JSON.parse(JSON.stringify(made)))).toBeUndefined();
    expect(companionOf(structuredClone(made))).toBeUndefined();
    expect(isPersistedSnapshot({ ...(made as object) })).toBe(false);
  });

  it('refuses what JSON refuses: a cycle, a BigInt', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => persistedSnapshot(cycle)).toThrow(TypeError);
    expect(() => persistedSnapshot({ n: 1n })).toThrow(TypeError);
  });

  it('keeps an own "__proto__" key as JSON does, without changing the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const made = persistedSnapshot(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(Object.keys(made)).toEqual(['__proto__']);
  });
});
