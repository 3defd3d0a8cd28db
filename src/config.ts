import { z } from 'zod';
import { ConfigError } from './errors.js';
import { resolveFromProjectRoot } from './project-root.js';

/**
 * The configuration, parsed once from the environment into a frozen object. Nothing else
 * reads `process.env`. Every key is listed with its default in `.env.example`.
 */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  readonly store: 'mongo' | 'memory';
  /** Absent: start an embedded MongoDB with its data under `dataDir`. */
  readonly mongodbUri?: string;
  readonly mongodbDb: string;
  /** The embedded MongoDB's data, absolute (a relative DATA_DIR is taken from the project folder). */
  readonly dataDir: string;
  /** The embedded MongoDB's WiredTiger cache (MiB) and how long it may take to start (ms). */
  readonly embeddedMongo: { readonly cacheSizeMb: number; readonly startTimeoutMs: number };
  readonly flowsDir: string;
  readonly defaultFlowId: string;
  readonly whatsapp: {
    readonly appSecret: string;
    readonly verifyToken: string;
    /** Absent only in development/test: replies are then logged, not sent. */
    readonly accessToken?: string;
    readonly phoneNumberId?: string;
    readonly graphUrl: string;
    readonly perNumberPerSecond: number;
    readonly perCustomerIntervalMs: number;
    /** Connections to the Cloud API host at most, and so Cloud API calls in flight at most. */
    readonly maxConnections: number;
  };
  /** Keys of the REST API with their roles; empty: the REST API answers 401 to everything. */
  readonly apiKeys: readonly { readonly role: ApiRole; readonly key: string }[];
  /** Requests per minute per API key. */
  readonly apiRateLimitPerMinute: number;
  /** Requests with a missing or wrong API key a client address may send per minute (then 429). */
  readonly apiAuthFailuresPerMinute: number;
  /** Bearer token `GET /metrics` requires; absent: `/metrics` is open. */
  readonly metricsToken?: string;
  /**
   * Where hand-over events go (HANDOVER_WEBHOOK_URL) and the key that signs them
   * (HANDOVER_WEBHOOK_SECRET); absent: no webhook.
   */
  readonly handoverWebhook?: { readonly url: string; readonly secret: string };
  /** How long a shutdown waits for requests, turns and sends under way, in ms. */
  readonly shutdownTimeoutMs: number;
  /**
   * Key of the HMAC of a contact's identifiers (phone numbers and WhatsApp user ids) that keeps an
   * erased contact's opt-out: `PHONE_HASH_KEY`, else the app secret in production.
   */
  readonly identifierHashKey: string;
  readonly simulatorEnabled: boolean;
  readonly botFramework: BotFrameworkConfig;
  readonly logLevel: string;
}

/**
 * The Bot Framework endpoint (`/api/messages`) and its credentials. `mode` says how it runs:
 * `authenticated` (credentials set: botbuilder checks every request's Bot Framework token),
 * `anonymous` (development and test without credentials: the Emulator on this machine only),
 * or `off` (production without credentials: the route does not exist).
 */
export interface BotFrameworkConfig {
  readonly mode: 'authenticated' | 'anonymous' | 'off';
  readonly appId?: string;
  readonly appPassword?: string;
  /** Set for a single-tenant Azure bot (new bots are single-tenant); absent: multi-tenant. */
  readonly tenantId?: string;
}

