import { describe, expect, it } from 'vitest';
import { renderReply, renderTemplate } from '../../../src/channels/whatsapp/index.js';
import type { Reply } from '../../../src/core/conversation/inbound.js';
import { ValidationError } from '../../../src/errors.js';

const PHONE = { phone: '+14155550101' };
const USER_ONLY = { userId: 'US.13491208655302741918' };
const BOTH = { ...PHONE, ...USER_ONLY };

function invalid(render: () => unknown): ValidationError {
  try {
    render();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('renderReply', () => {
  it('renders a text reply to a phone as digits in "to"', () => {
    expect(renderReply({ type: 'text', text: 'Hello!' }, PHONE)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550101',
      type: 'text',
      text: { body: 'Hello!' },
    });
  });

  it('addresses a user known only by a business-scoped id with "recipient"', () => {
    const message = renderReply({ type: 'text', text: 'Hola' }, USER_ONLY);
    expect(message).toMatchObject({ recipient: 'US.13491208655302741918' });
    expect(message).not.toHaveProperty('to');
  });

  it('uses only "to" when both the phone and the user id are known', () => {
    const message = renderReply({ type: 'text', text: 'Hi' }, BOTH);
    expect(message).toMatchObject({ to: '14155550101' });
    expect(message).not.toHaveProperty('recipient');
  });

  it('refuses a contact without any identifier', () => {
    expect(invalid(() => renderReply({ type: 'text', text: 'Hi' }, {})).code).toBe(
      'invalid_recipient',
    );
  });

  it('renders reply buttons as an interactive "button" message', () => {
    const reply: Reply = {
      type: 'buttons',
      text: 'Would you like WhatsApp messages from Acme about your orders? Reply STOP any time.',
      buttons: [
        { id: 'optin.yes', title: 'Yes' },
        { id: 'optin.no', title: 'No, thanks' },
      ],
    };
    expect(renderReply(reply, PHONE)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550101',
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: reply.text },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'optin.yes', title: 'Yes' } },
            { type: 'reply', reply: { id: 'optin.no', title: 'No, thanks' } },
          ],
        },
      },
    });
  });

  it('renders a list as an interactive "list" message with one section', () => {
    const reply: Reply = {
      type: 'list',
      text: 'How can we help?',
      button: 'Menu',
      rows: [
        { id: 'menu.hours', title: 'Opening hours' },
        { id: 'menu.agent', title: 'Talk to a person' },
      ],
    };
    expect(renderReply(reply, USER_ONLY)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'US.13491208655302741918',
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'How can we help?' },
        action: { button: 'Menu', sections: [{ rows: reply.rows }] },
      },
    });
  });

  describe('limits', () => {
    const button = (i: number) => ({ id: `b${i}`, title: `Option ${i}` });

    it.each<[string, Reply, RegExp]>([
      [
        'a text over 4096 characters',
        { type: 'text', text: 'x'.repeat(4097) },
        /text has 4097 characters; .* at most 4096/,
      ],
      ['an empty text', { type: 'text', text: '  ' }, /text is empty/],
      [
        '4 buttons',
        { type: 'buttons', text: 'Pick', buttons: [1, 2, 3, 4].map(button) },
        /buttons has 4 entries; WhatsApp allows 1 to 3/,
      ],
      ['no buttons', { type: 'buttons', text: 'Pick', buttons: [] }, /buttons has 0 entries/],
      [
        'a button title over 20 characters',
        { type: 'buttons', text: 'Pick', buttons: [{ id: 'a', title: 'x'.repeat(21) }] },
        /buttons\[0\]\.title has 21 characters/,
      ],
      [
        'a button title of 21 emoji (42 UTF-16 units)',
        { type: 'buttons', text: 'Pick', buttons: [{ id: 'a', title: '👍'.repeat(21) }] },
        /buttons\[0\]\.title has 21 characters/,
      ],
      [
        'two buttons with one id',
        {
          type: 'buttons',
          text: 'Pick',
          buttons: [
            { id: 'a', title: 'A' },
            { id: 'a', title: 'B' },
          ],
        },
        /buttons\[1\]\.id "a" is used twice/,
      ],
      [
        'two buttons with one title',
        {
          type: 'buttons',
          text: 'Pick',
          buttons: [
            { id: 'a', title: 'A' },
            { id: 'b', title: 'A' },
          ],
        },
        /buttons\[1\]\.title "A" is used twice/,
      ],
      [
        'an interactive body over 1024 characters',
        { type: 'buttons', text: 'x'.repeat(1025), buttons: [button(1)] },
        /text has 1025 characters; .* at most 1024/,
      ],
      [
        '11 list rows',
        {
          type: 'list',
          text: 'Pick',
          button: 'Menu',
          rows: Array.from({ length: 11 }, (_, i) => button(i)),
        },
        /rows has 11 entries; WhatsApp allows 1 to 10/,
      ],
      [
        'a row title over 24 characters',
        { type: 'list', text: 'Pick', button: 'Menu', rows: [{ id: 'a', title: 'x'.repeat(25) }] },
        /rows\[0\]\.title has 25 characters/,
      ],
      [
        'a list button over 20 characters',
        { type: 'list', text: 'Pick', button: 'x'.repeat(21), rows: [button(1)] },
        /button has 21 characters/,
      ],
    ])('refuses %s', (_label, reply, message) => {
      const error = invalid(() => renderReply(reply, PHONE));
      expect(error.code).toBe('invalid_reply');
      expect(error.message).toMatch(message);
    });

    it('accepts the limits exactly, counting an emoji as one character', () => {
      const title = `${'x'.repeat(19)}👍`;
      expect(() =>
        renderReply(
          {
            type: 'buttons',
            text: 'x'.repeat(1024),
            buttons: [{ id: 'a', title }, button(2), button(3)],
          },
          PHONE,
        ),
      ).not.toThrow();
      expect(() => renderReply({ type: 'text', text: 'x'.repeat(4096) }, PHONE)).not.toThrow();
      expect(() =>
        renderReply(
          {
            type: 'list',
            text: 'Pick',
            button: 'x'.repeat(20),
            rows: Array.from({ length: 10 }, (_, i) => ({
              id: `r${i}`,
              title: `${'y'.repeat(22)}${i}`,
            })),
          },
          PHONE,
        ),
      ).not.toThrow();
    });
  });
});

describe('renderTemplate', () => {
  it('renders a template with its language code and components', () => {
    const components = [{ type: 'body', parameters: [{ type: 'text', text: 'Pat' }] }];
    expect(renderTemplate({ name: 'order_update', language: 'en_US', components }, PHONE)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550101',
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components },
    });
  });

  it('leaves out components when there are none, and addresses a user id with "recipient"', () => {
    expect(renderTemplate({ name: 'weekly_offers', language: 'es' }, USER_ONLY)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'US.13491208655302741918',
      type: 'template',
      template: { name: 'weekly_offers', language: { code: 'es' } },
    });
  });

  it('refuses an empty template name or language', () => {
    expect(invalid(() => renderTemplate({ name: '', language: 'en' }, PHONE)).message).toMatch(
      /template\.name is empty/,
    );
    expect(invalid(() => renderTemplate({ name: 'x', language: '' }, PHONE)).message).toMatch(
      /template\.language is empty/,
    );
  });
});
