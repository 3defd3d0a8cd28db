import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readChangeValueFast,
  readEnvelopeFast,
} from '../../../src/channels/whatsapp/webhook-fast-path.js';
import {
  changeValueSchema,
  webhookEnvelopeSchema,
} from '../../../src/channels/whatsapp/webhook-schema.js';
import {
  batchPayload,
  buttonReplyPayload,
  listReplyPayload,
  messagePayload,
  quickReplyPayload,
  statusPayload,
  textMessagePayload,
  userPreferencesPayload,
} from '../../support/whatsapp-payloads.js';

type Json = unknown;

const phone = fc.stringMatching(/^\+[1-9]\d{7,14}$/);
const userId = fc.option(fc.stringMatching(/^[A-Z]{2}\.\d{10,20}$/), { nil: undefined });
const wamid = fc.stringMatching(/^wamid\.[A-Za-z0-9=_-]{1,40}$/);
const text = fc.string({ unit: 'grapheme', maxLength: 80 });
const timestamp = fc.integer({ min: 0, max: 4_102_444_800 });
const sender = fc.record({ from: phone, userId, id: wamid, timestamp });

/** One change as WhatsApp sends it: every kind of item the bot reads. */
const onePayload: fc.Arbitrary<Json> = fc.oneof(
  fc.tuple(sender, text).map(([s, t]) => textMessagePayload({ ...s, text: t })),
  fc
    .tuple(sender, text, text, fc.option(wamid, { nil: undefined }))
    .map(([s, id, title, contextId]) =>
      buttonReplyPayload({ ...s, buttonId: id, title, ...(contextId ? { contextId } : {}) }),
    ),
  fc
    .tuple(sender, text, text, text)
    .map(([s, rowId, title, description]) => listReplyPayload({ ...s, rowId, title, description })),
  fc
    .tuple(sender, text, text)
    .map(([s, payload, t]) => quickReplyPayload({ ...s, payload, text: t })),
  fc
    .tuple(sender, fc.constantFrom('image', 'sticker', 'location', 'reaction'))
    .map(([s, type]) => messagePayload({ ...s, message: { type, [type]: { id: 'MEDIA' } } })),
  fc
    .record({
      id: wamid,
      status: fc.constantFrom('sent', 'delivered', 'read', 'failed', 'played'),
      recipient: phone,
      timestamp,
      errors: fc.array(fc.record({ code: fc.integer({ min: 100, max: 200_000 }), title: text }), {
        maxLength: 2,
      }),
    })
    .map((s) => statusPayload(s)),
  fc
    .record({ value: fc.constantFrom('stop', 'resume'), waId: phone, timestamp })
    .map((p) => userPreferencesPayload(p)),
);

/** A batch: one or more changes as one webhook. */
const realPayload: fc.Arbitrary<Json> = fc
  .array(onePayload, { minLength: 1, maxLength: 3 })
  .map((payloads) =>
    payloads.length === 1 ? payloads[0] : batchPayload(...(payloads as never[])),
  );

type Path = (string | number)[];

/** Every place in a JSON value (objects' keys, arrays' items), the value itself first. */
function pathsOf(value: Json, at: Path = []): Path[] {
  const paths: Path[] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...at, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...at, key]));
  }
  return paths;
}

type Mutation =
  | { readonly kind: 'replace'; readonly with: Json }
  | { readonly kind: 'delete' }
  | { readonly kind: 'add'; readonly key: string; readonly with: Json };

/** A copy of `value` with one place changed: replaced, deleted or given an extra key. */
function mutate(value: Json, path: Path, mutation: Mutation): Json {
  const copy = structuredClone<Json>(value);
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.with : copy;
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  let parent = copy as Record<string | number, Json>;
  for (const step of parentPath) parent = parent[step] as Record<string | number, Json>;
  if (mutation.kind === 'replace') parent[last] = mutation.with;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
      (target as Record<string, Json>)[mutation.key] = mutation.with;
    }
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    with: fc.oneof(
      fc.constantFrom(null, '', '0', 'x', -1, 0, 1.5, 1e15, true, [], {}),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.constantFrom('extra', 'type', 'text', 'id', 'timestamp', '__proto__', 'errors'),
    with: fc.jsonValue({ maxDepth: 1 }),
  }),
);