export const API_ROLES = ['dpo', 'crm', 'agent'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** Well-known values used only when NODE_ENV is development or test, never in production. */
const DEVELOPMENT_SECRETS = {
  appSecret: 'development-app-secret',
  verifyToken: 'development-verify-token',
  identifierHashKey: 'development-phone-hash-key',
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optional = z.string().trim().optional();
/** One of a few words; the message shows the value given and every allowed one. */
const oneOf = <const T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, {
    error: (issue) =>
      `${name}="${String(issue.input)}" must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`,
  });
const integer = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name}="${v}" must be a whole number from ${min} to ${max}`,
        });
        return z.NEVER;
      }
      return n;
    });

const environmentSchema = z.object({
  NODE_ENV: oneOf('NODE_ENV', ['development', 'test', 'production']).default('development'),
  HOST: z.string().trim().default('0.0.0.0'),
  PORT: integer('PORT', 3978, 0, 65535),
  STORE: oneOf('STORE', ['mongo', 'memory']).default('mongo'),
  MONGODB_URI: optional,
  MONGODB_DB: z.string().trim().default('optin'),
  DATA_DIR: z.string().trim().default('.data'),
  EMBEDDED_MONGO_CACHE_MB: integer('EMBEDDED_MONGO_CACHE_MB', 512, 256, 1_048_576),
  EMBEDDED_MONGO_START_TIMEOUT_MS: integer(
    'EMBEDDED_MONGO_START_TIMEOUT_MS',
    60_000,
    1000,
    3_600_000,
  ),
  FLOWS_DIR: z.string().trim().default('flows'),
  FLOW: z.string().trim().default('default'),
  WHATSAPP_APP_SECRET: optional,
  WHATSAPP_VERIFY_TOKEN: optional,
  WHATSAPP_ACCESS_TOKEN: optional,
  WHATSAPP_PHONE_NUMBER_ID: optional,
  // The Cloud API client speaks http and https only: another scheme would fail at every send,
  // long after start-up (http is for a local stand-in of the Cloud API).
  WHATSAPP_GRAPH_URL: z
    .url({
      protocol: /^https?$/,
      error: (issue) =>
        `WHATSAPP_GRAPH_URL="${String(issue.input)}" must be an http or https URL such as https://graph.facebook.com/v23.0`,
    })
    .default('https://graph.facebook.com/v23.0'),
  OUTBOUND_PER_SECOND: integer('OUTBOUND_PER_SECOND', 80, 1, 1000),
  OUTBOUND_CUSTOMER_INTERVAL_MS: integer('OUTBOUND_CUSTOMER_INTERVAL_MS', 6000, 0, 600000),
  OUTBOUND_CONNECTIONS: integer('OUTBOUND_CONNECTIONS', 64, 1, 1024),
  API_KEYS: optional,
  API_RATE_LIMIT_PER_MINUTE: integer('API_RATE_LIMIT_PER_MINUTE', 120, 1, 100000),
  API_AUTH_FAILURES_PER_MINUTE: integer('API_AUTH_FAILURES_PER_MINUTE', 10, 1, 100000),
  METRICS_TOKEN: optional,
  HANDOVER_WEBHOOK_URL: z
    .url({
      protocol: /^https?$/,
      error: (issue) =>
        `HANDOVER_WEBHOOK_URL="${String(issue.input)}" must be an http or https URL such as https://contact-centre.example/hooks/whatsapp-handover`,
    })
    .optional(),
  HANDOVER_WEBHOOK_SECRET: optional,
  SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
  PHONE_HASH_KEY: optional,
  SIMULATOR: oneOf('SIMULATOR', ['on', 'off']).optional(),
  MICROSOFT_APP_ID: optional,
  MICROSOFT_APP_PASSWORD: optional,
  MICROSOFT_APP_TENANT_ID: optional,
  LOG_LEVEL: oneOf('LOG_LEVEL', LOG_LEVELS).default('info'),
});

/**
 * Reads a `.env` file (default: the one in the working directory) into `process.env`, as
 * `.env.example` tells the user to create it. A variable already set in the environment wins
 * over the file (Node's `process.loadEnvFile` never overrides one). Entry points call it once,
 * before {@link loadConfig}. Returns whether a file was read; no file is not an error.
 * @example loadEnvFile(); const config = loadConfig(process.env);
 */
