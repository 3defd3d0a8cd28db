import type { AskKind, OptOutTrigger } from '../consent/events.js';
import type { ConsentState } from '../consent/state.js';
import type { HandoverPhase } from '../handover/index.js';
import type { SmallTalkKind } from '../small-talk/index.js';
import type { Reply } from './inbound.js';

/**
 * The events a flow machine understands. The turn service interprets each inbound message
 * into exactly one of these (see `interpret-message.ts`) and adds the facts of the turn.
 */

/** What the machine's guards may know about the world during one turn (no clock inside). */
export interface TurnFacts {
  /** The customer's message time, epoch ms: "now" for every time rule of this turn. */
  readonly now: number;
  /**
   * The customer's message id: what the bot says in one turn is tied to it, so the machine knows
   * which of its messages came last (the consent prompt goes out after the service answer).
   */
  readonly messageId: string;
  readonly consent: ConsentState;
  readonly windowStartedAt: number;
  /** True for the customer's very first message to this business. */
  readonly firstMessage: boolean;
  /**
   * Where this message stands in a hand-over to a person (`handover/handover.ts`): `active`, the
   * bot keeps quiet but for STOP, START and HELP; `idle` or `released`, the bot takes the
   * conversation back with this message; absent, no hand-over.
   */
  readonly handover?: HandoverPhase;
  /**
   * When someone from the team last wrote during the hand-over, epoch ms: an idle end then
   * thanks them, and a typed answer is theirs unless a prompt of the bot came after it.
   */
  readonly agentWroteAt?: number;
  /**
   * When the business last sent a message of its own (a `POST /v1/messages` text or template,
   * an agent's text), epoch ms: a typed answer after it answers that, not an older prompt of
   * the bot's.
   */
  readonly businessWroteAt?: number;
  /**
   * A stable key of the contact (its first identifier) from which its question variant is drawn,
   * so the draw is the same however often it is made; absent: the message id.
   */
  readonly drawKey?: string;
}

/**
 * The consent prompts, each a message with buttons: the opt-in question, a category of "let me
 * choose", "do you want to stop?", and "do you want to stop these kinds only?".
 */
export type Prompt = 'question' | 'category' | 'stop' | 'stopSome';

/**
 * The buttons of each prompt by what they mean, in the order they are shown (a typed number
 * picks by this order). `yes` is the first, affirmative button of every prompt (for `stopSome`:
 * stop only the kinds named); `all` stops everything.
 */
export const PROMPT_BUTTONS = {
  question: ['yes', 'choose', 'no'],
  category: ['yes', 'no'],
  stop: ['yes', 'no'],
  stopSome: ['yes', 'all', 'no'],
} as const satisfies Record<Prompt, readonly string[]>;

/** A button of a prompt, by what it means. */
export type PromptButton = (typeof PROMPT_BUTTONS)[Prompt][number];

interface Base {
  readonly facts: TurnFacts;
  /** The language of this turn (`language/choose-language.ts`); absent: the conversation's. */
  readonly language?: string;
  /** The customer's text after keyword normalisation, for matching service choices. */
  readonly text?: string;
  /** A typed message that is small talk: a greeting, thanks, a goodbye or a language's name. */
  readonly smallTalk?: SmallTalkKind;
  /**
   * A typed message that asks to talk to a person ("quiero hablar con una persona"): it picks
   * the flow's way to a person when no choice's own word or number does.
   */
  readonly asksForPerson?: true;
  /**
   * A typed message that asks, as a whole, to stay subscribed ("please don't unsubscribe me",
   * "no me den de baja"): to "do you want to stop?" it is the no.
   */
  readonly staysSubscribed?: true;
  /**
   * A typed message that asks: a question mark ends it or "¿" opens it ("and my orders?"). The
   * kinds it names answer no stop question.
   */
  readonly asks?: true;
}

