import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_THANKS, QUESTION, YES_ALL } from '../../support/shipped-replies.js';
import { startTestServer } from '../../support/test-server.js';
import type { TestServer } from '../../support/test-server.js';
import { newCustomers } from '../../support/webhook-customer.js';

/**
 * A customer who stopped, or said no, and asks in their own words to get the messages again,
 * through signed webhooks (a tester's: "didn't understand", in the three languages; only START,
 * VOLVER, VOLTAR worked). The question is shown, as after START; nothing is recorded until it is
 * answered.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const { optedIn, after } = newCustomers(() => t, 4);

const STOP = { en: 'STOP', es: 'BAJA', pt: 'PARAR' } as const;

describe('asking for the messages again after a stop', () => {
  it.each([
    ['en', 'hi', 'can I get the promos again'],
    ['en', 'hi', 'resubscribe me'],
    ['en', 'hi', 'opt me back in'],
    ['en', 'hi', 'i want the messages back'],
    ['es', 'hola', 'quiero recibir de nuevo'],
    ['es', 'hola', 'quiero las ofertas otra vez'],
    ['es', 'hola', 'mándenme los cupones de nuevo'],
    ['es', 'hola', 'me quiero inscribir de nuevo'],
    ['pt', 'oi', 'quero receber de novo'],
    ['pt', 'oi', 'quero voltar a receber'],
    ['pt', 'oi', 'quero as promoções de volta'],
    // A change of mind right after the stop (a tester's, session 47: "didn't understand"; after
    // "No, thanks" these already showed the question).
    ['en', 'hi', 'changed my mind'],
    ['en', 'hi', 'wrong button'],
    ['es', 'hola', 'cambié de opinión'],
    ['es', 'hola', 'mejor sí'],
    ['pt', 'oi', 'mudei de ideia'],
    ['pt', 'oi', 'afinal quero'],
    // (A second tester's: with an opener, a laugh, or two of them.)
    ['en', 'hi', 'sorry changed my mind'],
    ['es', 'hola', 'cambie de opinion jaja'],
    ['pt', 'oi', 'mudei de ideia kkk'],
    ['pt', 'oi', 'errei foi sem querer'],
    // (Session 48: a take-back that opens as other messages do, then thanks; "didn't
    // understand".)
    ['es', 'hola', 'mejor sí gracias'],
    ['es', 'hola', 'mejor si, muchas gracias'],
    ['en', 'hi', 'actually yes thanks'],
  ] as const)(
    '%s: "%s", yes to all, STOP, then "%s" shows the question, whose yes opts in again',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      await customer.say(STOP[lang]);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(QUESTION[lang])]);
      expect((await customer.contact()).consent.status).toBe('opted_out');
      await customer.say(YES_ALL[lang]);
      expect((await customer.contact()).consent.status).toBe('opted_in');
    },
  );

  // A no to the stop after it is done confirms it: no question (nothing to take back).
  it.each([
    ['en', 'hi', 'actually no'],
    ['en', 'hi', 'i dont want them'],
  ] as const)(
    '%s: "%s", yes to all, STOP, then "%s" shows no question',
    async (lang, hello, said) => {
      const customer = await optedIn(lang, hello);
      await customer.say(STOP[lang]);
      const replies = await customer.answerTo(said);
      expect(replies.map((m) => m.text)).not.toContainEqual(expect.stringMatching(QUESTION[lang]));
      expect((await customer.contact()).consent.status).toBe('opted_out');
    },
  );

  it('en: after "No, thanks", "resubscribe" shows the question, and nothing is recorded for it', async () => {
    const customer = await after('en', 'hi');
    await customer.say(NO_THANKS.en);
    const replies = await customer.answerTo('resubscribe');
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(QUESTION.en)]);
    expect((await customer.contact()).consent.status).toBe('declined');
  });
});
