/**
 * The consent ledger's vocabulary: every change of consent is one immutable event.
 * Current state is a projection of these (see `project-consent.ts`).
 */

/**
 * Where a consent decision came from (PRODUCT.md, Proof of consent). `emulator` is a
 * conversation through the Bot Framework endpoint (`/api/messages`): recorded as what it was,
 * never as WhatsApp consent.
 */
export const CONSENT_SOURCES = [
  'whatsapp',
  'web',
  'sms',
  'ivr',
  'crm',
  'agent',
  'api',
  'emulator',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** A value of an evidence field another channel sent: no nested objects or lists. */
export type EvidenceValue = string | number | boolean;

/** What a consent decision rests on: enough to show a regulator what the customer saw and said. */
export interface ConsentEvidence {
  /** The exact question text shown to the customer, when there was one. */
  readonly questionText?: string;
  readonly flowId?: string;
  readonly flowVersion?: number;
  /** Fingerprint of the flow version's consent texts (`consentTextsHash`): what the customer read. */
  readonly textsHash?: string;
  /** The customer's reply, verbatim (button title or typed text). */
  readonly replyText?: string;
  /** The WhatsApp message id of that reply. */
  readonly messageId?: string;
  /** The keyword that triggered an opt-in/opt-out, normalised, and its language. */
  readonly keyword?: string;
  readonly language?: string;
  /** Free-form proof from another channel: call recording id, agent name… */
  readonly note?: string;
  /** The page the customer acted on (a web form), as another channel sent it. */
  readonly url?: string;
  /** The form or campaign the customer used, as another channel names it. */
  readonly formId?: string;
  /** The customer's IP address and browser, as a web form recorded them. */
  readonly ip?: string;
  readonly userAgent?: string;
  /** When the customer ticked the box, ISO 8601 as the other channel sent it. */
  readonly capturedAt?: string;
  /**
   * Any other proof another channel sent (a double opt-in token, a checkbox text…), kept
   * verbatim: field name → text, number or true/false.
   */
  readonly fields?: Readonly<Record<string, EvidenceValue>>;
  /** WhatsApp error code when the event comes from a send error (e.g. 131050). */
  readonly errorCode?: number;
  /** The store id of the contact merged into this one (`contact.merged`): no personal data. */
  readonly mergedContactId?: string;
  /**
   * The variant of the opt-in question the customer was shown (`questionVariants` of the flow;
   * `standard` for the flow's own `question`), on asks and on the answers to them.
   */
  readonly variant?: string;
  /** What a `consent.asked` event shows: see {@link AskKind}. */
  readonly ask?: AskKind;
  /** How the customer (or WhatsApp) asked to stop, on opt-outs: see {@link OptOutTrigger}. */
  readonly trigger?: OptOutTrigger;
}

/**
 * What was shown to the customer when the bot asked (`consent.asked`):
 * - `question`: the opt-in question; `reask`: the question again, later in the window;
 * - `category`: one category of "let me choose", or the next new category of a new-category ask;
 * - `new_category`: a question about categories the flow gained after the customer said yes.
 * A `question`, `reask` or `new_category` ask starts a new question (the report attributes the
 * answers that follow to it); a `category` ask continues the one before it.
 */
export const ASK_KINDS = ['question', 'reask', 'category', 'new_category'] as const;
export type AskKind = (typeof ASK_KINDS)[number];

/**
 * How an opt-out came about, as the consent report counts it:
 * - `keyword`: a whole-message opt-out word (STOP, BAJA…);
 * - `phrase`: a sentence ("stop sending me messages", "stop sending me promos");
 * - `confirmation`: a tap on "Yes, stop them" / "Stop everything" after a sentence that may mean stop;
 * - `stop_promotions`: WhatsApp's "Stop promotions" button under a marketing template;
 * - `user_preferences`: WhatsApp's `user_preferences` webhook (marketing_messages stop);
 * - `error_131050`: send error 131050 (the customer stopped marketing messages in WhatsApp).
 * Opt-outs recorded through the REST API carry their own `source` instead.
 */
export const OPT_OUT_TRIGGERS = [
  'keyword',
  'phrase',
  'confirmation',
  'stop_promotions',
  'user_preferences',
  'error_131050',
] as const;
export type OptOutTrigger = (typeof OPT_OUT_TRIGGERS)[number];

interface ConsentEventBase {
  /** Unique id of the event. */
  readonly id: string;
  /** The store key of the contact this event belongs to. */
  readonly contactId: string;
  /** When the customer acted (the message timestamp for WhatsApp), epoch ms. */
  readonly occurredAt: number;
  /** When we recorded it, epoch ms. */
  readonly recordedAt: number;
  readonly source: ConsentSource;
  readonly evidence: ConsentEvidence;
}

/** The customer said yes to these categories. */
export interface ConsentGranted extends ConsentEventBase {
  readonly type: 'consent.granted';
  readonly categories: readonly string[];
}

/** The customer withdrew consent: `categories` absent means every category (STOP). */
export interface ConsentRevoked extends ConsentEventBase {
  readonly type: 'consent.revoked';
  readonly categories?: readonly string[];
}

/**
 * The customer answered no to the question: not asked again until the cool-down passes. With
 * `categories`, a no to a question about those categories alone (new categories of a customer
 * who had said yes): it records the answer and changes no consent.
 */
export interface ConsentDeclined extends ConsentEventBase {
  readonly type: 'consent.declined';
  readonly categories?: readonly string[];
}

/**
 * WhatsApp's own marketing opt-out: the "Stop promotions" button, the `user_preferences`
 * webhook, or send error 131050. Suppresses the MARKETING categories only.
 */
export interface MarketingSuppressed extends ConsentEventBase {
  readonly type: 'consent.marketing_suppressed';
}

/** The customer resumed marketing messages through WhatsApp's `user_preferences` webhook. */
export interface MarketingResumed extends ConsentEventBase {
  readonly type: 'consent.marketing_resumed';
}

/** The contact's personal data was erased; the opt-out (if any) is kept against a keyed hash. */
export interface ContactErased extends ConsentEventBase {
  readonly type: 'contact.erased';
}

/**
 * A message named the phone of one contact and the user id of another: they are one person, and
 * the other contact (`evidence.mergedContactId`) was merged into this one, its events with it.
 * Changes no consent: the merged ledger decides, latest by time.
 */
export interface ContactMerged extends ConsentEventBase {
  readonly type: 'contact.merged';
}

/**
 * The bot showed the customer the opt-in question, a category question or a question about new
 * categories (`evidence.ask`), offering `categories`: a fact for the consent report, with the
 * flow id, version, texts hash, language and question variant in `evidence`. Changes no consent.
 */
export interface ConsentAsked extends ConsentEventBase {
  readonly type: 'consent.asked';
  readonly categories: readonly string[];
}

export type ConsentEvent =
  | ConsentAsked
  | ConsentGranted
  | ConsentRevoked
  | ConsentDeclined
  | MarketingSuppressed
  | MarketingResumed
  | ContactErased
  | ContactMerged;

export type ConsentEventType = ConsentEvent['type'];

/** An event before the store gives it an id and a contact. */
export type NewConsentEvent = ConsentEvent extends infer E
  ? E extends ConsentEvent
    ? Omit<E, 'id' | 'contactId'>
    : never
  : never;
