import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWebhook } from '../../../src/channels/whatsapp/index.js';
import { ValidationError } from '../../../src/errors.js';
import {
  BASE_TIMESTAMP,
  BUSINESS_NUMBER_ID,
  CUSTOMER_PHONE,
  CUSTOMER_USER_ID,
  batchPayload,
  buttonReplyPayload,
  listReplyPayload,
  messagePayload,
  quickReplyPayload,
  statusPayload,
  textMessagePayload,
  userPreferencesPayload,
  webhookEnvelope,
} from '../../support/whatsapp-payloads.js';

const AT = BASE_TIMESTAMP * 1000;

function parseError(body: unknown): ValidationError {
  try {
    parseWebhook(body);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected parseWebhook to throw');
}

/** True when `run` returns or throws a ValidationError; false for any other exception. */
function onlyValidationErrors(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    return error instanceof ValidationError;
  }
}

describe('parseWebhook', () => {
  describe('messages', () => {
    it('reads a text message with its contact, profile name, time and business number', () => {
      const body = textMessagePayload({ text: 'Does it come in blue?', id: 'wamid.A1' });

      expect(parseWebhook(body)).toEqual({
        messages: [
          {
            messageId: 'wamid.A1',
            contact: { phone: CUSTOMER_PHONE },
            profileName: 'Sheena Nelson',
            timestamp: AT,
            businessNumberId: BUSINESS_NUMBER_ID,
            content: { kind: 'text', text: 'Does it come in blue?' },
          },
        ],
        statuses: [],
        preferences: [],
        rejected: [],
      });
    });

    it('reads a reply button tap as a choice', () => {
      const body = buttonReplyPayload({ buttonId: 'optin.yes', title: 'Yes, please' });
      expect(parseWebhook(body).messages[0]?.content).toEqual({
        kind: 'choice',
        id: 'optin.yes',
        title: 'Yes, please',
      });
    });

    it('keeps the id of the message a tapped button was under (context.id) as replyTo', () => {
      const body = buttonReplyPayload({
        buttonId: 'consent.yes',
        title: 'Yes, all of them',
        contextId: 'wamid.QUESTION',
      });
      expect(parseWebhook(body).messages[0]?.replyTo).toBe('wamid.QUESTION');
      const typed = parseWebhook(textMessagePayload({ text: 'hi' })).messages[0];
      expect(typed && 'replyTo' in typed).toBe(false);
    });

    it('reads a list row pick as a choice', () => {
      const body = listReplyPayload({
        rowId: 'menu.hours',
        title: 'Opening hours',
        description: 'When we are open',
      });
      expect(parseWebhook(body).messages[0]?.content).toEqual({
        kind: 'choice',
        id: 'menu.hours',
        title: 'Opening hours',
      });
    });

    it('reads a template quick-reply ("Stop promotions") with its payload and text', () => {
      const body = quickReplyPayload({ payload: 'STOP_PROMOTIONS', text: 'Stop promotions' });
      expect(parseWebhook(body).messages[0]?.content).toEqual({
        kind: 'quick_reply',
        payload: 'STOP_PROMOTIONS',
        text: 'Stop promotions',
      });
    });

    it.each([
      [
        'image',
        {
          image: {
            caption: 'Receipt',
            mime_type: 'image/jpeg',
            sha256: 'abc',
            id: '1003383421387256',
          },
        },
      ],
      [
        'sticker',
        {
          sticker: {
            mime_type: 'image/webp',
            sha256: 'abc',
            id: '1003383421387257',
            animated: false,
          },
        },
      ],
      [
        'location',
        {
          location: { latitude: 37.7749, longitude: -122.4194, name: 'Shop', address: '1 Main St' },
        },
      ],
      ['reaction', { reaction: { message_id: 'wamid.EARLIER', emoji: '👍' } }],
      [
        'audio',
        {
          audio: {
            mime_type: 'audio/ogg; codecs=opus',
            sha256: 'abc',
            id: '1003383421387258',
            voice: true,
          },
        },
      ],
      ['video', { video: { mime_type: 'video/mp4', sha256: 'abc', id: '1003383421387259' } }],
      [
        'document',
        {
          document: {
            filename: 'invoice.pdf',
            mime_type: 'application/pdf',
            sha256: 'abc',
            id: '1003383421387260',
          },
        },
      ],
      [
        'contacts',
        {
          contacts: [
            {
              name: { formatted_name: 'Pat Doe', first_name: 'Pat' },
              phones: [{ phone: '+1 415 555 0199', type: 'CELL' }],
            },
          ],
        },
      ],
      [
        'unsupported',
        {
          errors: [
            {
              code: 131051,
              title: 'Message type unknown',
              message: 'Message type unknown',
              error_data: { details: 'Message type is currently not supported.' },
            },
          ],
        },
      ],
      ['request_welcome', {}],
    ])('reads a %s message as "other" without failing', (type, fields) => {
      const body = messagePayload({ message: { type, ...fields } });
      const parsed = parseWebhook(body);
      expect(parsed.messages[0]?.content).toEqual({ kind: 'other', type });
      expect(parsed.rejected).toEqual([]);
    });

    it('reads an interactive reply of an unknown kind (a Flow answer) as "other"', () => {
      const body = messagePayload({
        message: {
          type: 'interactive',
          interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}', body: 'Sent' } },
        },
      });
      expect(parseWebhook(body).messages[0]?.content).toEqual({
        kind: 'other',
        type: 'interactive',
      });
    });

    it('reads a system message (changed number), which comes without contacts', () => {
      const body = webhookEnvelope({
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '14155550100', phone_number_id: BUSINESS_NUMBER_ID },
        messages: [
          {
            from: '14155550101',
            id: 'wamid.SYS',
            timestamp: String(BASE_TIMESTAMP),
            type: 'system',
            system: {
              body: 'User A changed from 14155550101 to 14155550102',
              wa_id: '14155550102',
              type: 'user_changed_number',
            },
          },
        ],
      });
      const [message] = parseWebhook(body).messages;
      expect(message).toMatchObject({
        contact: { phone: CUSTOMER_PHONE },
        content: { kind: 'other', type: 'system' },
      });
      expect(message).not.toHaveProperty('profileName');
    });

    it('identifies a customer known only by a business-scoped user id (no "from")', () => {
      const body = textMessagePayload({ from: null, userId: CUSTOMER_USER_ID, text: 'hola' });
      const [message] = parseWebhook(body).messages;
      expect(message?.contact).toEqual({ userId: CUSTOMER_USER_ID });
      expect(message?.profileName).toBe('Sheena Nelson');
    });

    it('keeps both identifiers when the webhook carries the phone and the user id', () => {
      const body = textMessagePayload({ userId: CUSTOMER_USER_ID, text: 'hi' });
      expect(parseWebhook(body).messages[0]?.contact).toEqual({
        phone: CUSTOMER_PHONE,
        userId: CUSTOMER_USER_ID,
      });
    });

    it('completes the user id from the matching contact when the message omits from_user_id', () => {
      const body = textMessagePayload({ userId: CUSTOMER_USER_ID, text: 'hi' });
      const message = (
        body as { entry: [{ changes: [{ value: { messages: [Record<string, unknown>] } }] }] }
      ).entry[0].changes[0].value.messages[0];
      delete message.from_user_id;
      expect(parseWebhook(body).messages[0]?.contact).toEqual({
        phone: CUSTOMER_PHONE,
        userId: CUSTOMER_USER_ID,
      });
    });

    it('rejects only the message that names no sender, and keeps the rest of the batch', () => {
      const anonymous = textMessagePayload({ from: null, text: 'who am I?', id: 'wamid.ANON' });
      const value = (anonymous as { entry: [{ changes: [{ value: { contacts?: unknown } }] }] })
        .entry[0].changes[0].value;
      delete value.contacts;
      const body = batchPayload(anonymous, textMessagePayload({ text: 'hello', id: 'wamid.OK' }));

      const parsed = parseWebhook(body);

      expect(parsed.messages.map((m) => m.messageId)).toEqual(['wamid.OK']);
      expect(parsed.rejected).toEqual([
        {
          kind: 'message',
          index: 0,
          path: 'entry[0].changes[0].value.messages[0]',
          reason: expect.stringContaining(
            'neither a phone id nor a business-scoped user id',
          ) as string,
        },
      ]);
    });

    it('rejects a message whose "from" is not a phone number', () => {
      const body = textMessagePayload({ from: 'not-a-number', text: 'x' });
      const parsed = parseWebhook(body);
      expect(parsed.messages).toEqual([]);
      expect(parsed.rejected[0]?.reason).toMatch(/not a phone number/);
    });

    it('rejects group messages', () => {
      const body = messagePayload({
        message: { type: 'text', text: { body: 'hi all' }, group_id: 'GROUP_1' },
      });
      expect(parseWebhook(body).rejected[0]?.reason).toMatch(/group/);
    });

    it('reads every entry, change and message of a batch, sorted by message time', () => {
      const first = textMessagePayload({
        text: 'third',
        id: 'wamid.3',
        timestamp: BASE_TIMESTAMP + 30,
      });
      const value = (first as { entry: [{ changes: [{ value: { messages: unknown[] } }] }] })
        .entry[0].changes[0].value;
      value.messages.push(
        {
          from: '14155550101',
          id: 'wamid.1',
          timestamp: String(BASE_TIMESTAMP),
          type: 'text',
          text: { body: 'first' },
        },
        {
          from: '14155550101',
          id: 'wamid.2a',
          timestamp: String(BASE_TIMESTAMP + 10),
          type: 'text',
          text: { body: 'second a' },
        },
      );
      const second = batchPayload(
        first,
        textMessagePayload({
          from: '+14155550102',
          text: 'second b',
          id: 'wamid.2b',
          timestamp: BASE_TIMESTAMP + 10,
        }),
        statusPayload({ id: 'wamid.OUT', status: 'delivered' }),
      );

      const parsed = parseWebhook(second);

      expect(parsed.messages.map((m) => m.messageId)).toEqual([
        'wamid.1',
        'wamid.2a',
        'wamid.2b',
        'wamid.3',
      ]);
      expect(parsed.messages.map((m) => m.timestamp)).toEqual([
        AT,
        AT + 10_000,
        AT + 10_000,
        AT + 30_000,
      ]);
      expect(parsed.messages.find((m) => m.messageId === 'wamid.2b')?.contact).toEqual({
        phone: '+14155550102',
      });
      expect(parsed.statuses).toHaveLength(1);
    });

    it('skips changes of fields it does not read (template status updates)', () => {
      const body = webhookEnvelope(
        {
          event: 'APPROVED',
          message_template_id: 123,
          message_template_name: 'promo',
          message_template_language: 'en_US',
        },
        'message_template_status_update',
      );
      expect(parseWebhook(body)).toEqual({
        messages: [],
        statuses: [],
        preferences: [],
        rejected: [],
      });
    });

    it('accepts a change carrying only system-level errors', () => {
      const body = webhookEnvelope({
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '14155550100', phone_number_id: BUSINESS_NUMBER_ID },
        errors: [
          {
            code: 130429,
            title: 'Rate limit hit',
            message: 'Rate limit hit',
            error_data: { details: 'throughput' },
          },
        ],
      });
      expect(parseWebhook(body).messages).toEqual([]);
    });
  });

  describe('statuses', () => {
    it('reads sent, delivered and read statuses', () => {
      for (const status of ['sent', 'delivered', 'read'] as const) {
        const parsed = parseWebhook(
          statusPayload({ id: 'wamid.OUT1', status, timestamp: BASE_TIMESTAMP + 5 }),
        );
        expect(parsed.statuses).toEqual([
          {
            waMessageId: 'wamid.OUT1',
            status,
            timestamp: AT + 5000,
            recipient: { phone: CUSTOMER_PHONE },
            businessNumberId: BUSINESS_NUMBER_ID,
            errors: [],
          },
        ]);
      }
    });

    it('reads a failed status with its error codes and titles', () => {
      const body = statusPayload({
        id: 'wamid.OUT2',
        status: 'failed',
        errors: [
          {
            code: 131050,
            title:
              'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business',
          },
        ],
      });
      expect(parseWebhook(body).statuses[0]).toMatchObject({
        status: 'failed',
        errors: [
          { code: 131050, title: expect.stringContaining('stop receiving marketing') as string },
        ],
      });
    });

    it('reads the recipient of a status sent to a business-scoped user id', () => {
      const body = statusPayload({
        id: 'wamid.OUT3',
        status: 'read',
        recipient: null,
        recipientUserId: CUSTOMER_USER_ID,
      });
      expect(parseWebhook(body).statuses[0]?.recipient).toEqual({ userId: CUSTOMER_USER_ID });
    });

    it('lists a status it does not record (a played voice message) as rejected', () => {
      const parsed = parseWebhook(statusPayload({ id: 'wamid.OUT4', status: 'played' }));
      expect(parsed.statuses).toEqual([]);
      expect(parsed.rejected).toMatchObject([
        { kind: 'status', index: 0, reason: 'status "played" is not recorded' },
      ]);
    });
  });

  describe('user preferences', () => {
    it.each(['stop', 'resume'] as const)('reads a marketing_messages %s', (value) => {
      const parsed = parseWebhook(
        userPreferencesPayload({ value, timestamp: BASE_TIMESTAMP + 60 }),
      );
      expect(parsed.preferences).toEqual([
        {
          contact: { phone: CUSTOMER_PHONE },
          businessNumberId: BUSINESS_NUMBER_ID,
          category: 'marketing_messages',
          value,
          timestamp: AT + 60_000,
        },
      ]);
    });

    it('reads a preference of a user known only by a business-scoped user id', () => {
      const parsed = parseWebhook(
        userPreferencesPayload({ value: 'stop', waId: null, userId: CUSTOMER_USER_ID }),
      );
      expect(parsed.preferences[0]?.contact).toEqual({ userId: CUSTOMER_USER_ID });
    });
  });

  describe('invalid bodies', () => {
    it('refuses a webhook of another object (a Page webhook)', () => {
      const error = parseError({ object: 'page', entry: [] });
      expect(error.code).toBe('invalid_webhook');
      expect(error.message).toMatch(/object must be "whatsapp_business_account"/);
    });

    it.each([null, 'hello', 42, [], {}])('refuses %j', (body) => {
      expect(parseError(body).code).toBe('invalid_webhook');
    });

    it('names the wrong path in a batch', () => {
      const body = batchPayload(
        textMessagePayload({ text: 'fine' }),
        messagePayload({ message: { type: 'text', text: { body: 42 } } }),
      );
      expect(parseError(body).message).toContain(
        'entry[1].changes[0].value.messages[0].text.body must be text',
      );
    });

    it('refuses a text message without its text, an interactive reply without its reply', () => {
      expect(parseError(messagePayload({ message: { type: 'text' } })).message).toContain(
        'messages[0].text',
      );
      const noReply = messagePayload({
        message: { type: 'interactive', interactive: { type: 'button_reply' } },
      });
      expect(parseError(noReply).message).toContain('messages[0].interactive.button_reply');
    });

    it('refuses a change without metadata.phone_number_id, or with a non-numeric timestamp', () => {
      const body = textMessagePayload({ text: 'x' });
      const value = (body as { entry: [{ changes: [{ value: { metadata: unknown } }] }] }).entry[0]
        .changes[0].value;
      value.metadata = {};
      expect(parseError(body).message).toContain(
        'entry[0].changes[0].value.metadata.phone_number_id',
      );

      const late = messagePayload({
        message: { type: 'text', text: { body: 'x' }, timestamp: 'yesterday' },
      });
      expect(parseError(late).message).toContain('messages[0].timestamp');
    });
  });

  describe('properties', () => {
    const textMessage = fc.record({
      from: fc.stringMatching(/^[1-9]\d{7,14}$/),
      userId: fc.option(fc.stringMatching(/^[A-Z]{2}\.\d{10,20}$/), { nil: undefined }),
      text: fc.string({ unit: 'grapheme', maxLength: 200 }),
      id: fc.stringMatching(/^wamid\.[A-Za-z0-9=_-]{1,60}$/),
      timestamp: fc.integer({ min: 0, max: 4_102_444_800 }),
    });

    it('parses any well-formed text message to the same text, id, sender and time', () => {
      fc.assert(
        fc.property(textMessage, (m) => {
          const parsed = parseWebhook(textMessagePayload(m));
          expect(parsed.rejected).toEqual([]);
          expect(parsed.messages).toHaveLength(1);
          const [message] = parsed.messages;
          expect(message?.messageId).toBe(m.id);
          expect(message?.content).toEqual({ kind: 'text', text: m.text });
          expect(message?.timestamp).toBe(m.timestamp * 1000);
          expect(message?.contact).toEqual({
            phone: `+${m.from}`,
            ...(m.userId ? { userId: m.userId } : {}),
          });
        }),
      );
    });

    it('throws nothing but ValidationError on arbitrary JSON', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (body) => onlyValidationErrors(() => parseWebhook(body))),
      );
    });

    it('throws nothing but ValidationError on arbitrary values inside a real envelope', () => {
      fc.assert(
        fc.property(fc.jsonValue(), fc.jsonValue(), (messages, contacts) => {
          const body = webhookEnvelope({
            metadata: { phone_number_id: BUSINESS_NUMBER_ID },
            messages,
            contacts,
          });
          return onlyValidationErrors(() => parseWebhook(body));
        }),
      );
    });
  });
});