export type ConversationEvent =
  /**
   * An opt-out: the customer sent an opt-out keyword, or tapped "Yes, stop them" on the stop
   * confirmation (then `keyword` is absent). Either is obeyed in every state.
   */
  | (Base & {
      readonly type: 'keyword.optout';
      readonly keyword?: string;
      /** A whole-message word, a sentence, or a tap on a stop confirmation's button. */
      readonly via?: 'keyword' | 'phrase' | 'confirmation';
    })
  | (Base & {
      readonly type: 'keyword.optin';
      readonly keyword: string;
      /** Said in a sentence ("quero receber as ofertas"), not as an opt-in word (START). */
      readonly via?: 'phrase';
    })
  | (Base & { readonly type: 'keyword.help' })
  /**
   * A yes, no or "let me choose": a tap on a prompt's button (`prompt` says which prompt), or a
   * typed yes/no word (no `prompt`: the machine decides whether it answers anything).
   */
  | (Base & { readonly type: 'answer.yes' } & TapFacts)
  | (Base & { readonly type: 'answer.no' } & TapFacts)
  | (Base & { readonly type: 'answer.choose' } & TapFacts)
  /** A sentence that may mean stop ("please stop it", "No, stop"). */
  | (Base & { readonly type: 'stop.ambiguous'; readonly keyword: string })
  /** A message that asks to stop some kinds of message ("stop sending me promos"). */
  | (Base & {
      readonly type: 'stop.some';
      readonly keyword: string;
      /** The flow categories it names. */
      readonly categories: readonly string[];
      /** Categories a clause of it keeps ("…, but keep the promos"): never offered to stop. */
      readonly kept?: readonly string[];
    })
  | (Base & { readonly type: 'service.choice'; readonly choiceId: string })
  | (Base & { readonly type: 'message' })
  | (Base & { readonly type: 'media'; readonly mediaType: string })
  /**
   * Not a customer message: an agent gave the conversation back and asked the bot to greet the
   * customer at once (inside the window). The service region greets them back with the menu.
   */
  | (Base & { readonly type: 'handover.ended'; readonly reason: 'released' | 'idle' });

/** What a tapped consent button tells, besides its meaning. */
interface TapFacts {
  /** The prompt the tapped button belongs to; absent for a typed answer. */
  readonly prompt?: Prompt;
  /** For a category button: the category it answers (from the button id). */
  readonly category?: string;
  /**
   * The text of the message the tapped button was under, when the channel says which message
   * it was (WhatsApp's `context.id`) and we still know it: the question the customer answered.
   */
  readonly shown?: string;
}

export type ConversationEventType = ConversationEvent['type'];

/** What a machine asks the world to do; it never does it itself. */
export type ConversationIntent =
  /** A reply; `from` tells which region said it: service answers go out before consent prompts. */
  | {
      readonly type: 'reply';
      readonly reply: Reply;
      readonly from: 'service' | 'consent';
      /**
       * Of a service reply, what it does besides showing choices: answers what the customer
       * asked for (a state they picked, not the menu), or offers a person after two messages
       * the bot did not understand. Typed answers read it (`last-said.ts`).
       */
      readonly role?: 'answer' | 'personOffer';
    }
  | {
      readonly type: 'consent.grant';
      readonly categories: readonly string[];
      readonly questionText: string;
      readonly language: string;
      /** The variant of the question answered. */
      readonly variant?: string;
    }
  | {
      readonly type: 'consent.decline';
      readonly questionText: string;
      readonly language: string;
      readonly variant?: string;
      /** A no to these new categories alone; absent: a no to the question. */
      readonly categories?: readonly string[];
    }
  | {
      readonly type: 'consent.revoke';
      readonly keyword?: string;
      readonly language: string;
      /** Only these categories; absent: every category (STOP). */
      readonly categories?: readonly string[];
      /** A STOP while already opted out: kept as proof, nothing said (PRODUCT.md, Opt-out). */
      readonly repeated?: boolean;
      /** How the customer asked to stop. */
      readonly trigger?: OptOutTrigger;
    }
  /** The bot showed a question (`ask` says which) offering `categories`: a fact for the ledger. */
  | {
      readonly type: 'question.asked';
      readonly language: string;
      readonly ask: AskKind;
      readonly categories: readonly string[];
      readonly variant: string;
    }
  | { readonly type: 'handover'; readonly state: string };

/**
 * Reply-button ids the compiler gives the consent prompts. A category button's id ends with the
 * category it answers (`consent.category.yes.orders`), so a tap on an older category question
 * is never taken for the one being asked.
 */
export const CONSENT_BUTTON_IDS = {
  yes: 'consent.yes',
  choose: 'consent.choose',
  no: 'consent.no',
  categoryYes: 'consent.category.yes',
  categoryNo: 'consent.category.no',
  stopYes: 'stop.yes',
  stopNo: 'stop.no',
  stopSomeThese: 'stop.some.these',
  stopSomeAll: 'stop.some.all',
  stopSomeNo: 'stop.some.no',
} as const;

/**
 * The prompt a reply asks, from its button ids: `undefined` for anything else (a service answer,
 * a confirmation without buttons).
 */
export function promptOf(reply: Reply): Prompt | undefined {
  if (reply.type !== 'buttons') return undefined;
  const ids = reply.buttons.map((b) => b.id);
  if (ids.includes(CONSENT_BUTTON_IDS.yes)) return 'question';
  if (ids.some((id) => id.startsWith(CONSENT_BUTTON_IDS.categoryYes))) return 'category';
  if (ids.includes(CONSENT_BUTTON_IDS.stopYes)) return 'stop';
  if (ids.includes(CONSENT_BUTTON_IDS.stopSomeThese)) return 'stopSome';
  return undefined;
}

/** Service choices are sent with this prefix so they never clash with consent buttons. */
export const SERVICE_CHOICE_PREFIX = 'service.';
