import { MongoInstance } from 'mongodb-memory-server';
import { describe, expect, it } from 'vitest';
import { embeddedMongodOptions } from '../../../src/store/mongo/embedded-mongod-options.js';

const SETTINGS = {
  dbPath: '/srv/optin/.data',
  port: 41235,
  binaryPath: '/usr/bin/mongod',
  version: '8.2.6',
  launchTimeoutMs: 90_000,
  cacheSizeMb: 512,
};

describe('embedded mongod options', () => {
  // mongodb-memory-server's own MongoInstance, built but not started: what it would run.
  const instance = new MongoInstance(embeddedMongodOptions(SETTINGS));

  it('starts mongod in a process group of its own, out of reach of the terminal Ctrl-C', () => {
    expect(instance.spawnOpts.detached).toBe(true);
  });

  it('gives mongod the whole start timeout, not mongodb-memory-server’s 10 s', () => {
    expect(instance.instanceOpts.launchTimeout).toBe(90_000);
    // Below 1 s mongodb-memory-server would silently use 10 s: never ask for less.
    expect(embeddedMongodOptions({ ...SETTINGS, launchTimeoutMs: 5 }).instance?.launchTimeout).toBe(
      1000,
    );
  });

  it('caps the WiredTiger cache, on disk, on 127.0.0.1, in DATA_DIR', () => {
    const args = instance.prepareCommandArgs();
    expect(args.join(' ')).toContain('--wiredTigerCacheSizeGB 0.5');
    expect(args.join(' ')).toContain('--dbpath /srv/optin/.data');
    expect(args.join(' ')).toContain('--storageEngine wiredTiger');
    expect(args.join(' ')).toContain('--bind_ip 127.0.0.1');
    expect(args.join(' ')).toContain('--port 41235');
  });

  it('turns MiB into the GB figure mongod takes, never below its minimum of 0.25', () => {
    const cache = (cacheSizeMb: number) =>
      embeddedMongodOptions({ ...SETTINGS, cacheSizeMb }).instance?.args;
    expect(cache(256)).toEqual(['--wiredTigerCacheSizeGB', '0.25']);
    expect(cache(1536)).toEqual(['--wiredTigerCacheSizeGB', '1.5']);
    expect(cache(300)).toEqual(['--wiredTigerCacheSizeGB', '0.293']);
    expect(cache(100)).toEqual(['--wiredTigerCacheSizeGB', '0.25']);
  });

  it('runs the binary whose version was checked against the data', () => {
    expect(instance.binaryOpts).toMatchObject({
      systemBinary: '/usr/bin/mongod',
      version: '8.2.6',
    });
  });
});
