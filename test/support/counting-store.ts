import type { Store } from '../../src/store/port.js';

/** A store that counts the calls made to it, by method, in order. */
export interface CountingStore {
  readonly store: Store;
  /** The calls since the last `reset()`, in order. */
  calls(): string[];
  reset(): void;
}

/**
 * Wraps `inner` so every call to one of its methods is recorded (the method's name), then
 * passed on unchanged: how many round trips a piece of work costs, whatever the store.
 * @example const counting = countCalls(createMemoryStore()); … counting.calls() // ['ensureContact', 'saveTurn']
 */
export function countCalls(inner: Store): CountingStore {
  let calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(property);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    calls: () => [...calls],
    reset: () => {
      calls = [];
    },
  };
}
