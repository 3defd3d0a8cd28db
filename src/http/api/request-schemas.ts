import { z } from 'zod';
import { CONSENT_SOURCES } from '../../core/consent/events.js';

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

/** Proof gathered by the other channel: what the customer saw and did. */
const evidenceSchema = z
  .strictObject(
    {
      questionText: text('questionText', 2000).optional(),
      replyText: text('replyText', 2000).optional(),
      note: text('note', 2000).optional(),
      url: z
        .url({ error: 'url must be an absolute URL, e.g. https://example.com/signup' })
        .max(2000)
        .optional(),
      language: text('language', 16).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `has unknown field(s) ${issue.keys.join(', ')}; allowed: questionText, replyText, note, url, language`
          : 'evidence must be an object such as {"questionText": "…", "note": "…"}',
    },
  )
  .refine((e) => Object.values(e).some((v) => v !== undefined), {
    error:
      'evidence must say what the customer saw or did: give at least one of questionText, replyText, note, url',
  });

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