export function loadEnvFile(file = '.env'): boolean {
  try {
    process.loadEnvFile(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw new ConfigError([
      `${file} cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`,
    ]);
  }
}

/**
 * Parses the environment. Throws {@link ConfigError} listing every problem at once.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const { values: e, problems } = parseEnvironment(env);
  const production = e.NODE_ENV === 'production';
  const secret = (name: string, value: string | undefined, devValue?: string) => {
    if (value) return value;
    if (production) problems.push(`${name} is required when NODE_ENV=production`);
    return devValue ?? '';
  };
  const appSecret = secret(
    'WHATSAPP_APP_SECRET',
    e.WHATSAPP_APP_SECRET,
    DEVELOPMENT_SECRETS.appSecret,
  );
  const verifyToken = secret(
    'WHATSAPP_VERIFY_TOKEN',
    e.WHATSAPP_VERIFY_TOKEN,
    DEVELOPMENT_SECRETS.verifyToken,
  );
  const accessToken = secret('WHATSAPP_ACCESS_TOKEN', e.WHATSAPP_ACCESS_TOKEN) || undefined;
  const identifierHashKey =
    e.PHONE_HASH_KEY ?? (production ? appSecret : DEVELOPMENT_SECRETS.identifierHashKey);
  const apiKeys = parseApiKeys(e.API_KEYS, problems);
  const botFramework = botFrameworkOf(e, production, problems);
  if (e.METRICS_TOKEN !== undefined && e.METRICS_TOKEN.length < 16) {
    problems.push('METRICS_TOKEN must be at least 16 characters (or left unset: /metrics open)');
  }
  const handoverWebhook = handoverWebhookOf(e, production, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    store: e.STORE,
    ...(e.MONGODB_URI ? { mongodbUri: e.MONGODB_URI } : {}),
    mongodbDb: e.MONGODB_DB,
    dataDir: resolveFromProjectRoot(e.DATA_DIR),
    embeddedMongo: Object.freeze({
      cacheSizeMb: e.EMBEDDED_MONGO_CACHE_MB,
      startTimeoutMs: e.EMBEDDED_MONGO_START_TIMEOUT_MS,
    }),
    flowsDir: e.FLOWS_DIR,
    defaultFlowId: e.FLOW,
    whatsapp: Object.freeze({
      appSecret,
      verifyToken,
      ...(accessToken ? { accessToken } : {}),
      ...(e.WHATSAPP_PHONE_NUMBER_ID ? { phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID } : {}),
      graphUrl: e.WHATSAPP_GRAPH_URL.replace(/\/+$/, ''),
      perNumberPerSecond: e.OUTBOUND_PER_SECOND,
      perCustomerIntervalMs: e.OUTBOUND_CUSTOMER_INTERVAL_MS,
      maxConnections: e.OUTBOUND_CONNECTIONS,
    }),
    apiKeys,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    apiAuthFailuresPerMinute: e.API_AUTH_FAILURES_PER_MINUTE,
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
    ...(handoverWebhook ? { handoverWebhook } : {}),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    identifierHashKey,
    simulatorEnabled: e.SIMULATOR ? e.SIMULATOR === 'on' : !production,
    botFramework,
    logLevel: e.LOG_LEVEL,
  });
}

/**
 * The hand-over webhook: a URL needs its signing secret (the contact centre must be able to
 * tell our calls from anyone's), of at least 16 characters; a secret without a URL is a
 * mistake too. In production the URL must be https: the payloads carry customers' messages.
 */
function handoverWebhookOf(
  e: z.output<typeof environmentSchema>,
  production: boolean,
  problems: string[],
): AppConfig['handoverWebhook'] {
  const url = e.HANDOVER_WEBHOOK_URL;
  const secret = e.HANDOVER_WEBHOOK_SECRET;
  if (url === undefined) {
    if (secret !== undefined) {
      problems.push(
        'HANDOVER_WEBHOOK_SECRET is set but HANDOVER_WEBHOOK_URL is not; set the URL the hand-over events go to, or remove the secret',
      );
    }
    return undefined;
  }
  if (secret === undefined || secret.length < 16) {
    problems.push(
      'HANDOVER_WEBHOOK_URL needs HANDOVER_WEBHOOK_SECRET, at least 16 characters: it signs every hand-over event (X-Signature-256)',
    );
    return undefined;
  }
  if (production && !url.startsWith('https:')) {
    problems.push(
      'HANDOVER_WEBHOOK_URL must be https when NODE_ENV=production: hand-over events carry customers’ messages',
    );
    return undefined;
  }
  return Object.freeze({ url, secret });
}

/**
 * Every key through the schema. An empty value (`DATA_DIR=`, as `.env.example` leaves many)
 * means unset, for every key alike, so its default applies. A key with an invalid value is
 * reported and then read as unset, so the checks that depend on the others (production
 * secrets, API_KEYS) still run and every problem comes out in one go.
 */
function parseEnvironment(env: Readonly<Record<string, string | undefined>>): {
  values: z.output<typeof environmentSchema>;
  problems: string[];
} {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = environmentSchema.safeParse(set);
  if (parsed.success) return { values: parsed.data, problems: [] };
  const invalid = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  const rest = Object.fromEntries(Object.entries(set).filter(([key]) => !invalid.has(key)));
  return {
    values: environmentSchema.parse(rest),
    // Every message names its key; any other one gets it in front.
    problems: parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      return i.message.startsWith(`${key}=`) ? i.message : `${key}: ${i.message}`;
    }),
  };
}

