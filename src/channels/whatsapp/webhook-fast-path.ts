import type {
  WebhookChangeValue,
  WebhookContact,
  WebhookEnvelope,
  WebhookMessage,
  WebhookStatus,
  WebhookUserPreference,
} from './webhook-schema.js';

/**
 * A hand-written reading of the webhook shapes WhatsApp sends, for the hot path: the same
 * result as the zod schemas of `webhook-schema.ts` (unknown keys left out, timestamps in epoch
 * ms), at a fraction of the cost. It only ever accepts: anything it is not sure of (a wrong
 * type, a missing field, a `null`) answers `undefined`, and the caller then runs the zod schema,
 * which accepts it after all or says precisely what is wrong. So every bad input still gets
 * zod's error, and `test/channels/whatsapp/webhook-fast-path.test.ts` checks on generated
 * payloads that whatever this accepts, zod accepts with the same result.
 */

type Json = Record<string, unknown>;

/** A stand-in for "not sure": thrown inside, answered as `undefined` outside. */
const UNSURE = Symbol('unsure');

function unsure(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a private marker, caught below
  throw UNSURE;
}

/** Runs `read` on `value`, answering `undefined` instead of the "not sure" marker. */
function attempt<T>(read: (value: unknown) => T, value: unknown): T | undefined {
  try {
    return read(value);
  } catch (error) {
    if (error === UNSURE) return undefined;
    throw error;
  }
}

function object(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) unsure();
  return value as Json;
}

function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) unsure();
  return value;
}

function string(value: unknown): string {
  if (typeof value !== 'string') unsure();
  return value;
}

function nonEmpty(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) unsure();
  return value;
}

/** Unix seconds, a digit string or a non-negative integer, as epoch ms (`unixSecondsSchema`). */
function unixSeconds(value: unknown): number {
  if (typeof value === 'string') {
    const { length } = value;
    if (length === 0 || length > 12) unsure();
    for (let i = 0; i < length; i += 1) {
      const digit = value.charCodeAt(i);
      if (digit < 48 || digit > 57) unsure();
    }
    return Number(value) * 1000;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) unsure();
  if (value < 0 || value > 999_999_999_999) unsure();
  return value * 1000;
}

/** Sets `target[key]` to `read(source[key])` when the key is there (zod's `.optional()`). */
function optional<T>(target: Json, source: Json, key: string, read: (value: unknown) => T): void {
  const value = source[key];
  if (value !== undefined) target[key] = read(value);
}

/** Each item of an array read by `read`. */
function each<T>(value: unknown, read: (item: unknown) => T): T[] {
  const items = array(value);
  const result = new Array<T>(items.length);
  for (let i = 0; i < items.length; i += 1) result[i] = read(items[i]);
  return result;
}

/** The envelope (`webhookEnvelopeSchema`), or `undefined` when zod must decide. */
export function readEnvelopeFast(body: unknown): WebhookEnvelope | undefined {
  return attempt(envelope, body);
}

/** A change's `value` (`changeValueSchema`), or `undefined` when zod must decide. */
export function readChangeValueFast(value: unknown): WebhookChangeValue | undefined {
  return attempt(changeValue, value);
}

function envelope(body: unknown): WebhookEnvelope {
  const source = object(body);
  if (source['object'] !== 'whatsapp_business_account') unsure();
  return { object: 'whatsapp_business_account', entry: each(source['entry'], entry) };
}

function entry(value: unknown): WebhookEnvelope['entry'][number] {
  const source = object(value);
  const read: Json = {};
  optional(read, source, 'id', string);
  read['changes'] = each(source['changes'], change);
  return read as WebhookEnvelope['entry'][number];
}

function change(value: unknown): { field: string; value: unknown } {
  const source = object(value);
  // zod wants the key there, whatever it holds.
  if (source['value'] === undefined) unsure();
  return { field: nonEmpty(source['field']), value: source['value'] };
}

