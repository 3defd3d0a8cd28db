/**
 * Persisted machine snapshots as values nobody can change: JSON data (what a store keeps),
 * deeply frozen. One made here can be kept and handed on as it is, without a copy, and the flow
 * runner can tell its own snapshot when a store gives it back (`run-flow.ts`).
 */

/** Snapshots made by {@link persistedSnapshot}: JSON data, frozen all the way down. */
const made = new WeakSet<object>();

/**
 * `value` as JSON would store it (what `JSON.parse(JSON.stringify(value))` gives), deeply
 * frozen. A snapshot made here already is returned as it is; anything else is copied, so a
 * caller that changes its own value afterwards changes nothing here. Throws what
 * `JSON.stringify` throws (a cycle, a `BigInt`).
 * @example const snapshot = persistedSnapshot(actor.getPersistedSnapshot());
 */
export function persistedSnapshot(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && made.has(value)) return value;
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return undefined;
  const copy = deepFreeze(JSON.parse(json) as unknown);
  if (typeof copy === 'object' && copy !== null) made.add(copy);
  return copy;
}

/** True when `value` was made by {@link persistedSnapshot} (JSON data, deeply frozen). */
export function isPersistedSnapshot(value: unknown): boolean {
  return typeof value === 'object' && value !== null && made.has(value);
}

function deepFreeze(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
