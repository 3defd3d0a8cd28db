import { existsSync, readFileSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';

/**
 * Time the calling thread has spent on a CPU, in ms, from Linux's `/proc/thread-self/schedstat`
 * (its first field, in ns); `undefined` where that file does not exist (macOS, Windows).
 * Unlike requests per second it hardly moves when other processes share the machine, and it
 * leaves out the load generator, which runs in another thread of the same process.
 */
export function threadCpuMs(): number | undefined {
  if (!existsSync(SCHEDSTAT)) return undefined;
  const nanoseconds = Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
  return Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : undefined;
}
