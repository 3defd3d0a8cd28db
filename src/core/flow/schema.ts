/**
 * The zod schema of a flow file (`flows/*.yaml`). It checks the shape only; the rules that
 * need the whole flow (languages complete, keywords distinct, WhatsApp limits) live in
 * `check-compliance.ts`. Every message is written for the business editor who reads it.
 */
import { z } from 'zod';
import {
  ASK_POLICIES,
  FALLBACK_CHANNELS,
  WHATSAPP_CATEGORIES,
  type ConsentPolicy,
  type ConsentTexts,
  type FlowCategory,
  type FlowDefinition,
  type HandoverPolicy,
  type HandoverTexts,
  type KeywordLists,
  type QuestionVariant,
  type ServiceChoice,
  type ServiceDefinition,
  type ServiceState,
  type SmallTalk,
} from './definition.js';

/** `en`, `es`, `pt`, `pt-BR`, `es-419`, `zh-Hant`: a BCP-47 language with an optional region or script. */
const LANGUAGE_CODE = /^[a-z]{2,3}(-(?:[A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))?$/;
const FLOW_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NAME = /^[a-z][a-z0-9_-]*$/;
const TEMPLATE_NAME = /^[a-z0-9_]+$/;
const DIGITS = /^[0-9]+$/;
/** An ISO 3166-1 alpha-2 country code: `ES`, `BR`. */
const COUNTRY = /^[A-Z]{2}$/;

/** A fallback for the structural problems the leaf messages below do not word themselves. */
function shapeMessage(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is missing' : `must be ${what}`;
}

function text(description: string) {
  return z
    .string({ error: shapeMessage('text (put it in quotes if it starts with a symbol)') })
    .trim()
    .min(1, { error: 'is empty; write the text the customer will read' })
    .meta({ description });
}

function name(pattern: RegExp, rule: string, description: string) {
  return z
    .string({ error: shapeMessage('a name') })
    .regex(pattern, { error: `must be ${rule}` })
    .meta({ description });
}

function list<T extends z.ZodType>(
  item: T,
  description: string,
  min?: { min: number; error: string },
) {
  const array = z.array(item, {
    error: shapeMessage('a list (one item per line starting with "- ")'),
  });
  return (min ? array.min(min.min, { error: min.error }) : array).meta({ description });
}

function group<T extends z.core.$ZodLooseShape>(shape: T, description: string) {
  return z.strictObject(shape, { error: strictMessage }).meta({ description });
}

function strictMessage(issue: { code?: string; input?: unknown; keys?: readonly string[] }) {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys ?? [];
    return `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return issue.input === undefined ? 'is missing' : 'must be a group of fields (key: value lines)';
}

const languageCode = z
  .string()
  .regex(LANGUAGE_CODE, {
    error: 'is not a language code; use a code such as en, es, pt or pt-BR',
  })
  .meta({ description: 'A language code such as en, es, pt or pt-BR.' });

/** A record keyed by language code. */
function perLanguage<T extends z.ZodType>(value: T, description: string) {
  return z
    .record(languageCode, value, {
      error: (issue) =>
        issue.code === 'invalid_key'
          ? 'is not a language code; use a code such as en, es, pt or pt-BR'
          : issue.input === undefined
            ? 'is missing'
            : 'must list one entry per language (en:, es:, …)',
    })
    .meta({ description });
}

function enumOf<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z
    .enum(values, {
      error: (issue) =>
        issue.input === undefined
          ? 'is missing'
          : `${JSON.stringify(issue.input)} is not one of the allowed values`,
    })
    .meta({ description });
}

function count(description: string, min: number) {
  return z
    .number({ error: shapeMessage('a whole number') })
    .int({ error: 'must be a whole number' })
    .min(min, { error: min === 0 ? 'cannot be negative' : `must be ${min} or more` })
    .meta({ description });
}

const localizedText = (description: string) =>
  perLanguage(text('The text in this language.'), description);

const keywordList = (description: string) =>
  list(text('A word or short phrase the customer may type.'), description);

const categorySchema = group(
  {
    id: name(
      NAME,
      'lower-case letters, digits, "-" or "_", starting with a letter (e.g. orders)',
      'Stable id of the category, used in the consent records and the API. Never rename it.',
    ),
    label: localizedText('How the category is named to the customer, per language.'),
    otherNames: perLanguage(
      list(text('A name such as "delivery updates".'), 'Other names in this language.'),
      'Other names customers use for the category, per language: read in what they type like the label, never shown.',
    ).optional(),
    whatsappCategory: enumOf(
      WHATSAPP_CATEGORIES,
      'The WhatsApp template category: MARKETING, UTILITY or AUTHENTICATION.',
    ),
    templates: list(
      name(
        TEMPLATE_NAME,
        'a WhatsApp template name: lower-case letters, digits and "_"',
        'An approved WhatsApp template name.',
      ),
      'The approved WhatsApp templates that belong to this category.',
    ),
  },
  'A kind of message the customer can agree to receive.',
);

const questionVariantSchema = group(
  {
    id: name(
      NAME,
      'lower-case letters, digits, "-" or "_", starting with a letter (e.g. short)',
      'Name of the variant, recorded with every ask and answer. "standard" is the question itself.',
    ),
    weight: z
      .number({ error: shapeMessage('a number from 0 to 100') })
      .min(0, { error: 'cannot be negative' })
      .max(100, { error: 'must be 100 or less (it is a share out of 100)' })
      .meta({
        description:
          'Out of 100: the share of customers shown this variant; the standard question gets the rest.',
      }),
    question: text('The question in this wording. Same rules as the question.'),
    reask: text('The re-ask in this wording; leave out to use the language’s reask.').optional(),
  },
  'Another wording of the opt-in question, shown to a share of the customers.',
);

const consentTextsSchema = group(
  {
    question: text(
      'The opt-in question. Must name the business ({business}), say WhatsApp, name the categories ({categories}) and say how to stop.',
    ),
    questionVariants: list(
      questionVariantSchema,
      'Other wordings of the question to try on a share of the customers (an experiment).',
    ).optional(),
    reask: text('Asked again later in the window when the question is still open. Same rules.'),
    buttons: group(
      {
        yes: text('Button: yes to everything (at most 20 characters).'),
        choose: text('Button: choose categories one by one (at most 20 characters).'),
        no: text('Button: no (at most 20 characters).'),
      },
      'The three buttons under the question.',
    ),
    categoryQuestion: text('Asked per category after "choose"; placeholder {category}.'),
    newCategoryQuestion: text(
      'Asked once of a customer who said yes, about a category added since. Must name the business ({business}), say WhatsApp, name the new category ({categories}) and say how to stop.',
    ).optional(),
    categoryButtons: group(
      {
        yes: text('Button: yes to this category (at most 20 characters).'),
        no: text('Button: no to this category (at most 20 characters).'),
      },
      'The buttons under the category question.',
    ),
    optedIn: text('Confirmation after yes; placeholders {business} and {categories}.'),
    declined: text('Reply to a no.'),
    optedOut: text('Confirmation of STOP, sent once.'),
    help: text('Answer to HELP: must name the business, the categories and how to stop.'),
    stopConfirm: text('Asked when a sentence merely contains a stop word.'),
    stopConfirmButtons: group(
      {
        yes: text('Button: yes, stop (at most 20 characters).'),
        no: text('Button: no, keep going (at most 20 characters).'),
      },
      'The buttons under the stop confirmation.',
    ),
    stopCancelled: text('Reply when the customer answered "no" to the stop confirmation.'),
    stopSomeConfirm: text(
      'Asked when a message asks to stop one kind of message ("stop sending me promos"); placeholders {business} and {categories} (the kinds named).',
    ),
    stopSomeButtons: group(
      {
        these: text('Button: stop only the kinds named (at most 20 characters).'),
        all: text('Button: stop everything (at most 20 characters).'),
        no: text('Button: no, keep them (at most 20 characters).'),
      },
      'The buttons under that question.',
    ),
    optedOutSome: text(
      'Confirmation after stopping only some kinds of message; placeholders {business} and {categories}.',
    ),
    unrelated: text('Reply to a message the bot does not understand.'),
    unsupported: text('Reply to photos, stickers, locations and other messages without text.'),
  },
  'Every text the consent conversation says, in one language.',
);

const keywordListsSchema = group(
  {
    optOut: keywordList(
      'Words that stop all messages, added to the built-in ones of the language (STOP, BAJA, PARAR…).',
    ).default([]),
    optIn: keywordList(
      'Words that ask to receive messages again, added to the built-in ones (START…).',
    ).default([]),
    help: keywordList('Words that ask for help, added to the built-in ones (HELP…).').default([]),
    yes: keywordList('Words that answer the question with yes when typed.'),
    no: keywordList('Words that answer the question with no when typed.'),
    optOutPhrases: list(
      text('A phrasing pattern, e.g. "stop bugging me".'),
      'Whole messages that ask to stop, added to the built-in phrasings (see flows/README.md).',
    ).optional(),
    maybeOptOutPhrases: list(
      text('A phrasing pattern.'),
      'Phrasings that, anywhere in a message, may mean stop: the bot asks to confirm.',
    ).optional(),
  },
  'The keywords of one language. The customer’s whole message must match one of them.',
);

const consentPolicySchema = group(
  {
    ask: enumOf(ASK_POLICIES, 'When to ask: first_message, after_first_answer or never.'),
    declineCooldownDays: count('Days after a "no" before the question may be asked again.', 0),
    maxAsksPerWindow: count('How many times the question may be asked in one 24-hour window.', 0),
    expiryDays: count('Days after which an opt-in lapses; leave out for never.', 1).optional(),
    ambiguousStop: enumOf(
      ['confirm', 'ignore'],
      'What to do with a sentence that contains a stop word: confirm (ask) or ignore.',
    ),
    answerPeriodHours: count(
      'Hours during which a typed "yes" (or a button title or number) answers the question; a tap always does. Default 24.',
      1,
    ).default(24),
    reaskAfterMessages: count(
      'An unanswered question is asked again no sooner than the customer’s this-many-th message after the last ask (2 or more, so never twice in a row). Default 3.',
      2,
    ).optional(),
  },
  'When and how often the opt-in question is asked.',
);

const choiceSchema = group(
  {
    id: name(NAME, 'lower-case letters, digits, "-" or "_", starting with a letter', 'Choice id.'),
    title: localizedText('Button or list-row title per language.'),
    keywords: perLanguage(
      keywordList('Words that pick this choice.'),
      'Typed words that pick this choice, per language.',
    ).optional(),
    target: name(NAME, 'the id of a service state', 'The service state to go to.'),
    guard: text(
      'A condition from the code registry; the choice is offered only when it holds.',
    ).optional(),
  },
  'A choice in a service state: a button, a list row or a word.',
);

const serviceStateSchema = group(
  {
    say: localizedText('What the bot says on entering the state, per language.'),
    choices: list(choiceSchema, 'The choices offered in this state.').optional(),
    actions: list(
      text('An action name from the code registry.'),
      'Actions run on entering the state (e.g. handOverToAgent).',
    ).optional(),
    listButton: localizedText(
      'Title of the button that opens the list (at most 20 characters); needed when the state has more than 3 choices.',
    ).optional(),
  },
  'A state of the service conversation.',
);

const serviceSchema = group(
  {
    initial: name(NAME, 'the id of a service state', 'The state a conversation starts in.'),
    global: list(choiceSchema, 'Choices available from every state (e.g. menu).').optional(),
    states: z
      .record(
        z.string().regex(NAME, {
          error: 'is not a valid state id; use lower-case letters, digits, "-" or "_"',
        }),
        serviceStateSchema,
        { error: shapeMessage('a group of states (state id: …)') },
      )
      .meta({ description: 'The states of the service conversation, by id.' }),
  },
  'The in-session service conversation: a menu and its answers.',
);

const smallTalkSchema = group(
  {
    greetings: keywordList(
      'Whole messages that greet ("hi"), added to the built-in ones: answered with the menu.',
    ).optional(),
    thanks: keywordList(
      'Whole messages that thank or acknowledge ("thanks", "ok"), added to the built-in ones: a short reply.',
    ).optional(),
    goodbyes: keywordList(
      'Whole messages that take leave ("bye"), added to the built-in ones: a short reply.',
    ).optional(),
    languageNames: keywordList(
      'Whole messages that ask for this language ("español"): the conversation switches to it.',
    ).optional(),
    thanksReply: text('Reply to thanks (default: the built-in one of the language).').optional(),
    goodbyeReply: text('Reply to a goodbye (default: the built-in one).').optional(),
    notUnderstoodAgain: text(
      'Said the second time in a row the bot does not understand: offer a person (default: the built-in one).',
    ).optional(),
    optionUnavailable: text(
      'Said when a button of an older message offers an option the flow no longer has (default: the built-in one).',
    ).optional(),
    youGetReply: text(
      'Added to the answer to HELP: the kinds of message the customer gets now, {categories} (default: the built-in one).',
    ).optional(),
    youGetNoneReply: text(
      'Added to the answer to HELP for a customer who gets none of them now (default: the built-in one).',
    ).optional(),
  },
  'Small talk in one language: words added to the built-in ones, and the replies.',
);

const handoverTextsSchema = group(
  {
    idle: text(
      'Said when nobody from the team answered within the idle limit; the menu follows.',
    ).optional(),
    ended: text('Said when the team gave the conversation back; the menu follows.').optional(),
  },
  'The hand-over texts in one language (default: the built-in ones).',
);

const handoverSchema = group(
  {
    idleMinutes: count(
      'Minutes without an agent message after which the bot takes the conversation back on the customer’s next message. Default 60.',
      1,
    ).optional(),
    texts: perLanguage(handoverTextsSchema, 'The hand-over texts, per language.').optional(),
  },
  'The hand-over to a person: how long to wait for an agent, and what to say.',
);

/** The schema of a flow file. Its output is a {@link FlowDefinition}. */
export const flowSchema = group(
  {
    id: name(
      FLOW_ID,
      'lower-case letters, digits and dashes (e.g. default or spring-sale)',
      'The flow id, lower-case letters, digits and dashes.',
    ),
    version: count('The flow version; raise it with every change.', 1),
    business: group(
      { name: text('The business name as customers know it.') },
      'The business that sends the messages.',
    ),
    defaultLanguage: languageCode.meta({
      description: 'The language used when the customer’s language is unknown.',
    }),
    languages: list(languageCode, 'Every language this flow speaks.', {
      min: 1,
      error: 'needs at least one language',
    }),
    phoneNumberIds: list(
      z
        .string({ error: shapeMessage('text; put the id in quotes') })
        .regex(DIGITS, { error: 'must be digits only' }),
      'WhatsApp phone-number ids that use this flow (in quotes).',
    ).optional(),
    categories: list(categorySchema, 'The kinds of messages the customer can agree to.'),
    consent: consentPolicySchema,
    fallback: list(
      enumOf(FALLBACK_CHANNELS, 'sms, voice or email.'),
      'Channels to use when WhatsApp is not allowed.',
    ),
    keywords: perLanguage(keywordListsSchema, 'The keywords, per language.'),
    keywordPrecedence: z
      .record(z.string().min(1), languageCode, {
        error: shapeMessage('a group of "WORD: language" lines'),
      })
      .meta({
        description:
          'A word that means different things in two languages of this flow, and the language whose meaning wins (e.g. CLARO: es).',
      })
      .optional(),
    texts: perLanguage(consentTextsSchema, 'Every text the bot says, per language.'),
    service: serviceSchema,
    languageByCountry: z
      .record(
        z.string().regex(COUNTRY, {
          error: 'is not a country code; use an ISO 3166 code in capitals such as ES, MX or BR',
        }),
        languageCode,
        { error: shapeMessage('a group of "COUNTRY: language" lines') },
      )
      .meta({
        description:
          'The language of a new customer by the country of their number (e.g. BR: pt), over the built-in map.',
      })
      .optional(),
    smallTalk: perLanguage(
      smallTalkSchema,
      'Greetings, thanks and goodbyes per language, and the replies to them.',
    ).optional(),
    handover: handoverSchema.optional(),
  },
  'A WhatsApp opt-in flow.',
).meta({ title: 'WhatsApp opt-in flow' });

// Compile-time proof that a validated file is a FlowDefinition, and that the schema knows every
// field of the definition (an optional field added there and forgotten here fails to compile).
type MissingKeys<Definition, Schema extends z.ZodType> = Exclude<
  keyof Definition,
  keyof z.output<Schema>
>;
type None<T extends never> = T;
const _check: z.ZodType<FlowDefinition> = flowSchema;
const _covers: [
  None<MissingKeys<FlowDefinition, typeof flowSchema>>,
  None<MissingKeys<FlowCategory, typeof categorySchema>>,
  None<MissingKeys<ConsentTexts, typeof consentTextsSchema>>,
  None<MissingKeys<QuestionVariant, typeof questionVariantSchema>>,
  None<MissingKeys<KeywordLists, typeof keywordListsSchema>>,
  None<MissingKeys<ConsentPolicy, typeof consentPolicySchema>>,
  None<MissingKeys<ServiceChoice, typeof choiceSchema>>,
  None<MissingKeys<ServiceState, typeof serviceStateSchema>>,
  None<MissingKeys<ServiceDefinition, typeof serviceSchema>>,
  None<MissingKeys<SmallTalk, typeof smallTalkSchema>>,
  None<MissingKeys<HandoverPolicy, typeof handoverSchema>>,
  None<MissingKeys<HandoverTexts, typeof handoverTextsSchema>>,
][] = [];
void [_check, _covers];
