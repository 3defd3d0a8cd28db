/** At most `max` holders at once; the others wait their turn, first come first served. */
export interface ConcurrencyLimit {
  acquire(): Promise<void>;
  release(): void;
  /** Holders now. */
  active(): number;
}

/**
 * Creates a {@link ConcurrencyLimit}: the cap on Cloud API calls in flight, so a burst waits
 * here, in order, rather than in the socket pool where its timeout would already run.
 * @example const limit = createConcurrencyLimit(64); await limit.acquire(); try { await call(); } finally { limit.release(); }
 */
export function createConcurrencyLimit(max: number): ConcurrencyLimit {
  let holders = 0;
  const queue: (() => void)[] = [];
  return {
    acquire() {
      if (holders < max) {
        holders += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => queue.push(resolve));
    },
    release() {
      const next = queue.shift();
      if (next) next();
      else holders -= 1;
    },
    active: () => holders,
  };
}
