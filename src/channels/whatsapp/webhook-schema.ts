import { z } from 'zod';

/**
 * Zod schemas for the parts of a WhatsApp Cloud API webhook that the bot reads.
 *
 * Lenient on fields WhatsApp adds over time (unknown keys are stripped, not refused) and strict
 * on the fields we use: a wrong type there is refused with the path that is wrong.
 * Timestamps come as Unix seconds (a string in `messages`/`statuses`, a number in
 * `user_preferences`) and are turned into epoch milliseconds here.
 */

/** Unix seconds as a digit string or an integer, converted to epoch milliseconds. */
const unixSecondsSchema = z
  .union([
    z.string().regex(/^\d{1,12}$/, 'expected Unix seconds as a string of digits'),
    z.number().int().nonnegative().max(999_999_999_999),
  ])
  .transform((seconds) => Number(seconds) * 1000);

const nonEmpty = z.string().min(1);

const contactSchema = z.object({
  wa_id: nonEmpty.optional(),
  user_id: nonEmpty.optional(),
  profile: z.object({ name: z.string().optional() }).optional(),
});

const interactiveSchema = z
  .object({
    type: nonEmpty,
    button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
  })
  .superRefine((interactive, ctx) => {
    // The reply object named by `type` is the one we read; it must be there.
    if (interactive.type === 'button_reply' && !interactive.button_reply) {
      ctx.addIssue({ code: 'custom', path: ['button_reply'], message: 'is missing' });
    }
    if (interactive.type === 'list_reply' && !interactive.list_reply) {
      ctx.addIssue({ code: 'custom', path: ['list_reply'], message: 'is missing' });
    }
  });

const messageSchema = z
  .object({
    id: nonEmpty,
    timestamp: unixSecondsSchema,
    type: nonEmpty,
    from: nonEmpty.optional(),
    from_user_id: nonEmpty.optional(),
    group_id: z.string().optional(),
    // The business message this one replies to: for a tapped button, the message it was under.
    context: z.object({ id: z.string().optional() }).optional(),
    text: z.object({ body: z.string() }).optional(),
    interactive: interactiveSchema.optional(),
    button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
  })
  .superRefine((message, ctx) => {
    if (message.type === 'text' && !message.text) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'is missing for a text message' });
    }
    if (message.type === 'interactive' && !message.interactive) {
      ctx.addIssue({
        code: 'custom',
        path: ['interactive'],
        message: 'is missing for an interactive message',
      });
    }
    if (message.type === 'button' && !message.button) {
      ctx.addIssue({
        code: 'custom',
        path: ['button'],
        message: 'is missing for a button message',
      });
    }
  });

const statusErrorSchema = z.object({ code: z.number().int(), title: z.string() });

const statusSchema = z.object({
  id: nonEmpty,
  // Kept open: WhatsApp also reports e.g. `played` for voice messages; we record only four.
  status: nonEmpty,
  timestamp: unixSecondsSchema,
  recipient_id: nonEmpty.optional(),
  recipient_user_id: nonEmpty.optional(),
  recipient_type: z.string().optional(),
  errors: z.array(statusErrorSchema).optional(),
});

const userPreferenceSchema = z.object({
  wa_id: nonEmpty.optional(),
  user_id: nonEmpty.optional(),
  category: nonEmpty,
  value: nonEmpty,
  timestamp: unixSecondsSchema,
});

/** The `value` of a change whose `field` is `messages` or `user_preferences`. */
export const changeValueSchema = z.object({
  metadata: z.object({ phone_number_id: nonEmpty }),
  contacts: z.array(contactSchema).optional(),
  messages: z.array(messageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
  user_preferences: z.array(userPreferenceSchema).optional(),
});

/** The envelope: changes of other fields (templates, account updates…) are not read. */
export const webhookEnvelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(z.object({ field: nonEmpty, value: z.unknown() })),
    }),
  ),
});

export type WebhookContact = z.infer<typeof contactSchema>;
export type WebhookMessage = z.infer<typeof messageSchema>;
export type WebhookStatus = z.infer<typeof statusSchema>;
export type WebhookUserPreference = z.infer<typeof userPreferenceSchema>;
export type WebhookChangeValue = z.infer<typeof changeValueSchema>;
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;
