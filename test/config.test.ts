import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('configuration', () => {
  it('runs a development server with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3978,
      store: 'mongo',
      mongodbDb: 'optin',
      dataDir: '.data',
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

  it('treats an empty SIMULATOR like an unset one', () => {
    expect(loadConfig({ SIMULATOR: '' }).simulatorEnabled).toBe(true);
  });

  it('says which API_KEYS entry is wrong and why', () => {
    expect(() =>
      loadConfig({ API_KEYS: 'crm:0123456789abcdef,boss:0123456789abcdef,dpo:short' }),
    ).toThrowError(
      /entry 2 must be role:key with role one of dpo, crm, agent[\s\S]*entry 3 \(dpo\): the key must be at least 16 characters/,
    );
  });

  it('refuses a port that is not a port', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrowError(
      /PORT="eighty" must be a whole number from 0 to 65535/,
    );
  });
});
