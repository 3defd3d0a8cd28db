/**
 * Runs tasks one at a time per key, in arrival order, and tasks sharing no key concurrently.
 * A task may name several keys (every identifier of one person: phone, user id, store id): it
 * waits for the last task of each and becomes the last task of all of them, so two contacts
 * found to be one person (a merge) keep one order from then on. This keeps one person's
 * messages in order inside one process; across processes the store's version check is what
 * prevents lost updates.
 */
export interface KeyedQueue {
  /** Runs `task` after every task queued before it under any of `keys`. */
  run<T>(keys: string | readonly string[], task: () => Promise<T>): Promise<T>;
  /** Resolves when every task queued so far has finished. */
  idle(): Promise<void>;
}

/**
 * Creates a {@link KeyedQueue}.
 * @example
 * const queue = createKeyedQueue();
 * await queue.run([`phone:${phone}`, `user:${userId}`], () => handle(message));
 */
export function createKeyedQueue(): KeyedQueue {
  /** The last task of each key, settled (never rejecting) once it is over. */
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(keys: string | readonly string[], task: () => Promise<T>): Promise<T> {
      const names = [...new Set(typeof keys === 'string' ? [keys] : keys)];
      const previous = names.flatMap((key) => tails.get(key) ?? []);
      const result = Promise.all(previous).then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      for (const key of names) tails.set(key, tail);
      void tail.then(() => {
        for (const key of names) if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
