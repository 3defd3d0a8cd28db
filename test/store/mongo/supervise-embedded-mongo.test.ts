import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  describeMongodExit,
  watchMongodExit,
  type MongodExit,
} from '../../../src/store/mongo/mongod-exit.js';
import { superviseEmbeddedMongo } from '../../../src/store/mongo/supervise-embedded-mongo.js';

/**
 * An embedded server's exit wiring over a stand-in for mongodb-memory-server's MongoInstance
 * events: `instanceClosed` with the exit code and signal, as its close handler emits it.
 */
function watchedInstance() {
  const instance = new EventEmitter();
  let stopping = false;
  const lost: MongodExit[] = [];
  const listeners: ((exit: MongodExit) => void)[] = [];
  watchMongodExit(
    instance,
    () => stopping,
    (exit) => {
      lost.push(exit);
      for (const listener of listeners) listener(exit);
    },
  );
  return {
    instance,
    lost,
    stop: () => {
      stopping = true;
      instance.emit('instanceClosed', 0, null);
    },
    embedded: {
      dataDir: '/srv/optin/.data',
      onLost: (listener: (exit: MongodExit) => void) => listeners.push(listener),
    },
  };
}

describe('watching the embedded mongod', () => {
  it('reports a mongod killed while the server runs, once', () => {
    const { instance, lost } = watchedInstance();
    instance.emit('instanceClosed', null, 'SIGKILL');
    instance.emit('instanceClosed', null, 'SIGKILL');
    expect(lost).toEqual([{ code: null, signal: 'SIGKILL' }]);
  });

  it('ignores the exit of a stop the server asked for', () => {
    const { lost, stop } = watchedInstance();
    stop();
    expect(lost).toEqual([]);
  });

  it('says how mongod ended, pointing at the cache for the out-of-memory killer', () => {
    expect(describeMongodExit({ code: null, signal: 'SIGKILL' })).toBe(
      'the embedded MongoDB (mongod) was killed by SIGKILL (often the out-of-memory killer: see EMBEDDED_MONGO_CACHE_MB)',
    );
    expect(describeMongodExit({ code: 14, signal: null })).toBe(
      'the embedded MongoDB (mongod) exited with code 14',
    );
  });

  it('stops the server with exit code 1 when mongod is lost, so that a supervisor restarts it', () => {
    const { instance, embedded } = watchedInstance();
    const exits: [number, string][] = [];
    const fatal: unknown[][] = [];
    superviseEmbeddedMongo(embedded, {
      logger: { fatal: (...args: unknown[]) => void fatal.push(args) },
      exit: (code, reason) => exits.push([code, reason]),
    });

    instance.emit('instanceClosed', null, 'SIGKILL');

    expect(exits).toEqual([[1, expect.stringContaining('killed by SIGKILL') as string]]);
    expect(fatal).toEqual([
      [
        { code: null, signal: 'SIGKILL', dataDir: '/srv/optin/.data' },
        expect.stringContaining('stopping with exit code 1') as string,
      ],
    ]);
  });

  it('does not stop the server for the stop it asked for itself', () => {
    const { embedded, stop } = watchedInstance();
    const exits: number[] = [];
    superviseEmbeddedMongo(embedded, {
      logger: { fatal: () => undefined },
      exit: (code) => exits.push(code),
    });
    stop();
    expect(exits).toEqual([]);
  });
});