/** A real payload with one place broken or changed, anywhere in it. */
const mutatedPayload: fc.Arbitrary<Json> = fc
  .tuple(realPayload, fc.nat(), mutation)
  .map(([payload, pick, change]) => {
    const paths = pathsOf(payload);
    return mutate(payload, paths[pick % paths.length]!, change);
  });

/**
 * Whatever the fast path accepts, zod accepts with the same result, at both levels: the
 * envelope and each change's value. Returns how many of the two levels the fast path accepted.
 */
function agreesWithZod(body: Json): { envelope: boolean; values: boolean[] } {
  const fastEnvelope = readEnvelopeFast(body);
  const zodEnvelope = webhookEnvelopeSchema.safeParse(body);
  if (fastEnvelope) {
    expect(zodEnvelope.success).toBe(true);
    expect(fastEnvelope).toStrictEqual(zodEnvelope.data);
  }
  const values: boolean[] = [];
  if (zodEnvelope.success) {
    for (const entry of zodEnvelope.data.entry) {
      for (const change of entry.changes) {
        const fast = readChangeValueFast(change.value);
        if (fast) {
          const zod = changeValueSchema.safeParse(change.value);
          expect(zod.success).toBe(true);
          expect(fast).toStrictEqual(zod.data);
        }
        values.push(fast !== undefined);
      }
    }
  }
  return { envelope: fastEnvelope !== undefined, values };
}

describe('the webhook fast path', () => {
  it('reads every shape WhatsApp sends itself, exactly as the zod schemas do', () => {
    fc.assert(
      fc.property(realPayload, (body) => {
        const { envelope, values } = agreesWithZod(body);
        // Taken, not skipped: a payload as WhatsApp sends it never needs zod.
        expect(envelope).toBe(true);
        expect(values.every(Boolean)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a payload changed anywhere only as zod does, and leaves the rest to zod', () => {
    let declined = 0;
    fc.assert(
      fc.property(mutatedPayload, (body) => {
        const { envelope, values } = agreesWithZod(body);
        if (!envelope || values.some((taken) => !taken)) declined += 1;
      }),
      { numRuns: 2_000 },
    );
    // The mutations do reach the cases it must leave to zod.
    expect(declined).toBeGreaterThan(100);
  });

  it('agrees with zod on any JSON at all', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        agreesWithZod(body);
        agreesWithZod({ object: 'whatsapp_business_account', entry: [{ changes: [body] }] });
        agreesWithZod({
          object: 'whatsapp_business_account',
          entry: [{ changes: [{ field: 'messages', value: body }] }],
        });
      }),
      { numRuns: 500 },
    );
  });

  it('leaves to zod what it is not sure of: wrong types, missing parts, null', () => {
    const value = (message: Json) => ({
      metadata: { phone_number_id: '1' },
      messages: [message],
    });
    const base = { id: 'wamid.A', timestamp: '1767261600', from: '14155550101' };
    expect(readChangeValueFast(value({ ...base, type: 'text', text: { body: 'hi' } }))).toEqual(
      value({ ...base, timestamp: 1_767_261_600_000, type: 'text', text: { body: 'hi' } }),
    );
    for (const bad of [
      { ...base, type: 'text' },
      { ...base, type: 'text', text: null },
      { ...base, type: 'interactive', interactive: { type: 'button_reply' } },
      { ...base, type: 'text', text: { body: 'hi' }, timestamp: '1767261600000' },
      { ...base, type: 'text', text: { body: 'hi' }, timestamp: -1 },
      { ...base, type: 'text', text: { body: 'hi' }, from: '' },
      { ...base, type: '', text: { body: 'hi' } },
    ]) {
      expect(readChangeValueFast(value(bad))).toBeUndefined();
    }
    expect(readEnvelopeFast({ object: 'page', entry: [] })).toBeUndefined();
    expect(readEnvelopeFast(null)).toBeUndefined();
  });
});