/**
 * Outside development the endpoint is off unless it can authenticate its callers: anyone could
 * otherwise write consent through it and make the server POST to a URL of their choosing.
 */
function botFrameworkOf(
  e: z.output<typeof environmentSchema>,
  production: boolean,
  problems: string[],
): BotFrameworkConfig {
  const appId = e.MICROSOFT_APP_ID;
  const appPassword = e.MICROSOFT_APP_PASSWORD;
  if (Boolean(appId) !== Boolean(appPassword)) {
    problems.push(
      `${appId ? 'MICROSOFT_APP_PASSWORD' : 'MICROSOFT_APP_ID'} is required with ${appId ? 'MICROSOFT_APP_ID' : 'MICROSOFT_APP_PASSWORD'}: set both (the Azure bot’s app id and its client secret), or neither`,
    );
  }
  if (e.MICROSOFT_APP_TENANT_ID && !appId) {
    problems.push(
      'MICROSOFT_APP_TENANT_ID is set without MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD',
    );
  }
  if (appId && appPassword) {
    return Object.freeze({
      mode: 'authenticated',
      appId,
      appPassword,
      ...(e.MICROSOFT_APP_TENANT_ID ? { tenantId: e.MICROSOFT_APP_TENANT_ID } : {}),
    });
  }
  return Object.freeze({ mode: production ? 'off' : 'anonymous' });
}

function parseApiKeys(
  raw: string | undefined,
  problems: string[],
): { role: ApiRole; key: string }[] {
  if (!raw) return [];
  const keys: { role: ApiRole; key: string }[] = [];
  const entryOf = new Map<string, { entry: number; role: ApiRole }>();
  raw.split(',').forEach((pair, index) => {
    const trimmed = pair.trim();
    const colon = trimmed.indexOf(':');
    const role = trimmed.slice(0, colon);
    const key = trimmed.slice(colon + 1);
    const first = entryOf.get(key);
    if (colon < 1 || !(API_ROLES as readonly string[]).includes(role)) {
      problems.push(
        `API_KEYS entry ${index + 1} must be role:key with role one of ${API_ROLES.join(', ')}`,
      );
    } else if (key.length < 16) {
      problems.push(
        `API_KEYS entry ${index + 1} (${role}): the key must be at least 16 characters`,
      );
    } else if (first) {
      // A key with two roles would get whichever the API finds first. The key itself is a
      // secret: name the entries and roles, never the key.
      problems.push(
        `API_KEYS entries ${first.entry} (${first.role}) and ${index + 1} (${role}) have the same key; give every entry its own key`,
      );
    } else {
      entryOf.set(key, { entry: index + 1, role: role as ApiRole });
      keys.push({ role: role as ApiRole, key });
    }
  });
  return keys;
}
