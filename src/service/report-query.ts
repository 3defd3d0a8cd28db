/**
 * Reads a consent report request (`GET /v1/reports/consent?from&to&flow&groupBy&ask`, and the
 * same options of `npm run report`) into a funnel query, refusing anything unclear with one
 * message naming every wrong parameter and what is allowed.
 */
import { DAY } from '../core/clock.js';
import {
  FUNNEL_ASKS,
  FUNNEL_GROUP_FIELDS,
  type FunnelAsk,
  type FunnelGroupField,
  type FunnelQuery,
} from '../core/report/index.js';
import { ValidationError } from '../errors.js';

/** The period a report covers when `from` is not given: the 30 days before `to`. */
export const DEFAULT_REPORT_DAYS = 30;

/** The parameters as given (absent ones undefined). */
export interface ReportParams {
  readonly from?: string;
  readonly to?: string;
  readonly flow?: string;
  readonly groupBy?: string;
  readonly ask?: string;
}

const FLOW_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A day (`2026-05-01`, midnight UTC) or a time with its zone (`2026-05-01T09:00:00Z`). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The funnel query of these parameters: `to` defaults to now, `from` to 30 days before `to`,
 * `flow` to the default flow, `groupBy` to `version`, `ask` to `question`.
 * @example parseReportQuery({ groupBy: 'version,variant' }, { now: clock.now(), defaultFlowId: 'default' })
 */
export function parseReportQuery(
  params: ReportParams,
  context: { readonly now: number; readonly defaultFlowId: string },
): FunnelQuery {
  const problems: string[] = [];
  const time = (name: 'from' | 'to', value: string | undefined): number | undefined => {
    if (value === undefined || value === '') return undefined;
    const ms = DATE.test(value) || DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) {
      problems.push(
        `${name}: "${value}" is not a date; give a day (2026-05-01) or a time with its zone (2026-05-01T09:00:00Z)`,
      );
    }
    return ms;
  };
  const to = time('to', params.to) ?? context.now;
  const from = time('from', params.from) ?? to - DEFAULT_REPORT_DAYS * DAY;
  if (!Number.isNaN(from) && !Number.isNaN(to) && from >= to) {
    problems.push('from: must be before to');
  }

  const flowId =
    params.flow === undefined || params.flow === '' ? context.defaultFlowId : params.flow;
  if (!FLOW_ID.test(flowId)) {
    problems.push(`flow: "${flowId}" is not a flow id (lower-case letters, digits and dashes)`);
  }

  const groupBy: FunnelGroupField[] = [];
  for (const field of (params.groupBy ?? 'version').split(',').map((f) => f.trim())) {
    if (field === '') continue;
    if (!(FUNNEL_GROUP_FIELDS as readonly string[]).includes(field)) {
      problems.push(
        `groupBy: "${field}" is not one of ${FUNNEL_GROUP_FIELDS.join(', ')} (several may be given, separated by commas)`,
      );
    } else if (!groupBy.includes(field as FunnelGroupField)) {
      groupBy.push(field as FunnelGroupField);
    }
  }

  const ask = params.ask === undefined || params.ask === '' ? 'question' : params.ask;
  if (!(FUNNEL_ASKS as readonly string[]).includes(ask)) {
    problems.push(`ask: "${ask}" is not one of ${FUNNEL_ASKS.join(', ')}`);
  }

  if (problems.length > 0) {
    throw new ValidationError(
      'invalid_query',
      `The report query is invalid: ${problems.join('; ')}.`,
      {
        problems,
      },
    );
  }
  return { from, to, flowId, groupBy, ask: ask as FunnelAsk };
}
