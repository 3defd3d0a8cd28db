/**
 * The shape of a flow file (`flows/*.yaml`) after validation: data written by business teams.
 * The schema in `schema.ts` validates files against exactly this type; the compiler turns it
 * into one XState machine.
 */

/** WhatsApp's current template categories. */
export const WHATSAPP_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type WhatsAppCategory = (typeof WHATSAPP_CATEGORIES)[number];

/** Channels a business may fall back to when WhatsApp is not allowed. */
export const FALLBACK_CHANNELS = ['sms', 'voice', 'email'] as const;
export type FallbackChannel = (typeof FALLBACK_CHANNELS)[number];

/** When to ask the opt-in question (PRODUCT.md, Flow definitions). */
export const ASK_POLICIES = ['first_message', 'after_first_answer', 'never'] as const;
export type AskPolicy = (typeof ASK_POLICIES)[number];

/** A text in every language of the flow, keyed by language code (`en`, `es`, `pt`). */
export type Localized = Readonly<Record<string, string>>;

/**
 * Keyword lists of one language. Matching is whole-message, after normalisation. The opt-out,
 * opt-in and help words ADD to the product's built-in words of the language (`keywords/builtin`).
 */
export interface KeywordLists {
  readonly optOut: readonly string[];
  readonly optIn: readonly string[];
  readonly help: readonly string[];
  /** Words that answer the question with yes / no when typed instead of tapped. */
  readonly yes: readonly string[];
  readonly no: readonly string[];
  /** Opt-out phrasings of a whole message, added to the built-in ones (pattern syntax: flows/README.md). */
  readonly optOutPhrases?: readonly string[];
  /** Phrasings that, anywhere in a message, may mean stop: the bot asks to confirm. */
  readonly maybeOptOutPhrases?: readonly string[];
}

export interface FlowCategory {
  /** Stable id used in the ledger and the API, e.g. `orders`. */
  readonly id: string;
  /** How the category is named to the customer, per language ("order updates"). */
  readonly label: Localized;
  /**
   * Other names customers use for the category, per language ("delivery updates", "verification
   * codes"): read in what they type like the label, never shown.
   */
  readonly otherNames?: Readonly<Record<string, readonly string[]>>;
  readonly whatsappCategory: WhatsAppCategory;
  /** Names of the approved templates that belong to this category. */
  readonly templates: readonly string[];
}

/**
 * The WhatsApp category each consent category of a flow maps to, by id: what a customer's yes to
 * that id was a yes to. A live id must keep its kind (`flows/live-categories.ts`).
 */
export type CategoryKinds = Readonly<Record<string, WhatsAppCategory>>;

/**
 * The kinds of a flow's categories.
 * @example categoryKinds(flow) // { orders: 'UTILITY', account: 'AUTHENTICATION', offers: 'MARKETING' }
 */
export function categoryKinds(flow: Pick<FlowDefinition, 'categories'>): CategoryKinds {
  return Object.fromEntries(flow.categories.map((c) => [c.id, c.whatsappCategory]));
}

/**
 * Every name of `category` a customer may write, in every language: its labels, then its other
 * names.
 * @example categoryNames(orders) // ['order updates', 'avisos de tus pedidos', …, 'delivery updates']
 */
export function categoryNames(category: FlowCategory): string[] {
  return [...Object.values(category.label), ...Object.values(category.otherNames ?? {}).flat()];
}

/**
 * Another wording of the opt-in question, tried on a share of the customers (an experiment).
 * Each customer is shown one wording, drawn by weight and kept; the rest see `question`.
 */
export interface QuestionVariant {
  /** Stable name of the variant, recorded with every ask and answer (`short`, `friendly`). */
  readonly id: string;
  /** Out of 100: the share of customers who see it. The standard `question` gets what is left. */
  readonly weight: number;
  /** The question in this wording; placeholders `{business}` and `{categories}`. */
  readonly question: string;
  /** The re-ask in this wording; absent: the language's `reask`. */
  readonly reask?: string;
}

