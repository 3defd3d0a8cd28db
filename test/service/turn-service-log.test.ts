import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/logger.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

const flows = shippedCatalog();

/** Runs one turn with the logger at `level` and returns the JSON lines it wrote. */
async function linesAt(level: string): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
  const turns = createTurnService({
    store: createMemoryStore(),
    flows,
    clock,
    logger: createLogger({ level, destination }),
  });
  await turns.handleMessage({
    messageId: 'wamid.log1',
    contact: { phone: '+14155550101' },
    timestamp: clock.now(),
    content: { kind: 'text', text: 'hello' },
  });
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('turn service log', () => {
  it('logs each applied turn at debug level with the contact masked', async () => {
    const lines = await linesAt('debug');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'turn applied',
        contact: '+********101',
        event: 'message',
        replies: 2,
      }),
    );
    expect(JSON.stringify(lines)).not.toContain('14155550101');
  });

  it('writes nothing about turns at info level', async () => {
    const lines = await linesAt('info');
    expect(lines.filter((line) => line['msg'] === 'turn applied')).toEqual([]);
  });
});
