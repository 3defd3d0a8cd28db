/**
 * Persisted machine snapshots as values nobody can change: JSON data (what a store keeps),
 * deeply frozen. One made here can be kept and handed on as it is, without a copy, and the flow
 * runner can tell its own snapshot when a store gives it back (`run-flow.ts`).
 *
 * What is made here is marked, and may carry a companion, in properties of its own that JSON,
 * `Object.keys` and a store never see (non-enumerable, under symbols of this module); not in a
 * `WeakSet` or `WeakMap`, whose entries the garbage collector pays for on every pass.
 */

/** Marks a snapshot made here: JSON data, frozen all the way down. */
const MADE = Symbol('persistedSnapshot');
/** What the maker of a snapshot kept with it. */
const COMPANION = Symbol('persistedSnapshot.companion');

/**
 * `value` as JSON would store it (what `JSON.parse(JSON.stringify(value))` gives), deeply
 * frozen. A snapshot made here already is returned as it is; anything else is copied, so a
 * caller that changes its own value afterwards changes nothing here. `companion` is kept with
 * a new snapshot, out of its data, for {@link companionOf}. Throws what `JSON.stringify` throws
 * (a cycle, a `BigInt`).
 * @example const snapshot = persistedSnapshot(actor.getPersistedSnapshot());
 */
export function persistedSnapshot(value: unknown, companion?: unknown): unknown {
  if (isPersistedSnapshot(value)) return value;
  const copy = plainCopy(value, 0) ?? jsonCopy(value);
  if (typeof copy !== 'object' || copy === null) return copy;
  Object.defineProperty(copy, MADE, { value: true });
  if (companion !== undefined) Object.defineProperty(copy, COMPANION, { value: companion });
  return Object.freeze(copy);
}

/** True when `value` was made by {@link persistedSnapshot} (JSON data, deeply frozen). */
export function isPersistedSnapshot(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [MADE]?: unknown })[MADE] === true &&
    Object.prototype.hasOwnProperty.call(value, MADE)
  );
}

/** What was kept with a snapshot {@link persistedSnapshot} made, if anything. */
export function companionOf(value: unknown): unknown {
  return isPersistedSnapshot(value) ? (value as { [COMPANION]?: unknown })[COMPANION] : undefined;
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

/** Freezes a node below the root; the root is frozen once it is marked. */
function frozenBelowRoot<T extends object>(node: T, depth: number): T {
  return depth === 0 ? node : Object.freeze(node);
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
    return frozenBelowRoot(copy, depth);
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
  return frozenBelowRoot(copy, depth);
}

/** `value` through JSON text, frozen all the way down but for the root. */
function jsonCopy(value: unknown): unknown {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return undefined;
  const copy = JSON.parse(json) as unknown;
  if (typeof copy === 'object' && copy !== null) {
    for (const inner of Object.values(copy)) deepFreeze(inner);
  }
  return copy;
}

function deepFreeze(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