/** Every text the consent conversation says, in one language. */
export interface ConsentTexts {
  /** The opt-in question; placeholders `{business}` and `{categories}`. */
  readonly question: string;
  /** Other wordings of the question to compare with it (see {@link QuestionVariant}). */
  readonly questionVariants?: readonly QuestionVariant[];
  /** Re-ask when the question is still open later in the window. Same placeholders. */
  readonly reask: string;
  readonly buttons: {
    /** Reply-button titles: WhatsApp allows at most 20 characters each. */
    readonly yes: string;
    readonly choose: string;
    readonly no: string;
  };
  /** Asked per category when the customer chose "choose"; placeholder `{category}`. */
  readonly categoryQuestion: string;
  /**
   * Asked of a customer who said yes, once, when the flow has gained a category since: one
   * question per new category, with the category buttons. Placeholders `{business}` and
   * `{categories}` (the new category). Absent: such customers are not asked.
   */
  readonly newCategoryQuestion?: string;
  readonly categoryButtons: { readonly yes: string; readonly no: string };
  /** Confirmation after yes; placeholders `{business}`, `{categories}`. */
  readonly optedIn: string;
  /** Reply to a no. */
  readonly declined: string;
  /** Confirmation of STOP; sent once. */
  readonly optedOut: string;
  /** Answer to HELP: business name, categories, how to stop. Placeholders as the question. */
  readonly help: string;
  /** Asked when a sentence merely contains an opt-out word ("I can't stop laughing"). */
  readonly stopConfirm: string;
  readonly stopConfirmButtons: { readonly yes: string; readonly no: string };
  /** Reply when the customer answered "no, don't stop" to the confirmation. */
  readonly stopCancelled: string;
  /**
   * Asked when a message asks to stop one kind of message ("stop sending me promos"):
   * placeholders `{business}` and `{categories}` (the categories it named).
   */
  readonly stopSomeConfirm: string;
  readonly stopSomeButtons: {
    /** Stop only the categories named. */
    readonly these: string;
    /** Stop every category (an opt-out, like STOP). */
    readonly all: string;
    readonly no: string;
  };
  /** Confirmation after stopping only some categories; placeholders `{business}`, `{categories}`. */
  readonly optedOutSome: string;
  /** Reply to a message the service conversation does not understand. */
  readonly unrelated: string;
  /** Reply to media, stickers, locations and other messages that carry no text. */
  readonly unsupported: string;
}

export interface ConsentPolicy {
  readonly ask: AskPolicy;
  /** Days after a decline before the question may be asked again. */
  readonly declineCooldownDays: number;
  /** How many times the question may be asked within one customer-service window. */
  readonly maxAsksPerWindow: number;
  /** Days after which an opt-in lapses and may be asked again; absent: never. */
  readonly expiryDays?: number;
  /** What to do with a sentence that contains an opt-out word: ask to confirm, or ignore. */
  readonly ambiguousStop: 'confirm' | 'ignore';
  /**
   * Hours during which a TYPED answer ("yes", a button's title or number) may answer a question
   * that is still the bot's latest message (a tap on its button always answers it).
   */
  readonly answerPeriodHours: number;
  /**
   * The gap before an unanswered question is asked again in the same window: not before the
   * customer's this-many-th message after the last ask (2 or more: never twice in a row).
   * Absent: {@link DEFAULT_REASK_AFTER_MESSAGES}.
   */
  readonly reaskAfterMessages?: number;
}

/** The re-ask gap of a flow that sets none: the customer's third message after the last ask. */
export const DEFAULT_REASK_AFTER_MESSAGES = 3;

/**
 * Small talk of one language (PRODUCT.md, "The customer's language"; issue 10): words ADDED to
 * the product's built-in ones (`small-talk/builtin`), and the replies, which default to the
 * built-in ones of the language.
 */
