import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../src/service/keyed-queue.js';

/** A task that logs its start and end, and ends when `release` is called. */
function gatedTask(log: string[], label: string) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`${label} start`);
    await gate;
    log.push(`${label} end`);
    return label;
  };
  return { task, release: () => release() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keyed queue', () => {
  it('runs the tasks of one key one at a time, in arrival order', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const first = gatedTask(log, 'first');
    const second = gatedTask(log, 'second');
    const results = Promise.all([queue.run('a', first.task), queue.run('a', second.task)]);

    await tick();
    expect(log).toEqual(['first start']);
    second.release();
    first.release();

    await expect(results).resolves.toEqual(['first', 'second']);
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  it('runs tasks that share no key side by side', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const first = gatedTask(log, 'a');
    const second = gatedTask(log, 'b');
    const results = Promise.all([queue.run('a', first.task), queue.run(['b', 'c'], second.task)]);

    await tick();
    expect(log).toEqual(['a start', 'b start']);
    first.release();
    second.release();
    await results;
  });

  it('makes a task of several keys wait for the last task of each, and the next of each wait for it', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const byUser = gatedTask(log, 'user');
    const byPhone = gatedTask(log, 'phone');
    const both = gatedTask(log, 'both');
    const nextByPhone = gatedTask(log, 'next phone');
    const results = Promise.all([
      queue.run('user:1', byUser.task),
      queue.run('phone:1', byPhone.task),
      queue.run(['phone:1', 'user:1'], both.task),
      queue.run('phone:1', nextByPhone.task),
    ]);

    await tick();
    expect(log).toEqual(['user start', 'phone start']);
    byPhone.release();
    await tick();
    expect(log).not.toContain('both start'); // the user id's task is still running
    byUser.release();
    await tick();
    expect(log.at(-1)).toBe('both start');
    nextByPhone.release();
    both.release();

    await results;
    expect(log.slice(-3)).toEqual(['both end', 'next phone start', 'next phone end']);
  });

  it('goes on after a task that failed, and hands its error to its caller only', async () => {
    const queue = createKeyedQueue();
    const failed = queue.run(['a', 'b'], () => Promise.reject(new Error('boom')));
    const next = queue.run('b', () => Promise.resolve('next'));

    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await queue.idle();
  });
});
