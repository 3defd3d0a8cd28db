import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadEnvFile } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { programArgs, ROOT } from './support/program.js';

/** The problems loadConfig reports, or none. */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('configuration', () => {
  it('runs a development server with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3978,
      store: 'mongo',
      mongodbDb: 'optin',
      dataDir: join(ROOT, '.data'),
      embeddedMongo: { cacheSizeMb: 512, startTimeoutMs: 60_000 },
      flowsDir: 'flows',
      defaultFlowId: 'default',
      simulatorEnabled: true,
      apiKeys: [],
    });
    expect(config.whatsapp.accessToken).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every missing production secret at once', () => {
    const error = (() => {
      try {
        loadConfig({ NODE_ENV: 'production' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'WHATSAPP_APP_SECRET is required when NODE_ENV=production',
      'WHATSAPP_VERIFY_TOKEN is required when NODE_ENV=production',
      'WHATSAPP_ACCESS_TOKEN is required when NODE_ENV=production',
    ]);
  });

  it('reports a bad value together with the missing production secrets, in one go', () => {
    expect(problemsOf({ NODE_ENV: 'production', PORT: 'abc' })).toEqual([
      'PORT="abc" must be a whole number from 0 to 65535',
      'WHATSAPP_APP_SECRET is required when NODE_ENV=production',
      'WHATSAPP_VERIFY_TOKEN is required when NODE_ENV=production',
      'WHATSAPP_ACCESS_TOKEN is required when NODE_ENV=production',
    ]);
  });

  it('reports bad values and bad API_KEYS entries together', () => {
    const problems = problemsOf({
      LOG_LEVEL: 'loud',
      OUTBOUND_PER_SECOND: '0',
      API_KEYS: 'boss:0123456789abcdef',
    });
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^LOG_LEVEL/),
        expect.stringMatching(/^OUTBOUND_PER_SECOND="0"/),
        expect.stringMatching(/^API_KEYS entry 1 /),
      ]),
    );
  });

  it('takes a relative DATA_DIR from the project folder, whatever the working directory', () => {
    const cwd = process.cwd();
    try {
      process.chdir(tmpdir());
      expect(loadConfig({ DATA_DIR: 'var/mongo' }).dataDir).toBe(join(ROOT, 'var', 'mongo'));
      expect(loadConfig({}).dataDir).toBe(join(ROOT, '.data'));
    } finally {
      process.chdir(cwd);
    }
    expect(loadConfig({ DATA_DIR: '/srv/optin/data' }).dataDir).toBe('/srv/optin/data');
  });

  it('caps the embedded MongoDB cache and bounds its start timeout', () => {
    expect(
      loadConfig({ EMBEDDED_MONGO_CACHE_MB: '1024', EMBEDDED_MONGO_START_TIMEOUT_MS: '300000' })
        .embeddedMongo,
    ).toEqual({ cacheSizeMb: 1024, startTimeoutMs: 300_000 });
    expect(
      problemsOf({ EMBEDDED_MONGO_CACHE_MB: '100', EMBEDDED_MONGO_START_TIMEOUT_MS: '10' }),
    ).toEqual([
      'EMBEDDED_MONGO_CACHE_MB="100" must be a whole number from 256 to 1048576',
      'EMBEDDED_MONGO_START_TIMEOUT_MS="10" must be a whole number from 1000 to 3600000',
    ]);
  });

  it('turns the simulator off in production unless asked', () => {
    const secrets = {
      NODE_ENV: 'production',
      WHATSAPP_APP_SECRET: 'a',
      WHATSAPP_VERIFY_TOKEN: 'b',
      WHATSAPP_ACCESS_TOKEN: 'c',
    };
    expect(loadConfig(secrets).simulatorEnabled).toBe(false);
    expect(loadConfig({ ...secrets, SIMULATOR: 'on' }).simulatorEnabled).toBe(true);
  });

  it('turns the Bot Framework endpoint off in production unless its credentials are set', () => {
    const secrets = {
      NODE_ENV: 'production',
      WHATSAPP_APP_SECRET: 'a',
      WHATSAPP_VERIFY_TOKEN: 'b',
      WHATSAPP_ACCESS_TOKEN: 'c',
    };
    const bot = { MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_PASSWORD: 'app-secret' };
    expect(loadConfig(secrets).botFramework).toEqual({ mode: 'off' });
    expect(loadConfig({}).botFramework).toEqual({ mode: 'anonymous' });
    expect(loadConfig({ ...secrets, ...bot }).botFramework).toEqual({
      mode: 'authenticated',
      appId: 'app-id',
      appPassword: 'app-secret',
    });
    expect(loadConfig({ ...bot, MICROSOFT_APP_TENANT_ID: 'tenant' }).botFramework).toMatchObject({
      mode: 'authenticated',
      tenantId: 'tenant',
    });
    expect(problemsOf({ MICROSOFT_APP_ID: 'app-id' })).toEqual([
      'MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID: set both (the Azure bot’s app id and its client secret), or neither',
    ]);
    expect(problemsOf({ MICROSOFT_APP_TENANT_ID: 'tenant' })).toHaveLength(1);
  });

  it('treats an empty value as unset, for every key of .env.example', async () => {
    const example = await readFile(new URL('../.env.example', import.meta.url), 'utf8');
    const keys = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(keys).toEqual(expect.arrayContaining(['DATA_DIR', 'FLOWS_DIR', 'SIMULATOR', 'PORT']));
    const empty = Object.fromEntries(keys.map((key, i) => [key, i % 2 === 0 ? '' : '  ']));
    expect(problemsOf(empty)).toEqual([]);
    expect(loadConfig(empty)).toEqual(loadConfig({}));
  });

  it('says which API_KEYS entry is wrong and why', () => {
    expect(() =>
      loadConfig({ API_KEYS: 'crm:0123456789abcdef,boss:0123456789abcdef,dpo:short' }),
    ).toThrowError(
      /entry 2 must be role:key with role one of dpo, crm, agent[\s\S]*entry 3 \(dpo\): the key must be at least 16 characters/,
    );
  });

  it('names each wrong key once, with the value given and what is allowed', () => {
    expect(
      problemsOf({ NODE_ENV: 'prod', STORE: 'disk', SIMULATOR: 'yes', LOG_LEVEL: 'loud' }),
    ).toEqual([
      'NODE_ENV="prod" must be development, test or production',
      'STORE="disk" must be mongo or memory',
      'SIMULATOR="yes" must be on or off',
      'LOG_LEVEL="loud" must be fatal, error, warn, info, debug, trace or silent',
    ]);
  });

  it('accepts only an http or https WHATSAPP_GRAPH_URL', () => {
    for (const url of [
      'ftp://graph.example.com/v23.0',
      'file:///etc/passwd',
      'graph.facebook.com',
    ]) {
      expect(problemsOf({ WHATSAPP_GRAPH_URL: url })).toEqual([
        `WHATSAPP_GRAPH_URL="${url}" must be an http or https URL such as https://graph.facebook.com/v23.0`,
      ]);
    }
    expect(
      loadConfig({ WHATSAPP_GRAPH_URL: 'http://127.0.0.1:8080/v23.0/' }).whatsapp.graphUrl,
    ).toBe('http://127.0.0.1:8080/v23.0');
  });

  it('refuses one key under two roles, naming the entries and roles but never the key', () => {
    const key = 'a-long-shared-secret-key';
    const problems = problemsOf({ API_KEYS: `crm:${key}, agent:0123456789abcdef ,dpo:${key}` });
    expect(problems).toEqual([
      'API_KEYS entries 1 (crm) and 3 (dpo) have the same key; give every entry its own key',
    ]);
    expect(problems.join('\n')).not.toContain(key);
  });

  it('refuses a port that is not a port', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrowError(
      /PORT="eighty" must be a whole number from 0 to 65535/,
    );
  });
});

