/**
 * How a sender's loop is stopped (a shutdown, a lease lost): `stopped` is a plain flag, and the
 * `AbortSignal` that interrupts a wait is only made when a wait asks for it. Most sends never
 * wait (the pace lets them go at once), so most loops never build a signal.
 */
export interface LoopStop {
  readonly stopped: boolean;
  /** Aborted once the loop is stopped; made on first use. */
  readonly signal: AbortSignal;
  stop(): void;
}

/**
 * Creates a {@link LoopStop}.
 * @example const stop = createLoopStop(); await sleep(ms, stop.signal); if (stop.stopped) return;
 */
export function createLoopStop(): LoopStop {
  let stopped = false;
  let controller: AbortController | undefined;
  return {
    get stopped() {
      return stopped;
    },
    get signal() {
      controller ??= new AbortController();
      if (stopped) controller.abort();
      return controller.signal;
    },
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
