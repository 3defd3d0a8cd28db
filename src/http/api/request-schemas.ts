import { z } from 'zod';
import { CONSENT_SOURCES } from '../../core/consent/events.js';
import type { ConsentEvidence, EvidenceValue } from '../../core/consent/events.js';

/**
 * Sources another system may record (PRODUCT.md's list): `whatsapp` and `emulator` belong to
 * the conversations themselves.
 */
export const API_CONSENT_SOURCES = CONSENT_SOURCES.filter(
  (s) => s !== 'whatsapp' && s !== 'emulator',
);

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .max(max, { error: `${field} must be at most ${max} characters` });

const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z',
});

/** How much of its own proof another channel may send: fields, and characters in each. */
export const EVIDENCE_LIMITS = { fields: 20, characters: 2000 } as const;

/** The evidence fields with a meaning of their own; any other field is kept as sent. */
const TYPED_EVIDENCE_FIELDS = [
  'questionText',
  'replyText',
  'note',
  'url',
  'language',
  'formId',
  'ip',
  'userAgent',
  'capturedAt',
] as const;

/**
 * Fields the bot itself records for WhatsApp conversations: another channel may not send them,
 * so that a history reader never mistakes a CRM's value for the bot's.
 */
const BOT_EVIDENCE_FIELDS = [
  'flowId',
  'flowVersion',
  'messageId',
  'keyword',
  'errorCode',
  'mergedContactId',
  'fields',
] as const;

/** A name a person would give a field: letters, digits, `_` and `-`, as stored and exported. */
const FIELD_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

const { characters } = EVIDENCE_LIMITS;

/** Another channel's own field: text, a number or true/false, kept verbatim. */
const evidenceValue = z.union(
  [
    z.string().max(characters, { error: `must be at most ${characters} characters long` }),
    z.number().refine(Number.isFinite, { error: 'must be a finite number' }),
    z.boolean(),
  ],
  {
    error: (issue) =>
      typeof issue.input === 'object' && issue.input !== null
        ? `is ${Array.isArray(issue.input) ? 'a list' : 'an object'}; evidence fields must be text, a number or true/false, not nested (flatten it into fields of their own, e.g. "address_city")`
        : 'must be text, a number or true/false',
  },
);

/**
 * Proof gathered by the other channel: what the customer saw and did. The documented fields are
 * checked; any other field (a double opt-in token, the checkbox text…) is kept as sent, within
 * {@link EVIDENCE_LIMITS}.
 */
const evidenceSchema = z
  .object(
    {
      questionText: text('questionText', characters).optional(),
      replyText: text('replyText', characters).optional(),
      note: text('note', characters).optional(),
      url: z
        .url({ error: 'url must be an absolute URL, e.g. https://example.com/signup' })
        .max(characters, { error: `url must be at most ${characters} characters long` })
        .optional(),
      language: text('language', 16).optional(),
      formId: text('formId', 200).optional(),
      ip: z
        .union([z.ipv4(), z.ipv6()], {
          error: 'ip must be an IPv4 or IPv6 address, e.g. 203.0.113.7',
        })
        .optional(),
      userAgent: text('userAgent', characters).optional(),
      capturedAt: z.iso
        .datetime({
          offset: true,
          error:
            'capturedAt must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:30:00Z',
        })
        .optional(),
    },
    { error: 'evidence must be an object such as {"questionText": "…", "formId": "…"}' },
  )
  .catchall(evidenceValue)
  .superRefine((evidence, ctx) => {
    const own = Object.keys(evidence).filter((key) => !isTypedField(key));
    for (const key of own) {
      if ((BOT_EVIDENCE_FIELDS as readonly string[]).includes(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message:
            'is recorded by the bot itself for WhatsApp conversations; send your value under another name',
        });
      } else if (!FIELD_NAME.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'is not a usable field name; use letters, digits, "_" and "-" (at most 64)',
        });
      }
    }
    if (own.length > EVIDENCE_LIMITS.fields) {
      ctx.addIssue({
        code: 'custom',
        message: `evidence has ${own.length} fields besides ${TYPED_EVIDENCE_FIELDS.join(', ')}; at most ${EVIDENCE_LIMITS.fields} are kept, so send only the proof that matters`,
      });
    }
    if (Object.values(evidence).every((value) => value === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'evidence must say what the customer saw or did: give at least one field, e.g. questionText, formId or note',
      });
    }
  });

