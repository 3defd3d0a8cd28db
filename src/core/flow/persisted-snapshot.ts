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
  const copy = plainCopy(value, 0) ?? jsonCopy(value);
  if (typeof copy === 'object' && copy !== null) made.add(copy);
  return copy;
}

/** True when `value` was made by {@link persistedSnapshot} (JSON data, deeply frozen). */
export function isPersistedSnapshot(value: unknown): boolean {
  return typeof value === 'object' && value !== null && made.has(value);
}

/** Nesting past which a value is left to `JSON.stringify` (which refuses a cycle). */
const MAX_DEPTH = 64;

/** Marks a value {@link plainCopy} leaves to JSON: it is not made of plain data only. */
const NOT_PLAIN = Symbol('not plain');

/**
 * What JSON would make of `value`, frozen, copied in one walk without a string in between,
 * when `value` is plain data: plain objects and arrays, strings, finite numbers, booleans and
 * null (an `undefined` property is left out, as JSON leaves it out). Anything else (a `Date`,
 * a class, a non-finite number, a function, a cycle) gives `undefined`: JSON decides.
 */
function plainCopy(value: unknown, depth: number): unknown {
  const copy = copyPlain(value, depth);
  return copy === NOT_PLAIN ? undefined : copy;
}

function copyPlain(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0.
      return Number.isFinite(value) ? value + 0 : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = copyPlain(value[i], depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      copy[i] = item;
    }
    return Object.freeze(copy);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  if (typeof record['toJSON'] === 'function') return NOT_PLAIN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const inner = record[key];
    if (inner === undefined) continue;
    // JSON.parse makes "__proto__" an own property; an assignment would set the prototype.
    if (key === '__proto__') return NOT_PLAIN;
    const item = copyPlain(inner, depth + 1);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    copy[key] = item;
  }
  return Object.freeze(copy);
}

/** `value` through JSON text, deeply frozen. */
function jsonCopy(value: unknown): unknown {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? undefined : deepFreeze(JSON.parse(json) as unknown);
}

function deepFreeze(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
