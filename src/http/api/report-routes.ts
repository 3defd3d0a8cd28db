import type { RequestHandler, Server } from 'restify';
import { buildConsentReport } from '../../core/report/index.js';
import { parseReportQuery } from '../../service/report-query.js';
import type { ServerDeps } from '../server-deps.js';
import type { ApiGuard } from './api-guard.js';

/**
 * `GET /v1/reports/consent` (roles `crm`, `dpo`): the consent funnel per flow version, language,
 * question variant or day, from the ledger, with each opt-in rate's 95 % interval and the
 * comparison of the variants (`core/report/`). Query: `from`, `to`, `flow`, `groupBy`, `ask`.
 */
export function registerReportRoutes(server: Server, deps: ServerDeps, guard: ApiGuard): void {
  const getConsentReport: RequestHandler = async (req, res) => {
    const query = parseReportQuery(searchParams(req.url), {
      now: deps.clock.now(),
      defaultFlowId: deps.flows.defaultFlow().definition.id,
    });
    const counts = await deps.store.consentFunnel(query);
    res.send(200, buildConsentReport(counts, query.groupBy));
  };
  server.get(
    { path: '/v1/reports/consent', name: 'getConsentReport' },
    ...guard(['crm', 'dpo']),
    getConsentReport,
  );
}

/** The query string's parameters: the last value of each. */
function searchParams(url: string | undefined) {
  const params = new URL(url ?? '/', 'http://localhost').searchParams;
  const get = (name: string) => params.get(name) ?? undefined;
  return {
    from: get('from'),
    to: get('to'),
    flow: get('flow'),
    groupBy: get('groupBy'),
    ask: get('ask'),
  };
}