function isTypedField(key: string): boolean {
  return (TYPED_EVIDENCE_FIELDS as readonly string[]).includes(key);
}

/** Evidence as the body gave it: typed fields, and every other field as sent. */
export type EvidenceBody = z.output<typeof evidenceSchema>;

/**
 * Splits the body's evidence into the ledger's shape: the documented fields as they are, every
 * other field under `fields` (so the ledger never confuses a CRM's field with one of its own).
 */
export function ledgerEvidence(evidence: EvidenceBody): ConsentEvidence {
  const typed: Record<string, unknown> = {};
  const fields: Record<string, EvidenceValue> = {};
  for (const [key, value] of Object.entries(evidence)) {
    if (value === undefined) continue;
    if (isTypedField(key)) typed[key] = value;
    else fields[key] = value;
  }
  return {
    ...(typed as ConsentEvidence),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}

/** More categories than any flow has: a longer list is a mistake, never proof to keep. */
const MAX_CATEGORIES = 100;

/** Body of `PUT /v1/contacts/{phone}/consent`. */
export const consentBodySchema = z.strictObject(
  {
    status: z.enum(['opted_in', 'opted_out'], {
      error: 'status must be "opted_in" or "opted_out"',
    }),
    categories: z
      .array(text('each category', 64), { error: 'categories must be an array of category ids' })
      .min(1, { error: 'categories must list at least one id, or be left out for all' })
      .max(MAX_CATEGORIES, { error: `categories must list at most ${MAX_CATEGORIES} ids` })
      .superRefine((ids, ctx) => {
        const twice = ids.find((id, i) => ids.indexOf(id) !== i);
        if (twice !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `categories lists "${twice}" more than once; give each id once`,
          });
        }
      })
      .optional(),
    source: z.enum(API_CONSENT_SOURCES, {
      error: (issue) =>
        issue.input === 'whatsapp' || issue.input === 'emulator'
          ? `source "${String(issue.input)}" is recorded by the conversation itself; use one of ` +
            API_CONSENT_SOURCES.join(', ')
          : `source must be one of ${API_CONSENT_SOURCES.join(', ')}`,
    }),
    evidence: evidenceSchema,
    occurredAt: isoTime.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown field(s) ${issue.keys.join(', ')}; allowed: status, categories, source, evidence, occurredAt`
        : 'the body must be a JSON object',
  },
);
export type ConsentBody = z.output<typeof consentBodySchema>;

const templateSchema = z.strictObject(
  {
    name: text('template.name', 512),
    language: text('template.language', 16),
    components: z
      .array(z.record(z.string(), z.unknown()), {
        error: 'template.components must be an array of objects, as the Cloud API expects',
      })
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown field(s) ${issue.keys.join(', ')}; allowed: name, language, components`
        : 'template must be an object {"name", "language", "components"?}',
  },
);

/** Body of `POST /v1/messages`: exactly one of `text` and `template`. */
export const messageBodySchema = z
  .strictObject(
    {
      to: z.string({ error: 'to must be a phone number in E.164 or a business-scoped user id' }),
      // WhatsApp's limit for a text message body.
      text: text('text', 4096).optional(),
      template: templateSchema.optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `has unknown field(s) ${issue.keys.join(', ')}; allowed: to, text, template`
          : 'the body must be a JSON object',
    },
  )
  .refine((b) => (b.text === undefined) !== (b.template === undefined), {
    error: 'give exactly one of text (free text, only inside the window) and template',
  });
export type MessageBody = z.output<typeof messageBodySchema>;
