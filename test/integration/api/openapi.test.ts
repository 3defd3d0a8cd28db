import restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApiRoutes } from '../../../src/http/api/index.js';
import { OPENAPI_DOCUMENT } from '../../../src/http/api/openapi-route.js';
import { startApiWorld } from './api-world.js';
import type { ApiWorld } from './api-world.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string; 'x-roles'?: string[] }>>;
}
const document = OPENAPI_DOCUMENT as OpenApiDocument;

/** `METHOD /path/{param}` for every operation of the document. */
function documentedOperations(): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/**
 * `METHOD /path/{param}` for every route registerApiRoutes adds to a bare server. A contact's
 * `:identifier` (a phone number or a user id) is `{phone}` in the document's URL templates.
 */
function registeredOperations(world: ApiWorld): string[] {
  const server = restify.createServer();
  registerApiRoutes(server, world.deps);
  const routes = (server.getDebugInfo() as { routes: { method: string; path: string }[] }).routes;
  return routes.map(
    (route) =>
      `${route.method.toUpperCase()} ${route.path
        .replace(/:identifier\b/g, '{phone}')
        .replace(/:(\w+)/g, '{$1}')}`,
  );
}

describe('OpenAPI document', () => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('is OpenAPI 3.1 and describes exactly the routes registerApiRoutes registers, both ways', () => {
    expect(document.openapi).toBe('3.1.0');
    const registered = registeredOperations(world);
    expect(registered.length).toBeGreaterThan(0);
    expect([...documentedOperations()].sort()).toEqual([...registered].sort());
  });

  it('names the roles of every /v1 operation', () => {
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(item)) {
        if (!HTTP_METHODS.includes(method)) continue;
        operations += 1;
        expect(operation['x-roles'], `${method} ${path}`).toEqual(expect.any(Array) as unknown);
      }
    }
    expect(operations).toBeGreaterThan(5);
  });

  it('is served at GET /openapi.json without a key', async () => {
    const response = await world.call('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(OPENAPI_DOCUMENT);
  });
});
