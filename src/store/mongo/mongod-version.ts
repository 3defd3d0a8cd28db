import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The `mongod` version the embedded server runs, pinned here rather than left to
 * mongodb-memory-server's default (which moves with its releases): data files written by one
 * version cannot always be opened by another, so the version changes only in a commit that
 * says so. `MONGOMS_VERSION` is not used; `MONGOMS_SYSTEM_BINARY` still picks a local binary,
 * whose version is then checked against the data like any other.
 */
export const PINNED_MONGOD_VERSION = '8.2.6';

/** The file in `DATA_DIR` recording which `mongod` version last opened the data. */
export const DATA_VERSION_FILE = 'optin-mongod-version.json';

/**
 * MongoDB's release series an installation can run, oldest first. A `mongod` opens the data of
 * its own series, and of the series just before it (an upgrade, one series at a time); never
 * of a newer one. (Sources: the MongoDB manual's upgrade and downgrade procedures.)
 */
const RELEASE_SERIES = ['4.4', '5.0', '6.0', '7.0', '8.0', '8.2'];

/** The version in `mongod --version`'s output (`db version v8.2.6`), or undefined. */
export function parseMongodVersion(output: string): string | undefined {
  return /\bdb version v?(\d+\.\d+\.\d+)/i.exec(output)?.[1];
}

/** What {@link checkDataVersion} compares. */
export interface DataVersionCheck {
  /** The version recorded in DATA_DIR; undefined: none recorded (new, or older than this check). */
  readonly recorded?: string;
  /** The version of the `mongod` about to start. */
  readonly binary: string;
  /** Where that binary is, for the message. */
  readonly binaryPath: string;
  /** The absolute DATA_DIR, for the message. */
  readonly dataDir: string;
}

/** Whether the `mongod` may open the data, and if not, what the person should do. */
export type DataVersionVerdict =
  { readonly ok: true } | { readonly ok: false; readonly problem: string };

/**
 * Decides whether a `mongod` of version `binary` may open data last opened by `recorded`:
 * the same series, or the one series after it (an upgrade MongoDB supports). An older binary
 * would stop with "UPGRADE PROBLEM" in a log nobody reads; a jump over a series likewise.
 */
export function checkDataVersion(check: DataVersionCheck): DataVersionVerdict {
  const { recorded, binary, binaryPath, dataDir } = check;
  if (recorded === undefined) return { ok: true };
  const from = seriesOf(recorded);
  const to = seriesOf(binary);
  if (from === to) return { ok: true };
  const fromIndex = RELEASE_SERIES.indexOf(from);
  const toIndex = RELEASE_SERIES.indexOf(to);
  if (fromIndex >= 0 && toIndex === fromIndex + 1) return { ok: true };

  const written = `The data in ${dataDir} was last opened by MongoDB ${recorded}, and the mongod to start (${binaryPath}) is ${binary}`;
  const forget = `If you have moved the data to ${to} yourself (featureCompatibilityVersion, following MongoDB's procedure), delete ${join(dataDir, DATA_VERSION_FILE)} and start again.`;
  if (compareSeries(to, from) < 0) {
    return {
      ok: false,
      problem:
        `${written}: a mongod cannot open data of a newer version (it would stop with "UPGRADE PROBLEM"). ` +
        `Start it with a mongod ${from}: unset MONGOMS_SYSTEM_BINARY to use the pinned ${PINNED_MONGOD_VERSION}` +
        `${seriesOf(PINNED_MONGOD_VERSION) === from ? '' : ` (if that is ${from})`}, or point it at a mongod ${from}. ${forget}`,
    };
  }
  const path = RELEASE_SERIES.slice(Math.max(fromIndex, 0), toIndex + 1);
  return {
    ok: false,
    problem:
      `${written}: MongoDB upgrades data one release series at a time` +
      `${fromIndex >= 0 && toIndex >= 0 ? ` (${path.join(' → ')})` : ''}. ` +
      `Start it once with a mongod of each series in between (MONGOMS_SYSTEM_BINARY), setting featureCompatibilityVersion at each step, or with a ${from} binary to keep the data as it is. ${forget}`,
  };
}

/** `8.2.6` → `8.2`. */
function seriesOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function compareSeries(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The version recorded in DATA_DIR, or undefined when there is no (readable) record. */
export async function readDataVersion(dataDir: string): Promise<string | undefined> {
  const file = join(dataDir, DATA_VERSION_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const version = parseRecord(text);
  if (version === undefined) {
    throw new Error(
      `${file} does not say which mongod version wrote the data (expected {"mongodVersion": "8.2.6"}); fix it, or delete it to skip the check once`,
    );
  }
  return version;
}

function parseRecord(text: string): string | undefined {
  try {
    const version = (JSON.parse(text) as { mongodVersion?: unknown }).mongodVersion;
    return typeof version === 'string' && parseMongodVersion(`db version v${version}`)
      ? version
      : undefined;
  } catch {
    return undefined;
  }
}

/** Records in DATA_DIR the version of the `mongod` that just opened it. */
export async function recordDataVersion(dataDir: string, version: string, at: Date): Promise<void> {
  const record = { mongodVersion: version, recordedAt: at.toISOString() };
  await writeFile(join(dataDir, DATA_VERSION_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