export interface SmallTalk {
  /** Whole messages that greet ("hi"): answered with the menu, never with an apology. */
  readonly greetings?: readonly string[];
  /** Whole messages that thank or acknowledge ("thanks", "ok"): a short reply, no menu. */
  readonly thanks?: readonly string[];
  /** Whole messages that take leave ("bye"): a short reply, no menu. */
  readonly goodbyes?: readonly string[];
  /** Whole messages that ask for this language ("español"): the conversation switches to it. */
  readonly languageNames?: readonly string[];
  /** Reply to thanks. */
  readonly thanksReply?: string;
  /** Reply to a goodbye. */
  readonly goodbyeReply?: string;
  /** Said the second time in a row the bot does not understand; it offers a person. */
  readonly notUnderstoodAgain?: string;
  /** Said when the customer taps an option an older message offered and the flow no longer has. */
  readonly optionUnavailable?: string;
  /** Added to the answer to HELP: the kinds this customer gets now ({categories}). */
  readonly youGetReply?: string;
  /** Added to the answer to HELP for a customer who gets none of them now. */
  readonly youGetNoneReply?: string;
}

/** The hand-over to people (issue 10): how long it waits for an agent, and what it says. */
export interface HandoverPolicy {
  /**
   * Minutes without an agent message after which the next customer message is answered by the
   * bot again, which says so. Absent: {@link DEFAULT_HANDOVER_IDLE_MINUTES}.
   */
  readonly idleMinutes?: number;
  /** Per language; each text defaults to the built-in one of the language. */
  readonly texts?: Readonly<Record<string, HandoverTexts>>;
}

/** The hand-over's texts in one language. */
export interface HandoverTexts {
  /** Said when nobody answered within the idle limit; the menu follows. */
  readonly idle?: string;
  /** Said when the team gave the conversation back; the menu follows. */
  readonly ended?: string;
}

/** The hand-over's idle limit of a flow that sets none. */
export const DEFAULT_HANDOVER_IDLE_MINUTES = 60;

/** One choice the customer can make in a service state: a button, a list row or a word. */
export interface ServiceChoice {
  readonly id: string;
  /** Button or list-row title per language. */
  readonly title: Localized;
  /** Typed words that pick this choice, per language (whole-message match). */
  readonly keywords?: Readonly<Record<string, readonly string[]>>;
  /** The service state to go to. */
  readonly target: string;
  /** A named guard from the code registry; the choice is offered only when it holds. */
  readonly guard?: string;
}

/** A state of the in-session service conversation: what it says and where it can go. */
export interface ServiceState {
  readonly say: Localized;
  readonly choices?: readonly ServiceChoice[];
  /** Named actions from the code registry, run on entering the state (e.g. `handOverToAgent`). */
  readonly actions?: readonly string[];
  /** Title of the button that opens the list, needed when a state has more than 3 choices (≤ 20 characters). */
  readonly listButton?: Localized;
}

export interface ServiceDefinition {
  /** The state a customer lands in with their first message and with a `menu` keyword. */
  readonly initial: string;
  /** Choices available from every state (e.g. "menu"). */
  readonly global?: readonly ServiceChoice[];
  readonly states: Readonly<Record<string, ServiceState>>;
}

export interface FlowDefinition {
  readonly id: string;
  readonly version: number;
  readonly business: { readonly name: string };
  readonly defaultLanguage: string;
  readonly languages: readonly string[];
  /** WhatsApp phone-number ids that use this flow; empty/absent: only as the default flow. */
  readonly phoneNumberIds?: readonly string[];
  readonly categories: readonly FlowCategory[];
  readonly consent: ConsentPolicy;
  readonly fallback: readonly FallbackChannel[];
  /**
   * Per language. The product's built-in opt-out, opt-in and help words of each language are
   * always there too (`keywords/builtin`); the file adds words, never removes them.
   */
  readonly keywords: Readonly<Record<string, KeywordLists>>;
  /**
   * A word that means different things in two languages of the flow, and the language whose
   * meaning wins (an opt-out meaning always wins): `{ CLARO: es }`.
   */
  readonly keywordPrecedence?: Readonly<Record<string, string>>;
  readonly texts: Readonly<Record<string, ConsentTexts>>;
  readonly service: ServiceDefinition;
  /**
   * The language of a new customer by the country of their number (ISO 3166 code → a language
   * of the flow), over the product's built-in map (`language/country-language.ts`).
   */
  readonly languageByCountry?: Readonly<Record<string, string>>;
  /** Small talk per language: words added to the built-in ones, and replies. */
  readonly smallTalk?: Readonly<Record<string, SmallTalk>>;
  /** The hand-over to people: idle limit and texts. */
  readonly handover?: HandoverPolicy;
}
