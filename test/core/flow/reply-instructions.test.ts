import { describe, expect, it } from 'vitest';
import { replyInstructions } from '../../../src/core/flow/reply-instructions.js';

const optOut = new Set(['stop', 'baja', 'parar', 'unsubscribe']);
const read = (text: string, language = 'en') =>
  replyInstructions(text, language, (w) => optOut.has(w), ['Brightwood Home', 'WhatsApp']).map(
    ({ words, marked, forStopping }) => ({ words, marked, forStopping }),
  );

describe('the words a text tells the customer to send', () => {
  it('finds a capitalised word after a reply verb, and what it is for', () => {
    expect(read('Reply STOP at any time to stop them all.')).toEqual([
      { words: 'stop', marked: true, forStopping: true },
    ]);
    expect(read('Type MENU to see how I can help, or HELP for information.')).toEqual([
      { words: 'menu', marked: true, forStopping: false },
      { words: 'help', marked: true, forStopping: false },
    ]);
  });

  it('takes quoted words, words in a row, and an unmarked opt-out word right after the verb', () => {
    expect(read('Send "stop" to unsubscribe.')).toEqual([
      { words: 'stop', marked: true, forStopping: true },
    ]);
    expect(read('Reply NO THANKS if not.')).toEqual([
      { words: 'no thanks', marked: true, forStopping: false },
    ]);
    expect(read('You can reply stop at any time.')).toEqual([
      { words: 'stop', marked: false, forStopping: false },
    ]);
  });

  it('finds no instruction in a word that merely appears, nor in names', () => {
    expect(read('We never stop caring about you.')).toEqual([]);
    expect(
      read('Messages from Brightwood Home on WhatsApp: reply to this message anytime.'),
    ).toEqual([]);
    expect(read('Your order starts with BW.')).toEqual([]);
  });

  it('reads "STOP to end" without a verb, and Spanish and Portuguese instructions', () => {
    expect(read('STOP to end.')).toEqual([{ words: 'stop', marked: true, forStopping: true }]);
    expect(
      read('Puedes responder BAJA en cualquier momento para dejar de recibirlos.', 'es'),
    ).toEqual([{ words: 'baja', marked: true, forStopping: true }]);
    expect(read('Responda PARAR a qualquer momento para deixar de recebê-las.', 'pt')).toEqual([
      { words: 'parar', marked: true, forStopping: true },
    ]);
  });
});
