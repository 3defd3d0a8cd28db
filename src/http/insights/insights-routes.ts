import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import { buildConsentReport } from '../../core/report/index.js';
import type { FunnelQuery } from '../../core/report/index.js';
import { NotFoundError } from '../../errors.js';
import { parseReportQuery } from '../../service/report-query.js';
import type { ApiGuard } from '../api/api-guard.js';
import type { ServerDeps } from '../server-deps.js';
import { funnelChart, ratesChart } from './render-charts.js';

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const ASSETS: Readonly<Record<string, string>> = {
  'insights.html': 'text/html; charset=utf-8',
  'insights.css': 'text/css; charset=utf-8',
  'insights.js': 'text/javascript; charset=utf-8',
};

// The page runs its own script only; the charts are SVG drawn by this server.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
};

/**
 * `GET /insights`: the consent funnel per flow version and question variant, as charts, for
 * business teams. The page is always served; its data (`GET /insights/api/report`) follows the
 * simulator's rule: open while the simulator is on (development), otherwise it needs an API key
 * of role `crm` or `dpo`, which the page asks for.
 * @example registerInsightsRoutes(server, deps, guard);
 */
export function registerInsightsRoutes(server: Server, deps: ServerDeps, guard: ApiGuard): void {
  const files = new Map(
    Object.entries(ASSETS).map(([name, type]) => [
      name,
      { body: readFileSync(join(ASSETS_DIR, name)), type },
    ]),
  );
  const send = (res: Response, name: string) => {
    const file = files.get(name)!;
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': file.body.length,
      'cache-control': 'no-cache',
      ...(name.endsWith('.html') ? PAGE_HEADERS : {}),
    });
    res.end(file.body);
  };

  server.get('/insights', (_req: Request, res: Response, next: Next) => {
    send(res, 'insights.html');
    next();
  });
  server.get('/insights/assets/:file', (req: Request, res: Response, next: Next) => {
    const given: unknown = (req.params as Record<string, unknown> | undefined)?.['file'];
    const name = typeof given === 'string' ? given : '';
    if (!files.has(name) || name.endsWith('.html')) {
      next(new NotFoundError('not_found', `The insights page has no file "${name}".`));
      return;
    }
    send(res, name);
    next();
  });

  const report: RequestHandler = async (req, res) => {
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const get = (name: string) => params.get(name) ?? undefined;
    const defaultFlowId = deps.flows.defaultFlow().definition.id;
    const base = parseReportQuery(
      { from: get('from'), to: get('to'), flow: get('flow'), groupBy: 'version,variant' },
      { now: deps.clock.now(), defaultFlowId },
    );
    const section = async (query: FunnelQuery, title: string) => {
      const built = buildConsentReport(await deps.store.consentFunnel(query), query.groupBy);
      return {
        report: built,
        funnel: funnelChart(built, `${title}: customers asked, by what they answered last`),
        rates: ratesChart(built, `${title}: opt-in rate, with its 95 % interval`),
      };
    };
    res.send(200, {
      flow: base.flowId,
      flows: deps.flows.list().map((f) => f.definition.id),
      from: new Date(base.from).toISOString(),
      to: new Date(base.to).toISOString(),
      question: await section(base, 'The opt-in question'),
      newCategories: await section(
        { ...base, groupBy: ['version'], ask: 'new_category' },
        'New categories',
      ),
    });
  };
  const access = deps.config.simulatorEnabled ? [] : guard(['crm', 'dpo']);
  server.get({ path: '/insights/api/report', name: 'getInsightsReport' }, ...access, report);
}
