import { describe, expect, it } from 'vitest';
import { checkCompliance } from '../../../src/core/flow/check-compliance.js';
import type { FlowDefinition } from '../../../src/core/flow/definition.js';
import {
  changedDefaultFlow,
  loadDefaultFlow,
  type MutableChoice,
  type MutableFlow,
} from './default-flow.js';

function check(flow: FlowDefinition) {
  return checkCompliance(flow, () => undefined, 'flows/test.yaml');
}

/** The issues of the default flow after one change, as `path: message`. */
function problems(change: (flow: MutableFlow) => void): string[] {
  return check(changedDefaultFlow(change)).map((issue) => `${issue.path}: ${issue.message}`);
}

const texts = (flow: MutableFlow, language: string) => flow.texts[language]!;
const state = (flow: MutableFlow, id: string) => flow.service.states[id]!;

function choice(id: string, target: string): MutableChoice {
  return { id, target, title: { en: 'Choice', es: 'Opción', pt: 'Opção' } };
}

describe('checkCompliance', () => {
  it('accepts the shipped default flow', () => {
    expect(check(loadDefaultFlow())).toEqual([]);
  });

  it('gives every issue its file, path, position, message and hint', () => {
    const flow = changedDefaultFlow((f) => {
      texts(f, 'en').question =
        'Want WhatsApp news from us about {categories}? Reply STOP to stop.';
    });
    const issues = checkCompliance(
      flow,
      (path) => (path.join('.') === 'texts.en.question' ? { line: 7, column: 5 } : undefined),
      'flows/x.yaml',
    );
    expect(issues).toEqual([
      {
        file: 'flows/x.yaml',
        line: 7,
        column: 5,
        path: 'texts.en.question',
        message: 'does not name the business "Brightwood Home" (en)',
        hint: expect.stringContaining('{business}') as string,
      },
    ]);
  });

  describe('(a) the question, re-ask and help say what WhatsApp requires', () => {
    it('refuses a question that does not name the business', () => {
      expect(
        problems((f) => {
          texts(f, 'en').question = texts(f, 'en').question.replace('{business}', 'us');
        }),
      ).toEqual(['texts.en.question: does not name the business "Brightwood Home" (en)']);
    });

    // A tester's (session 48): it opted in whoever replied "ok", and the check said nothing.
    it('refuses a question, re-ask or question of "let me choose" that asks nothing', () => {
      expect(
        problems((f) => {
          texts(f, 'en').question =
            'Hi! You are now subscribed to WhatsApp messages from {business}: {categories}. Reply OK to continue, or reply STOP at any time to stop them all.';
          texts(f, 'pt').reask = texts(f, 'pt').reask.replaceAll('?', '.');
          texts(f, 'es').categoryQuestion = texts(f, 'es')
            .categoryQuestion.replaceAll('?', '')
            .replaceAll('¿', '');
        }),
      ).toEqual([
        'texts.en.question: does not ask the customer anything: it has no question mark (en)',
        'texts.es.categoryQuestion: does not ask the customer anything: it has no question mark (es)',
        'texts.pt.reask: does not ask the customer anything: it has no question mark (pt)',
        // (Unless the flow lists OK as a word of its own.)
        'texts.en.question: tells the customer to send "OK", which the bot does not understand in en',
      ]);
    });

    it('refuses a question that does not say WhatsApp', () => {
      expect(
        problems((f) => {
          texts(f, 'es').question = texts(f, 'es').question.replace('por WhatsApp', 'por aquí');
        }),
      ).toEqual(['texts.es.question: does not say the messages come over WhatsApp (es)']);
    });

    it('refuses a re-ask that does not name every category', () => {
      expect(
        problems((f) => {
          texts(f, 'pt').reask = texts(f, 'pt').reask.replace('{categories}', 'ofertas especiais');
        }),
      ).toEqual([
        'texts.pt.reask: does not name the category "avisos dos seus pedidos" (pt)',
        'texts.pt.reask: does not name the category "códigos de acesso" (pt)',
      ]);
    });

    const noStop = (language: string, key = 'question') =>
      `texts.${language}.${key}: does not say how to stop (${language}): it must tell the customer to send an opt-out word of this language`;

    it('refuses a help text that does not say how to stop, using that language’s stop words', () => {
      expect(
        problems((f) => {
          // AYUDA is a Spanish word the bot knows, but it asks for help: it does not stop.
          texts(f, 'es').help =
            'Somos {business} en WhatsApp y te enviamos {categories}. Escribe AYUDA.';
        }),
      ).toEqual([noStop('es', 'help')]);
    });

    it('accepts a stop word in any case and with accents folded, as a word to send', () => {
      const question = (text: string) =>
        problems((f) => {
          texts(f, 'en').question = `WhatsApp from {business}: {categories}? ${text}`;
        });
      expect(question('Reply stop! to end.')).toEqual([]);
      expect(question('Reply ＳＴＯＰ any time.')).toEqual([]);
      expect(question('Send "unsubscribe" to stop them.')).toEqual([]);
      expect(question('STOP to end.')).toEqual([]);
      expect(question('We never stopped.')).toEqual([noStop('en')]);
    });

    it('is not fooled by the letters of a stop word that nobody is told to send', () => {
      const question = (text: string) =>
        problems((f) => {
          texts(f, 'en').question = `Get {categories} from {business} on WhatsApp? ${text}`;
        });
      expect(question('And we never stop caring.')).toEqual([noStop('en')]);
      expect(question('This is the END of waiting: STOP worrying.')).toEqual([noStop('en')]);
    });

    it('counts the built-in words: a flow that lists only UNSUBSCRIBE may say "Reply STOP"', () => {
      expect(
        problems((f) => {
          f.keywords['en']!.optOut = ['UNSUBSCRIBE'];
        }),
      ).toEqual([]);
    });

    it('refuses a text that tells the customer to send a word the bot does not know, or a non-stop word to stop', () => {
      const question = (text: string) =>
        problems((f) => {
          texts(f, 'es').question =
            `¿WhatsApp de {business}: {categories}? Responde BAJA para dejar de recibirlos. ${text}`;
        });
      expect(question('Escribe FRENAR si quieres.')).toEqual([
        'texts.es.question: tells the customer to send "FRENAR", which the bot does not understand in es',
      ]);
      expect(question('Escribe AYUDA para dejar de recibirlos.')).toEqual([
        'texts.es.question: tells the customer to send "AYUDA" to stop, but "AYUDA" is not an opt-out word in es',
      ]);
      expect(question('Escribe MENÚ para ver el menú.')).toEqual([]);
    });

    it('checks the rendered text, so a business name written out in full counts', () => {
      expect(
        problems((f) => {
          texts(f, 'en').question = texts(f, 'en').question.replace(
            '{business}',
            'brightwood home',
          );
        }),
      ).toEqual([]);
    });
  });

  describe('(b) keywords do one thing', () => {
    it('refuses a word that is both opt-in and opt-out in one language', () => {
      expect(
        problems((f) => {
          f.keywords['en']!.optIn.push('Stop!');
        }),
      ).toEqual([
        'keywords.en.optIn[0]: "Stop!" is an opt-in word (en) and also an opt-out word (en, built in)',
      ]);
    });

    it('refuses a word that is opt-in in one language and opt-out in another, accents folded', () => {
      expect(
        problems((f) => {
          f.keywords['pt']!.optIn.push('SALÍR');
        }),
      ).toEqual([
        'keywords.pt.optIn[0]: "SALÍR" is an opt-in word (pt) and also an opt-out word (es, built in)',
      ]);
    });

    it('names the lists in words, with their article', () => {
      let at = -1;
      expect(
        problems((f) => {
          at = f.keywords['en']!.no.push('sure') - 1;
        }),
      ).toEqual([`keywords.en.no[${at}]: "sure" is a "no" word (en) and also a "yes" word (en)`]);
    });

    it('accepts the same word in the same list of two languages', () => {
      expect(
        problems((f) => {
          f.keywords['en']!.optOut.push('PARAR');
        }),
      ).toEqual([]);
    });

    it('refuses a keyword with no letters or digits', () => {
      expect(
        problems((f) => {
          f.keywords['en']!.help.push('??');
        }),
      ).toEqual(['keywords.en.help[0]: "??" has no letters or digits, so it can never match']);
    });

    it('refuses a service choice word that is also a consent word', () => {
      expect(
        problems((f) => {
          state(f, 'menu').choices![2]!.keywords!['en']!.push('help');
        }),
      ).toEqual([
        'service.states.menu.choices[2].keywords.en[3]: "help" is also a help word (en) of the consent keywords',
      ]);
    });

    it('refuses a word that picks two choices in one state, global choices included', () => {
      expect(
        problems((f) => {
          state(f, 'menu').choices![0]!.keywords!['en']!.push('menu');
        }),
      ).toEqual([
        'service.global[0].keywords.en[0]: "MENU" picks two choices in state "menu": "track" and "menu"',
        // MENÚ (es) and MENU (pt) are the same word once accents are folded.
        'service.global[0].keywords.es[0]: "MENÚ" picks two choices in state "menu": "track" and "menu"',
        'service.global[0].keywords.pt[0]: "MENU" picks two choices in state "menu": "track" and "menu"',
      ]);
    });
  });

  describe('(b) built-in words, phrasings and words of two languages', () => {
    it('needs no opt-out list in a language with built-in words, and one in a language without', () => {
      expect(
        problems((f) => {
          f.keywords['es']!.optOut = [];
        }),
      ).toEqual([]);
      const nl = changedDefaultFlow((f) => {
        f.languages.push('nl');
        f.keywords['nl'] = { optOut: [], optIn: [], help: [], yes: ['JA'], no: ['NEE'] };
      });
      expect(
        check(nl)
          .filter((i) => i.path.startsWith('keywords'))
          .map((i) => `${i.path}: ${i.message}`),
      ).toEqual([
        'keywords.nl.optOut: lists no opt-out word, and the bot has no built-in ones for "nl"',
      ]);
    });

    it('refuses a word with two meanings in two languages unless keywordPrecedence says which wins', () => {
      let at = -1;
      const twoMeanings = (f: MutableFlow) => {
        f.keywords['es']!.yes.push('DALE');
        at = f.keywords['pt']!.no.push('DALE') - 1;
      };
      expect(problems(twoMeanings)).toEqual([
        `keywords.pt.no[${at}]: "DALE" is a "no" word (pt) and also a "yes" word (es)`,
      ]);
      expect(
        problems((f) => {
          twoMeanings(f);
          f.keywordPrecedence = { DALE: 'es' };
        }),
      ).toEqual([]);
      expect(
        problems((f) => {
          twoMeanings(f);
          f.keywordPrecedence = { DALE: 'fr' };
        }),
      ).toEqual(['keywordPrecedence.DALE: "fr" is not listed under languages']);
    });

    it('never lets keywordPrecedence take a word away from opting out', () => {
      let at = -1;
      const basta = (f: MutableFlow) => (at = f.keywords['pt']!.yes.push('BASTA') - 1);
      expect(
        problems((f) => {
          basta(f);
          f.keywordPrecedence = { BASTA: 'pt' };
        }),
      ).toEqual([
        `keywords.pt.yes[${at}]: "BASTA" is a "yes" word (pt) and an opt-out word (es), and keywordPrecedence gives it to the other meaning`,
      ]);
      expect(
        problems((f) => {
          basta(f);
          f.keywordPrecedence = { BASTA: 'es' };
        }),
      ).toEqual([]);
    });

    it('refuses a "stop just those?" text that does not name the kinds of message', () => {
      expect(
        problems((f) => {
          texts(f, 'pt').stopSomeConfirm = 'Quer parar algumas mensagens?';
        }),
      ).toEqual(['texts.pt.stopSomeConfirm: does not say {categories} (pt)']);
    });

    // A business team's edits (a tester's, session 47): each was accepted, and the customer read
    // the braces as written, or "¿Y estos? 👇" with no kind named four times over.
    it('refuses a placeholder the bot does not fill in, wherever a customer reads it', () => {
      expect(
        problems((f) => {
          texts(f, 'en').optedIn = 'Thank you {name}! You will get {categories}.';
          texts(f, 'es').stopCancelled = 'Vale {first_name}, nada cambia.';
          texts(f, 'pt').optedOutSome = 'Pronto {category}: {categories} não virão mais.';
          texts(f, 'en').help = texts(f, 'en').help.replace('{business}', '{bussiness}');
          state(f, 'menu').say['en'] = 'Hi {nombre}! How can we help?';
        }),
      ).toEqual([
        'texts.en.help: does not name the business "Brightwood Home" (en)',
        'texts.en.optedIn: has {name}, which the bot does not fill in: the customer would read "{name}" as written',
        'texts.en.help: has {bussiness}, which the bot does not fill in: the customer would read "{bussiness}" as written',
        'texts.es.stopCancelled: has {first_name}, which the bot does not fill in: the customer would read "{first_name}" as written',
        'texts.pt.optedOutSome: has {category}, which the bot does not fill in: the customer would read "{category}" as written',
        'service.states.menu.say.en: has {nombre}, which the bot does not fill in: the customer would read "{nombre}" as written',
      ]);
    });

    it('refuses a question of "let me choose" that does not name its kind', () => {
      const issues = check(
        changedDefaultFlow((f) => {
          texts(f, 'es').categoryQuestion = '¿Y estos? 👇';
          texts(f, 'pt').categoryQuestion = 'Quer receber {categories} pelo WhatsApp?';
        }),
      );
      expect(issues.map((issue) => `${issue.path}: ${issue.message} (${issue.hint})`)).toEqual([
        'texts.es.categoryQuestion: does not say {category} (es) (write {category} where the kind of message goes: the customer must read which kind each yes is for)',
        'texts.pt.categoryQuestion: does not say {category} (pt) (write {category} where the kind of message goes: the customer must read which kind each yes is for)',
      ]);
    });

    // A business team's edits (a tester's, session 47): each was accepted; with the English
    // titles swapped, tapping or typing "No, thanks" opted the customer in to everything.
    it('refuses a consent button whose title reads as the opposite of what it does', () => {
      expect(
        problems((f) => {
          f.texts['en']!.buttons = {
            yes: 'No, thanks',
            choose: 'Let me choose',
            no: 'Yes, all of them',
          };
          f.texts['es']!.categoryButtons = { yes: 'No', no: 'Sí' };
          f.texts['pt']!.stopConfirmButtons = { yes: 'Não, continuar', no: 'Sim, parar' };
          f.texts['es']!.stopSomeButtons = { these: 'Solo esos', all: 'Parar todo', no: 'Parar' };
        }),
      ).toEqual([
        'texts.en.buttons.yes: the button "No, thanks" records a yes, but its title reads as a no (en)',
        'texts.en.buttons.no: the button "Yes, all of them" records a no, but its title reads as a yes (en)',
        'texts.es.categoryButtons.yes: the button "No" records a yes, but its title reads as a no (es)',
        'texts.es.categoryButtons.no: the button "Sí" records a no, but its title reads as a yes (es)',
        'texts.es.stopSomeButtons.no: the button "Parar" keeps the messages coming, but its title reads as a wish to stop (es)',
        'texts.pt.stopConfirmButtons.yes: the button "Não, continuar" stops messages, but its title reads as a no (pt)',
        'texts.pt.stopConfirmButtons.no: the button "Sim, parar" keeps the messages coming, but its title reads as a yes (pt)',
      ]);
    });

    it('refuses two buttons of one message with one title', () => {
      expect(
        problems((f) => {
          f.texts['en']!.stopConfirmButtons = { yes: 'Stop', no: 'Stop' };
          f.texts['pt']!.buttons = { yes: '✅ Sim', choose: 'Escolher', no: '✅ Sim' };
        }),
      ).toEqual([
        'texts.en.stopConfirmButtons.no: the button "Stop" keeps the messages coming, but its title reads as a wish to stop (en)',
        'texts.en.stopConfirmButtons.no: "Stop" is also the title of this message\'s "yes" button (en)',
        'texts.pt.buttons.no: the button "✅ Sim" records a no, but its title reads as a yes (pt)',
        'texts.pt.buttons.no: "✅ Sim" is also the title of this message\'s "yes" button (pt)',
      ]);
    });

    it('refuses an opt-out phrasing it cannot read, naming what is wrong', () => {
      expect(
        problems((f) => {
          f.keywords['en']!.optOutPhrases = ['stop (bugging me', 'leave {us} be'];
        }),
      ).toEqual([
        'keywords.en.optOutPhrases[0]: the phrasing "stop (bugging me" cannot be read: "(" is not closed with ")"',
        expect.stringMatching(
          /^keywords\.en\.optOutPhrases\[1\]: the phrasing "leave \{us\} be" cannot be read: \{us\} is not a word group; use one of \{send\}/,
        ),
      ]);
    });

    // A business team's edit (a tester's, session 47): accepted, and "stop sending" showed the
    // opt-in question, "STOP IT!!!" the help text, to a customer who stayed opted in.
    it('refuses an opt-in, help or yes word that says stop, and a no that does', () => {
      expect(
        problems((f) => {
          f.keywords['en']!.optIn = ['STOP SENDING', 'DONT STOP'];
          f.keywords['en']!.help = ['STOP IT'];
          f.keywords['es']!.yes = [...f.keywords['es']!.yes, 'SÍ, NO MÁS MENSAJES'];
          f.keywords['pt']!.no = [...f.keywords['pt']!.no, 'NÃO, PARE', 'SAIR DA LISTA'];
        }),
      ).toEqual([
        'keywords.en.optIn[0]: "STOP SENDING" is an opt-in word (en), but it is a wish to stop: a customer who types it would not be stopped',
        'keywords.en.help[0]: "STOP IT" is a help word (en), but it is a wish to stop: a customer who types it would not be stopped',
        expect.stringMatching(
          /^keywords\.es\.yes\[\d+\]: "SÍ, NO MÁS MENSAJES" is a "yes" word \(es\), but it (may be|is) a wish to stop/,
        ),
        expect.stringMatching(
          /^keywords\.pt\.no\[\d+\]: "SAIR DA LISTA" is a "no" word \(pt\), but it is a wish to stop/,
        ),
      ]);
    });

    // A business team's edit (a tester's, session 47): accepted, and a customer who tapped
    // "Stop" got the opening hours and kept every message.
    it('refuses a menu title that is an opt-out or opt-in word', () => {
      expect(
        problems((f) => {
          state(f, 'menu').choices![1]!.title = { en: 'Stop', es: 'Volver', pt: 'Horário' };
        }),
      ).toEqual([
        'service.states.menu.choices[1].title.en: the title "Stop" is an opt-out word (en): a customer who taps it means that, and would get this choice instead',
        'service.states.menu.choices[1].title.es: the title "Volver" is an opt-in word (es): a customer who taps it means that, and would get this choice instead',
      ]);
    });

    it('refuses a menu word or title that would read as a wish to stop, and accepts CANCEL ORDER', () => {
      let at = 0;
      expect(
        problems((f) => {
          const words = state(f, 'menu').choices![0]!.keywords!['en']!;
          at = words.length;
          words.push('QUICK STOP', 'unsubscribe me');
          state(f, 'menu').choices![1]!.title['en'] = 'No more messages';
        }),
      ).toEqual([
        `service.states.menu.choices[0].keywords.en[${at}]: "QUICK STOP" reads as a wish to stop: typed, it asks whether the customer wants to stop instead of picking this choice`,
        `service.states.menu.choices[0].keywords.en[${at + 1}]: "unsubscribe me" reads as a wish to stop: typed, it opts the customer out instead of picking this choice`,
        'service.states.menu.choices[1].title.en: "No more messages" reads as a wish to stop: typed, it opts the customer out instead of picking this choice',
      ]);
      expect(
        problems((f) => {
          state(f, 'menu').choices![0]!.keywords!['en']!.push('CANCEL ORDER');
        }),
      ).toEqual([]);
    });

    it('refuses a menu word that is a built-in consent word of its language', () => {
      let at = 0;
      expect(
        problems((f) => {
          const words = state(f, 'menu').choices![0]!.keywords!['es']!;
          at = words.length;
          words.push('baja');
        }),
      ).toEqual([
        `service.states.menu.choices[0].keywords.es[${at}]: "baja" is also an opt-out word (es) of the consent keywords`,
      ]);
    });
  });

  describe('(c) WhatsApp limits', () => {
    it('refuses consent, category and stop-confirm button titles over 20 characters', () => {
      expect(
        problems((f) => {
          texts(f, 'en').buttons.yes = 'Yes please, all of them';
          texts(f, 'es').categoryButtons.no = 'No, esta categoría no';
          texts(f, 'pt').stopConfirmButtons.no = 'Não, quero continuar!';
        }),
      ).toEqual([
        'texts.en.buttons.yes: is 23 characters; WhatsApp reply buttons allow at most 20',
        'texts.es.categoryButtons.no: is 21 characters; WhatsApp reply buttons allow at most 20',
        'texts.pt.stopConfirmButtons.no: is 21 characters; WhatsApp reply buttons allow at most 20',
      ]);
    });

    it('counts characters, not UTF-16 units: 20 emoji fit a button', () => {
      expect(
        problems((f) => {
          texts(f, 'en').buttons.yes = '👍'.repeat(20);
        }),
      ).toEqual([]);
    });

    it('holds service choices to 20 characters when shown as buttons (3 or fewer)', () => {
      expect(
        problems((f) => {
          state(f, 'menu').choices![0]!.title['en'] = 'Track where my order is';
        }),
      ).toEqual([
        'service.states.menu.choices[0].title.en: is 23 characters; WhatsApp reply buttons allow at most 20',
      ]);
    });

    it('holds service choices to 24 characters when shown as a list (4 to 10)', () => {
      expect(
        problems((f) => {
          const menu = state(f, 'menu');
          menu.choices!.push({ ...menu.choices![2]!, id: 'agent2', keywords: {} });
          menu.listButton = { en: 'See options', es: 'Ver opciones', pt: 'Ver opções' };
          menu.choices![0]!.title['en'] = 'Track where my order is'; // 23: fits a list row
          menu.choices![1]!.title['en'] = 'Opening hours and returns'; // 25
        }),
      ).toEqual([
        'service.states.menu.choices[1].title.en: is 25 characters; WhatsApp list rows allow at most 24',
      ]);
    });

    it('refuses a state shown as a list without a list button, or with a long one', () => {
      expect(
        problems((f) => {
          const menu = state(f, 'menu');
          menu.choices!.push({ ...menu.choices![2]!, id: 'agent2', keywords: {} });
        }),
      ).toEqual(['service.states.menu: has 4 choices, shown as a list, but no "listButton"']);
      expect(
        problems((f) => {
          state(f, 'menu').listButton = { en: 'See all of our options', es: 'Ver', pt: 'Ver' };
        }),
      ).toEqual([
        'service.states.menu.listButton.en: is 22 characters; WhatsApp reply buttons allow at most 20',
      ]);
    });

    it('refuses a list button missing a language', () => {
      expect(
        problems((f) => {
          state(f, 'menu').listButton = { en: 'Options', es: 'Opciones' };
        }),
      ).toEqual(['service.states.menu.listButton.pt: is missing ("pt" is listed under languages)']);
    });

    it('refuses more than 10 choices in a state', () => {
      expect(
        problems((f) => {
          const menu = state(f, 'menu');
          menu.listButton = { en: 'See options', es: 'Ver opciones', pt: 'Ver opções' };
          for (let i = 0; i < 8; i += 1)
            menu.choices!.push({ ...menu.choices![2]!, id: `more${i}`, keywords: {} });
        }),
      ).toEqual(['service.states.menu.choices: has 11 choices; WhatsApp lists allow at most 10']);
    });

    it('refuses a body over 1024 characters above buttons, measured after filling in', () => {
      const issues = problems((f) => {
        f.business.name = 'B'.repeat(1000);
      }).filter((p) => p.startsWith('texts.en.'));
      expect(issues.map((p) => p.split(':')[0])).toEqual([
        'texts.en.question',
        'texts.en.reask',
        'texts.en.newCategoryQuestion',
        'texts.en.stopConfirm',
        'texts.en.stopSomeConfirm',
      ]);
      expect(issues[0]).toMatch(
        /once filled in \(en\); WhatsApp allows at most 1024 above buttons$/,
      );
    });

    it('checks the category question with every category label', () => {
      const issues = problems((f) => {
        f.categories[1]!.label['en'] = `login codes ${'x'.repeat(1000)}`;
      });
      expect(issues.filter((p) => p.startsWith('texts.en.categoryQuestion'))).toEqual([
        'texts.en.categoryQuestion: is 1047 characters once filled in (en); WhatsApp allows at most 1024 above buttons',
      ]);
    });

    it('refuses a service text over 1024 characters above buttons, but allows it without', () => {
      expect(
        problems((f) => {
          state(f, 'menu').say['en'] = 'Choose. '.repeat(130);
          state(f, 'returns').say['en'] = 'Return. '.repeat(130);
        }),
      ).toEqual([
        'service.states.menu.say.en: is 1040 characters once filled in (en); WhatsApp allows at most 1024 above buttons',
      ]);
    });

    it('refuses any text over 4096 characters', () => {
      expect(
        problems((f) => {
          texts(f, 'pt').declined = 'Tudo bem. '.repeat(410);
        }),
      ).toEqual([
        'texts.pt.declined: is 4100 characters once filled in (pt); WhatsApp allows at most 4096',
      ]);
    });
  });

  describe('(d) every language, every text', () => {
    it('refuses a listed language missing from texts and keywords', () => {
      expect(
        problems((f) => {
          delete f.texts['pt'];
          delete f.keywords['es'];
        }),
      ).toEqual([
        'texts.pt: is missing ("pt" is listed under languages)',
        'keywords.es: is missing ("es" is listed under languages)',
      ]);
    });

    it('refuses a category label, a say and a choice title missing a language', () => {
      const issues = check(
        changedDefaultFlow((f) => {
          delete f.categories[2]!.label['es'];
          delete state(f, 'agent').say['pt'];
          delete f.service.global![0]!.title['en'];
        }),
      );
      expect(issues.map((i) => `${i.path}: ${i.message}  (${i.hint})`)).toEqual([
        'categories[2].label.es: is missing ("es" is listed under languages)  (every category label needs a text in each language listed under "languages")',
        'service.states.agent.say.pt: is missing ("pt" is listed under languages)  (every "say" needs a text in each language listed under "languages")',
        'service.global[0].title.en: is missing ("en" is listed under languages)  (every choice title needs a text in each language listed under "languages")',
      ]);
    });

    it('refuses a language that is present but not listed', () => {
      expect(
        problems((f) => {
          f.categories[0]!.label['fr'] = 'commandes';
          state(f, 'menu').choices![0]!.keywords!['fr'] = ['COMMANDE'];
        }),
      ).toEqual([
        'categories[0].label.fr: "fr" is not listed under languages',
        'service.states.menu.choices[0].keywords.fr: "fr" is not listed under languages',
      ]);
    });

    it('refuses a default language that is not listed, and a language listed twice', () => {
      expect(
        problems((f) => {
          f.defaultLanguage = 'fr';
          f.languages.push('es');
        }),
      ).toEqual([
        'defaultLanguage: "fr" is not one of the languages',
        'languages[3]: "es" is listed twice',
      ]);
    });
  });

  describe('(e) names used once', () => {
    it('refuses a template declared in two categories, or twice in one', () => {
      expect(
        problems((f) => {
          f.categories[2]!.templates.push('shipping_update', 'back_in_stock');
        }),
      ).toEqual([
        'categories[2].templates[2]: template "shipping_update" is already declared in category "orders"',
        'categories[2].templates[3]: template "back_in_stock" is already declared in category "offers"',
      ]);
    });

    it('refuses two categories with one id', () => {
      expect(
        problems((f) => {
          f.categories[2]!.id = 'orders';
        }),
      ).toEqual(['categories[2].id: category id "orders" is used twice']);
    });

    it('refuses two choices with one id in a state', () => {
      expect(
        problems((f) => {
          state(f, 'store_info').choices![1]!.id = 'returns';
        }),
      ).toEqual([
        'service.states.store_info.choices[1].id: choice id "returns" is used twice in state "store_info"',
      ]);
    });

    it('refuses a phone-number id listed twice', () => {
      expect(
        problems((f) => {
          f.phoneNumberIds = ['100000000000001', '100000000000001'];
        }),
      ).toEqual(['phoneNumberIds[1]: phone-number id "100000000000001" is listed twice']);
    });
  });

  describe('(f) the service conversation holds together', () => {
    it('refuses an initial state that does not exist', () => {
      expect(
        problems((f) => {
          f.service.initial = 'start';
        }),
      ).toEqual(['service.initial: "start" is not a state of this flow']);
    });

    it('refuses a choice whose target does not exist, naming the states', () => {
      const issues = check(
        changedDefaultFlow((f) => {
          state(f, 'track_order').choices!.push(choice('faq', 'faq'));
        }),
      );
      expect(issues).toMatchObject([
        {
          path: 'service.states.track_order.choices[1].target',
          message: '"faq" is not a state of this flow',
          hint: 'use one of the states under service.states: menu, track_order, store_info, returns, agent',
        },
      ]);
    });

    it('refuses unknown action and guard names, naming the path', () => {
      expect(
        problems((f) => {
          state(f, 'agent').actions = ['handOverToAgent', 'callManager'];
          state(f, 'menu').choices![0]!.guard = 'isVip';
        }),
      ).toEqual([
        'service.states.menu.choices[0].guard: "isVip" is not a condition the bot knows',
        'service.states.agent.actions[1]: "callManager" is not an action the bot knows',
      ]);
    });

    it('accepts known guards', () => {
      expect(
        problems((f) => {
          state(f, 'menu').choices![0]!.guard = 'optedIn';
        }),
      ).toEqual([]);
    });

    it('refuses a state that cannot be reached from the initial state', () => {
      expect(
        problems((f) => {
          state(f, 'store_info').choices!.shift();
        }),
      ).toEqual(['service.states.returns: state "returns" cannot be reached from "menu"']);
    });

    it('counts global choices as a way to reach a state', () => {
      expect(
        problems((f) => {
          state(f, 'store_info').choices!.shift();
          f.service.global!.push(choice('returns', 'returns'));
        }),
      ).toEqual([]);
    });
  });

  describe('(h) small talk, the hand-over and old buttons', () => {
    it('refuses a choice id that leads to two states: an old button must do one thing', () => {
      expect(
        problems((f) => {
          state(f, 'store_info').choices![1]!.target = 'returns';
        }),
      ).toEqual([
        'service.states.store_info.choices[1].target: choice id "agent" leads to "returns" here but to "agent" in state "menu"',
      ]);
    });

    it('needs every reply in a language the product has none for, and says where', () => {
      const issues = problems((f) => {
        f.languages = [...f.languages, 'nl'];
        f.texts['nl'] = structuredClone(f.texts['en']!);
        f.keywords['nl'] = { ...structuredClone(f.keywords['en']!), optOut: ['STOP'] };
        for (const category of f.categories) category.label['nl'] = category.label['en']!;
        for (const s of Object.values(f.service.states)) {
          s.say['nl'] = s.say['en']!;
          for (const c of s.choices ?? []) c.title['nl'] = c.title['en']!;
        }
        for (const c of f.service.global ?? []) c.title['nl'] = c.title['en']!;
        f.smallTalk = { ...f.smallTalk, nl: { thanksReply: 'Graag gedaan!' } };
      });
      const missing = issues.filter((i) => i.includes('no built-in reply'));
      expect(missing).toEqual([
        'smallTalk.nl.goodbyeReply: is missing: the product has no built-in reply in "nl", so the flow must write it',
        'smallTalk.nl.notUnderstoodAgain: is missing: the product has no built-in reply in "nl", so the flow must write it',
        'smallTalk.nl.optionUnavailable: is missing: the product has no built-in reply in "nl", so the flow must write it',
        'handover.texts.nl.idle: is missing: the product has no built-in reply in "nl", so the flow must write it',
        'handover.texts.nl.ended: is missing: the product has no built-in reply in "nl", so the flow must write it',
        'smallTalk.nl.youGetReply: is missing: the product has no built-in reply in "nl", so the flow must write it',
        'smallTalk.nl.youGetNoneReply: is missing: the product has no built-in reply in "nl", so the flow must write it',
      ]);
    });

    it('refuses small talk, hand-over texts and countries in a language not listed', () => {
      expect(
        problems((f) => {
          f.smallTalk = { ...f.smallTalk, fr: { thanksReply: 'Merci !' } };
          f.handover = { ...f.handover, texts: { de: { idle: 'Niemand da.' } } };
          f.languageByCountry = { FR: 'fr' };
        }),
      ).toEqual([
        'smallTalk.fr: "fr" is not listed under languages',
        'handover.texts.de: "de" is not listed under languages',
        'languageByCountry.FR: sends customers from FR to "fr", which is not listed under languages',
      ]);
    });

    it("refuses a small-talk word that is a consent word, and a reply over WhatsApp's limit", () => {
      expect(
        problems((f) => {
          f.smallTalk = {
            ...f.smallTalk,
            en: { ...f.smallTalk!['en'], thanks: ['YES'], thanksReply: 'x'.repeat(4097) },
          };
        }),
      ).toEqual([
        'smallTalk.en.thanks[0]: "YES" is also yes (en) word, which always wins',
        'smallTalk.en.thanksReply: is 4097 characters once filled in (en); WhatsApp allows at most 4096',
      ]);
    });

    it('refuses a reply that tells the customer to send a word the bot does not know', () => {
      expect(
        problems((f) => {
          f.smallTalk = {
            ...f.smallTalk,
            en: { ...f.smallTalk!['en'], thanksReply: "You're welcome! Type AGENTE for a person." },
          };
        }),
      ).toEqual([
        'smallTalk.en.thanksReply: tells the customer to send "AGENTE", which the bot does not understand in en',
      ]);
    });
  });

  describe('(g) categories', () => {
    it('refuses a flow without categories', () => {
      expect(
        problems((f) => {
          f.categories = [];
        }),
      ).toEqual(['categories: lists no category']);
    });

    /** The default flow with `names` as the other names of its category `id` (0 orders, 1 account, 2 offers). */
    const named = (i: number, names: Record<string, string[]>) =>
      problems((f) => {
        f.categories[i]!.otherNames = names;
      });

    it('accepts other names with a word of their own, in any of the languages', () => {
      expect(named(0, { en: ['parcel tracking', 'delivery notices'], pt: ['entregas'] })).toEqual(
        [],
      );
    });

    // A business team's edits (a tester's, session 47): accepted. With the offers as UTILITY,
    // "no quiero más ofertas" offered to stop another kind, and the offers kept coming; with
    // "novedades" an other name of one kind, "paren las novedades" stopped that kind alone.
    it('refuses a label that names marketing in a category that is not MARKETING', () => {
      expect(
        problems((f) => {
          (f.categories[2] as { whatsappCategory: string }).whatsappCategory = 'UTILITY';
        }),
      ).toEqual([
        'categories[2].label.en: the label "special offers" names marketing ("offers"), but whatsappCategory is UTILITY',
        'categories[2].label.es: the label "ofertas especiales" names marketing ("ofertas"), but whatsappCategory is UTILITY',
        'categories[2].label.pt: the label "ofertas especiais" names marketing ("ofertas"), but whatsappCategory is UTILITY',
      ]);
    });

    it('refuses a built-in word for marketing as an other name of another kind, with that reason', () => {
      expect(named(0, { en: ['coupons'], es: ['cupones'] })).toEqual([
        'categories[0].otherNames.en[0]: the other name "coupons" has no word of its own: the bot reads "coupons" as marketing, of every MARKETING category',
        'categories[0].otherNames.es[0]: the other name "cupones" has no word of its own: the bot reads "cupones" as marketing, of every MARKETING category',
      ]);
      // Of the one MARKETING kind, it names that kind already: harmless (a tester's edit).
      expect(named(2, { en: ['coupons', 'discount coupons'], es: ['cupones'] })).toEqual([]);
      // News is of anything ("any news on my order?").
      expect(named(2, { en: ['news'], es: ['novedades'], pt: ['novidades'] })).toEqual([
        'categories[2].otherNames.en[0]: the other name "news" has no word of its own: customers use its words for any message',
        'categories[2].otherNames.es[0]: the other name "novedades" has no word of its own: customers use its words for any message',
        'categories[2].otherNames.pt[0]: the other name "novidades" has no word of its own: customers use its words for any message',
      ]);
    });

    it('refuses an other name made of words customers use for any message', () => {
      expect(
        named(0, {
          en: ['updates', 'all the messages', 'text alerts', 'promos'],
          es: ['todas las notificaciones'],
        }),
      ).toEqual([
        'categories[0].otherNames.en[0]: the other name "updates" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.en[1]: the other name "all the messages" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.en[2]: the other name "text alerts" has no word of its own: customers use its words for any message',
        // (Since session 47, with the reason: a built-in word for marketing.)
        'categories[0].otherNames.en[3]: the other name "promos" has no word of its own: the bot reads "promos" as marketing, of every MARKETING category',
        'categories[0].otherNames.es[0]: the other name "todas las notificaciones" has no word of its own: customers use its words for any message',
      ]);
    });

    // "keep the codes, stop the rest" would stop one kind (a user trial of this session: "the
    // rest" was let through).
    it('refuses an other name that says "the rest", "the others" or "the whole lot"', () => {
      expect(
        named(0, {
          en: ['the rest', 'the others', 'all the rest', 'the whole lot'],
          es: ['lo demás', 'el resto', 'todo el paquete'],
          pt: ['o pacote inteiro'],
        }),
      ).toEqual([
        'categories[0].otherNames.en[0]: the other name "the rest" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.en[1]: the other name "the others" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.en[2]: the other name "all the rest" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.en[3]: the other name "the whole lot" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.es[0]: the other name "lo demás" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.es[1]: the other name "el resto" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.es[2]: the other name "todo el paquete" has no word of its own: customers use its words for any message',
        'categories[0].otherNames.pt[0]: the other name "o pacote inteiro" has no word of its own: customers use its words for any message',
      ]);
    });

    it('refuses an other name with a consent word in it', () => {
      expect(named(1, { en: ['stop codes', 'HELP desk codes'], es: ['códigos baja'] })).toEqual([
        'categories[1].otherNames.en[0]: the other name "stop codes" contains "STOP", an opt-out word (en)',
        'categories[1].otherNames.en[1]: the other name "HELP desk codes" contains "HELP", a help word (en)',
        'categories[1].otherNames.es[0]: the other name "códigos baja" contains "BAJA", an opt-out word (es)',
      ]);
    });

    it('refuses an other name of another category, its label or one of its other names', () => {
      expect(
        problems((f) => {
          f.categories[0]!.otherNames = { en: ['delivery updates'] };
          f.categories[1]!.otherNames = { en: ['order updates', 'delivery updates'] };
          f.categories[2]!.otherNames = { pt: ['avisos de meus pedidos'] };
        }),
      ).toEqual([
        'categories[1].otherNames.en[0]: the other name "order updates" also names the category "orders"',
        'categories[1].otherNames.en[1]: the other name "delivery updates" also names the category "orders"',
        'categories[2].otherNames.pt[0]: the other name "avisos de meus pedidos" also names the category "orders"',
      ]);
    });

    it('refuses other names in a language the flow does not list, and names without letters', () => {
      expect(named(0, { fr: ['livraisons'], en: ['🚚'] })).toEqual([
        'categories[0].otherNames.fr: "fr" is not listed under languages',
        'categories[0].otherNames.en[0]: "🚚" has no letters or digits, so it can never match',
      ]);
    });
  });
});
