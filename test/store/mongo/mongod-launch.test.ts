import { errors } from 'mongodb-memory-server';
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  explainLaunchFailure,
  isDbPathInUse,
  retryWhileDbPathInUse,
} from '../../../src/store/mongo/mongod-launch.js';

const DATA_DIR = '/srv/optin/.data';

/**
 * The error mongodb-memory-server raises from mongod's own log line when the lock is held:
 * `{"s":"E","c":"CONTROL","id":20557,"msg":"DBException in initAndListen, terminating",
 * "attr":{"error":"DBPathInUse: Unable to lock the lock file: …"}}`.
 */
function dbPathInUse(): Error {
  return new errors.StdoutInstanceError(
    'Instance Failed to start with "DBException in initAndListen". Original Error:\n' +
      `DBPathInUse: Unable to lock the lock file: ${DATA_DIR}/mongod.lock (Resource temporarily unavailable). Another mongod instance is already running on the ${DATA_DIR} directory`,
  );
}

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('launching the embedded mongod', () => {
  it('recognises DBPathInUse in the error mongodb-memory-server raises, and in a cause', () => {
    expect(isDbPathInUse(dbPathInUse())).toBe(true);
    expect(isDbPathInUse(new Error('start failed', { cause: dbPathInUse() }))).toBe(true);
    expect(isDbPathInUse(new errors.StdoutInstanceError('Port "27017" already in use'))).toBe(
      false,
    );
    expect(isDbPathInUse('DBPathInUse')).toBe(false);
  });

  it('waits 250 ms, then twice as long each time, at most 4 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(backoffMs)).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('tries again while a previous mongod still holds DATA_DIR, and starts once it lets go', async () => {
    const time = fakeTime();
    let tries = 0;

    const started = await retryWhileDbPathInUse(
      () => {
        tries += 1;
        return tries <= 3 ? Promise.reject(dbPathInUse()) : Promise.resolve('mongod');
      },
      { budgetMs: 60_000, ...time },
    );

    expect(started).toBe('mongod');
    expect(time.sleeps).toEqual([250, 500, 1000]);
  });

  it('gives up within its budget when the directory stays held', async () => {
    const time = fakeTime();
    const retried: number[] = [];

    const failure = retryWhileDbPathInUse(() => Promise.reject(dbPathInUse()), {
      budgetMs: 3000,
      ...time,
      onRetry: (_error, attempt) => retried.push(attempt),
    });

    await expect(failure).rejects.toThrow(/DBPathInUse/);
    expect(time.sleeps).toEqual([250, 500, 1000]); // 1750 ms; 2000 more would pass 3000
    expect(retried).toEqual([1, 2, 3]);
  });

  it('does not wait out any other failure', async () => {
    const time = fakeTime();
    const failure = retryWhileDbPathInUse(
      () => Promise.reject(new errors.StdoutInstanceError('Mongod internal error')),
      { budgetMs: 60_000, ...time },
    );
    await expect(failure).rejects.toThrow('Mongod internal error');
    expect(time.sleeps).toEqual([]);
  });

  it('says another mongod holds DATA_DIR, and what to do', () => {
    const reason = explainLaunchFailure(dbPathInUse(), DATA_DIR);
    expect(reason).toContain(`another mongod holds ${DATA_DIR}`);
    expect(reason).toContain('give this server a DATA_DIR of its own');
  });

  it('explains exit code 62 as data of another MongoDB version', () => {
    const reason = explainLaunchFailure(new errors.UnexpectedCloseError(62, null), DATA_DIR);
    expect(reason).toContain(`mongod cannot open the data in ${DATA_DIR}`);
    expect(reason).toContain('UPGRADE PROBLEM');
  });

  it('passes any other failure on, on one line', () => {
    expect(explainLaunchFailure(new Error('spawn EACCES.\n  at x'), DATA_DIR)).toBe(
      'spawn EACCES. at x',
    );
  });
});
