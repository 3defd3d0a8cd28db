import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { describeIssues, plainWords } from '../../zod-issues.js';

/** An activity as the endpoint accepts it: the fields the bot and the adapter rely on, checked. */
export type BotFrameworkActivity = Activity;

/** Hosts that are this machine: where the Emulator listens for the bot's replies. */
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

const id = (max: number) => z.string().trim().min(1).max(max);

const activitySchema = z.looseObject({
  type: id(64),
  id: z.string().max(256).optional(),
  // `whatsapp` activities come from the WhatsApp adapter in process, never over this endpoint.
  channelId: id(64).refine((channel) => channel.toLowerCase() !== 'whatsapp', {
    message: 'must not be "whatsapp": WhatsApp messages come only through the signed webhook',
  }),
  serviceUrl: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  from: z.looseObject({ id: id(128) }),
  conversation: z.looseObject({ id: id(256) }),
  recipient: z.looseObject({ id: z.string().max(256) }).optional(),
  text: z.string().max(4096).optional(),
});

/**
 * The request body as a Bot Framework activity: a JSON object with `type`, `channelId`,
 * `serviceUrl`, `from.id` and `conversation.id`. With `loopbackOnly` (the anonymous endpoint of
 * development), the serviceUrl, where the bot's replies are POSTed, must be on this machine.
 * @throws {ValidationError} `invalid_activity` (400) naming every field that is wrong.
 */
export function readActivity(
  body: unknown,
  { loopbackOnly }: { readonly loopbackOnly: boolean },
): BotFrameworkActivity {
  const parsed = activitySchema.safeParse(body, { error: plainWords });
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues, { subject: 'the activity' });
    throw invalidActivity(
      `The body is not a Bot Framework activity: ${problems.join('; ')}. Use the Bot Framework Emulator, or send an activity with type, channelId, serviceUrl, from.id and conversation.id.`,
    );
  }
  if (loopbackOnly && !isLoopback(parsed.data.serviceUrl)) {
    throw invalidActivity(
      'Without Bot Framework credentials this endpoint answers only the Bot Framework Emulator on this machine: serviceUrl must be http://localhost or 127.0.0.1. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to connect Azure Bot Service.',
    );
  }
  return parsed.data as unknown as BotFrameworkActivity;
}

function isLoopback(serviceUrl: string): boolean {
  const host = new URL(serviceUrl).hostname;
  return LOOPBACK_HOSTS.has(host) || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function invalidActivity(message: string): ValidationError {
  return new ValidationError('invalid_activity', message);
}
