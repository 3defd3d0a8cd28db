import type { MongoInstance } from 'mongodb-memory-server';

/** What the embedded `mongod` is started with, decided by {@link embeddedMongodOptions}. */
export type EmbeddedMongodOptions = NonNullable<ConstructorParameters<typeof MongoInstance>[0]>;

/** Inputs of {@link embeddedMongodOptions}. */
export interface EmbeddedMongodSettings {
  /** The absolute data directory. */
  readonly dbPath: string;
  readonly port: number;
  /** The `mongod` binary and its version (as `mongod --version` printed it). */
  readonly binaryPath: string;
  readonly version: string;
  /** How long `mongod` may take to be ready (a journal replay after a crash included), in ms. */
  readonly launchTimeoutMs: number;
  /** The WiredTiger cache, in MiB. */
  readonly cacheSizeMb: number;
}

/** mongodb-memory-server ignores a launch timeout under 1 s and uses its own 10 s instead. */
const MIN_LAUNCH_TIMEOUT_MS = 1000;

/**
 * The options of the embedded `mongod`:
 * - its own process group (`detached`), so the Ctrl-C a terminal sends to the server's group
 *   does not stop it while the server still drains its writes; the server stops it last;
 * - a launch timeout passed through, as mongodb-memory-server's own (10 s) fires first
 *   otherwise, and a journal replay after a crash on a large DATA_DIR would fail every restart;
 * - a capped WiredTiger cache: by default it takes half the machine's memory as if alone on
 *   it, which makes it the likely out-of-memory victim;
 * - on disk (wiredTiger) in `dbPath`, listening on 127.0.0.1 only.
 */
export function embeddedMongodOptions(settings: EmbeddedMongodSettings): EmbeddedMongodOptions {
  return {
    instance: {
      dbPath: settings.dbPath,
      port: settings.port,
      ip: '127.0.0.1',
      storageEngine: 'wiredTiger',
      launchTimeout: Math.max(MIN_LAUNCH_TIMEOUT_MS, Math.ceil(settings.launchTimeoutMs)),
      args: ['--wiredTigerCacheSizeGB', formatGb(settings.cacheSizeMb)],
    },
    binary: { systemBinary: settings.binaryPath, version: settings.version },
    spawn: { detached: true },
  };
}

/** MiB as the GB figure mongod takes (`512` → `0.5`), never below its minimum of 0.25. */
function formatGb(mb: number): string {
  return String(Math.max(0.25, Math.round((mb / 1024) * 1000) / 1000));
}
