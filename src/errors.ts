/**
 * The error family. Every error a person may read has a stable `code`, says what went wrong,
 * where, and what to do. Boundaries (HTTP handler, bot `onTurnError`, CLI scripts) map them.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.context = Object.freeze({ ...context });
  }
}

/** The environment is invalid; the server must not start. One line per problem. */
export class ConfigError extends AppError {
  readonly code = 'invalid_configuration';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { problems });
  }
}

/** One problem in a flow file, with its position when known. */
export interface FlowIssue {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Path inside the document, e.g. `categories[2].label.es`. */
  readonly path: string;
  readonly message: string;
  /** How to fix it, in words for a business editor. */
  readonly hint?: string;
  /** `warning`: worth fixing, but the flow is loaded. Absent: an error; the flow is refused. */
  readonly severity?: 'warning';
}

/** Formats an issue as `file:line:col  path: message  (hint)`, a warning as `… warning: path: …`. */
export function formatFlowIssue(issue: FlowIssue): string {
  const where = [issue.file, issue.line, issue.column].filter((p) => p !== undefined).join(':');
  const what = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  const kind = issue.severity === 'warning' ? 'warning: ' : '';
  return `${where}  ${kind}${what}${issue.hint ? `  (${issue.hint})` : ''}`;
}

/**
 * Issues in reading order: by file (in the order the files were given), then line, then column;
 * a problem of the whole file (no line) first.
 */
export function sortFlowIssues(
  issues: readonly FlowIssue[],
  files: readonly string[],
): FlowIssue[] {
  const rank = (file: string) => {
    const index = files.indexOf(file);
    return index === -1 ? files.length : index;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        rank(a.issue.file) - rank(b.issue.file) ||
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}

/** A flow file failed the schema or the compliance check; it is never loaded. */
export class FlowDefinitionError extends AppError {
  readonly code = 'invalid_flow';
  constructor(readonly issues: readonly FlowIssue[]) {
    super(issues.map(formatFlowIssue).join('\n'), { count: issues.length });
  }
}

/** Input from a caller (API body, phone number, webhook) is invalid; nothing was changed. */
export class ValidationError extends AppError {
  constructor(
    readonly code: string,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}

/** Something asked for does not exist. */
export class NotFoundError extends AppError {
  constructor(
    readonly code: string,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}

/**
 * Why a write was refused with {@link ConflictError}; callers switch on it:
 * - `stale_version`: another write changed the contact since it was read: reload, run again;
 * - `duplicate_message`: the message was already applied to the contact: drop it;
 * - `identifier_taken`: the phone or user id (`context.field`) already names another contact;
 * - `contact_merging`: the contact is being merged with another of the same person: find it
 *   again (which finishes the merge), run again;
 * - `merged_away`: the contact was merged into another: find it again, run again;
 * - `contended`: the contact kept changing through every try (finding, merging, erasing it):
 *   the caller tries the whole operation again later;
 * - `clock_fixed`: the simulator was asked to move a clock that is the real one.
 */
export type ConflictReason =
  | 'stale_version'
  | 'duplicate_message'
  | 'identifier_taken'
  | 'contact_merging'
  | 'merged_away'
  | 'contended'
  | 'clock_fixed';

/**
 * The state of what a write is about does not allow it now, most often because a concurrent
 * write won (optimistic concurrency): `reason` says which case, and so what the caller does.
 * Every reason answers HTTP 409 with code `conflict`.
 */
export class ConflictError extends AppError {
  readonly code = 'conflict';
  constructor(
    readonly reason: ConflictReason,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}

/** The store cannot be reached; webhooks answer 503 so WhatsApp retries. */
export class StoreUnavailableError extends AppError {
  readonly code = 'store_unavailable';
}

/**
 * The server lacks a setting this request needs (e.g. WHATSAPP_PHONE_NUMBER_ID): nothing the
 * caller can change; the message names the variable to set (HTTP 503).
 */
export class NotConfiguredError extends AppError {
  readonly code = 'not_configured';
}

/** The WhatsApp Cloud API refused or failed a call. */
export class ChannelError extends AppError {
  readonly code = 'channel_error';
  /** How long the API asked us to wait before trying again (`Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    readonly status: number | undefined,
    /** WhatsApp error code (e.g. 131047), when the API gave one. */
    readonly whatsappCode: number | undefined,
    /** Whether the same call may pass later (429, 5xx, network, timeout, pacing errors). */
    readonly retryable: boolean,
    options?: ErrorOptions & { readonly retryAfterMs?: number },
  ) {
    super(message, { status, whatsappCode, retryable }, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** The caller is not authenticated (no or unknown API key). */
export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
}

/** The caller's role may not do this. */
export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
}

/** A send was refused by the send policy; carries the flow's fallback channels. */
export class SendRefusedError extends AppError {
  constructor(
    readonly code: 'outside_window' | 'not_opted_in' | 'opted_out',
    message: string,
    readonly fallback: readonly string[],
  ) {
    super(message, { fallback });
  }
}

/** Too many requests for this API key; `retryAfterSeconds` tells when to come back. */
export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}
