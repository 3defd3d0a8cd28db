import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadCpuMs } from '../../scripts/bench/thread-cpu.js';

const linux = existsSync('/proc/thread-self/schedstat');

describe('threadCpuMs (benchmark)', () => {
  it.skipIf(!linux)('reads the calling thread’s CPU time, which grows as it works', () => {
    const before = threadCpuMs();
    let sum = 0;
    for (let i = 0; i < 5_000_000; i += 1) sum += i % 7;
    const after = threadCpuMs();
    expect(sum).toBeGreaterThan(0);
    expect(before).toBeTypeOf('number');
    expect(after).toBeGreaterThan(before!);
  });

  it.skipIf(linux)('says nothing where the platform does not tell', () => {
    expect(threadCpuMs()).toBeUndefined();
  });
});