describe('.env file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-env-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fills what the environment leaves unset; a variable set in the environment wins', async () => {
    const file = join(dir, 'values.env');
    await writeFile(file, 'ENV_FILE_TEST_FROM_FILE=file\nENV_FILE_TEST_BOTH=file\n', 'utf8');
    process.env.ENV_FILE_TEST_BOTH = 'environment';
    try {
      expect(loadEnvFile(file)).toBe(true);
      expect(process.env.ENV_FILE_TEST_FROM_FILE).toBe('file');
      expect(process.env.ENV_FILE_TEST_BOTH).toBe('environment');
    } finally {
      delete process.env.ENV_FILE_TEST_FROM_FILE;
      delete process.env.ENV_FILE_TEST_BOTH;
    }
  });

  it('is optional, but one that cannot be read is a configuration problem', () => {
    expect(loadEnvFile(join(dir, 'missing.env'))).toBe(false);
    expect(() => loadEnvFile(dir)).toThrowError(ConfigError);
  });

  it('is read by npm start, below the environment', async () => {
    await writeFile(join(dir, '.env'), 'LOG_LEVEL=not-a-level\nPORT=not-a-port\n', 'utf8');
    const started = await promisify(execFile)(process.execPath, programArgs('src/main.ts', 'npm'), {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, STORE: 'memory', PORT: '0' },
      timeout: 80_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => error,
    );
    // The bad LOG_LEVEL of the file stops the start; its PORT is overridden by the environment.
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('LOG_LEVEL="not-a-level" must be');
    expect(started.stderr).not.toContain('PORT');
  }, 90_000);
});