function changeValue(value: unknown): WebhookChangeValue {
  const source = object(value);
  const metadata = object(source['metadata']);
  const read: Json = { metadata: { phone_number_id: nonEmpty(metadata['phone_number_id']) } };
  optional(read, source, 'contacts', contacts);
  optional(read, source, 'messages', messages);
  optional(read, source, 'statuses', statuses);
  optional(read, source, 'user_preferences', preferences);
  return read as WebhookChangeValue;
}

function contacts(value: unknown): WebhookContact[] {
  return each(value, contact);
}

function messages(value: unknown): WebhookMessage[] {
  return each(value, message);
}

function statuses(value: unknown): WebhookStatus[] {
  return each(value, status);
}

function preferences(value: unknown): WebhookUserPreference[] {
  return each(value, preference);
}

function contact(value: unknown): WebhookContact {
  const source = object(value);
  const read: Json = {};
  optional(read, source, 'wa_id', nonEmpty);
  optional(read, source, 'user_id', nonEmpty);
  optional(read, source, 'profile', profile);
  return read;
}

function profile(value: unknown): Json {
  const source = object(value);
  const read: Json = {};
  optional(read, source, 'name', string);
  return read;
}

function message(value: unknown): WebhookMessage {
  const source = object(value);
  const type = nonEmpty(source['type']);
  const read: Json = {
    id: nonEmpty(source['id']),
    timestamp: unixSeconds(source['timestamp']),
    type,
  };
  optional(read, source, 'from', nonEmpty);
  optional(read, source, 'from_user_id', nonEmpty);
  optional(read, source, 'group_id', string);
  optional(read, source, 'context', context);
  optional(read, source, 'text', text);
  optional(read, source, 'interactive', interactive);
  optional(read, source, 'button', button);
  // The part named by `type` must be there (the schema's refinement says which is missing).
  if (type === 'text' && !read['text']) unsure();
  if (type === 'interactive' && !read['interactive']) unsure();
  if (type === 'button' && !read['button']) unsure();
  return read as unknown as WebhookMessage;
}

function context(value: unknown): Json {
  const source = object(value);
  const read: Json = {};
  optional(read, source, 'id', string);
  return read;
}

function text(value: unknown): { body: string } {
  return { body: string(object(value)['body']) };
}

function button(value: unknown): Json {
  const source = object(value);
  const read: Json = {};
  optional(read, source, 'payload', string);
  read['text'] = string(source['text']);
  return read;
}

function interactive(value: unknown): Json {
  const source = object(value);
  const type = nonEmpty(source['type']);
  const read: Json = { type };
  optional(read, source, 'button_reply', reply);
  optional(read, source, 'list_reply', reply);
  if (type === 'button_reply' && !read['button_reply']) unsure();
  if (type === 'list_reply' && !read['list_reply']) unsure();
  return read;
}

function reply(value: unknown): { id: string; title: string } {
  const source = object(value);
  return { id: string(source['id']), title: string(source['title']) };
}

function status(value: unknown): WebhookStatus {
  const source = object(value);
  const read: Json = {
    id: nonEmpty(source['id']),
    status: nonEmpty(source['status']),
    timestamp: unixSeconds(source['timestamp']),
  };
  optional(read, source, 'recipient_id', nonEmpty);
  optional(read, source, 'recipient_user_id', nonEmpty);
  optional(read, source, 'recipient_type', string);
  optional(read, source, 'errors', statusErrors);
  return read as unknown as WebhookStatus;
}

function statusErrors(value: unknown): { code: number; title: string }[] {
  return each(value, statusError);
}

function statusError(value: unknown): { code: number; title: string } {
  const source = object(value);
  const code = source['code'];
  if (typeof code !== 'number' || !Number.isSafeInteger(code)) unsure();
  return { code, title: string(source['title']) };
}

function preference(value: unknown): WebhookUserPreference {
  const source = object(value);
  const read: Json = {};
  optional(read, source, 'wa_id', nonEmpty);
  optional(read, source, 'user_id', nonEmpty);
  read['category'] = nonEmpty(source['category']);
  read['value'] = nonEmpty(source['value']);
  read['timestamp'] = unixSeconds(source['timestamp']);
  return read as unknown as WebhookUserPreference;
}
