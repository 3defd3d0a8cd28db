/**
 * The shape of the product's built-in small talk of one language (`builtin/<lang>.ts`): the
 * greetings, thanks and goodbyes customers type, the words that name the language, the everyday
 * words that tell it on a first message, and the bot's default replies. A flow adds words and
 * may write its own replies (`smallTalk.<lang>` in the flow file); it never removes a word.
 */
export interface SmallTalkLanguage {
  /** Whole messages that greet: "hi", "good morning". A greeting is answered with the menu. */
  readonly greetings: readonly string[];
  /** Whole messages that thank or acknowledge: "thanks", "ok great". A short reply, no menu. */
  readonly thanks: readonly string[];
  /** Whole messages that take leave: "bye", "have a nice day". A short reply, no menu. */
  readonly goodbyes: readonly string[];
  /** Whole messages that ask for this language: "español", "in English". */
  readonly languageNames: readonly string[];
  /**
   * Words a customer adds around small talk that change nothing ("hi AGAIN", "thanks SO
   * MUCH", "hello THERE"): a message of small talk and these words is still small talk.
   */
  readonly fillers: readonly string[];
  /**
   * Everyday words that hint at the language of a first message ("quiero", "você", "the"): only
   * a word no other language of the flow has counts, and only to choose the first language.
   */
  readonly commonWords: readonly string[];
  /**
   * Ways of asking for a person, found anywhere in a message ("I want to TALK TO A HUMAN
   * please", "quiero HABLAR CON UNA PERSONA"), in the pattern language of the opt-out phrasings
   * (`keywords/phrase-pattern.ts`): such a message takes the flow's way to a person, when the flow
   * has one, as its "Talk to a person" choice would.
   */
  readonly askForPerson: readonly string[];
  /** The bot's replies when a flow writes none of its own. */
  readonly replies: SmallTalkReplies;
}

/** The replies of small talk and of the hand-over, in one language. */
export interface SmallTalkReplies {
  /** Answer to thanks: short, no menu. */
  readonly thanks: string;
  /** Answer to a goodbye: short, no menu. */
  readonly goodbye: string;
  /**
   * Said the second time in a row the bot did not understand, offering a person (a button to the
   * flow's hand-over follows when the menu does not offer one); the menu comes after it.
   */
  readonly notUnderstoodAgain: string;
  /** A button of an older message whose option the flow no longer has; the menu follows. */
  readonly optionUnavailable: string;
  /** Said when nobody from the team answered within the hand-over's idle limit; the menu follows. */
  readonly handoverIdle: string;
  /** Said when the team gave the conversation back to the bot; the menu follows. */
  readonly handoverEnded: string;
  /**
   * Added to the answer to HELP and to "what am I subscribed to?": the kinds of message this
   * customer gets now ({categories}).
   */
  readonly youGet: string;
  /** The same, for a customer who gets none of them now. */
  readonly youGetNone: string;
}

/** The emoji that greet, thank or take leave in every language (compared without skin tones). */
export const SMALL_TALK_EMOJI = {
  greetings: ['👋', '🙋'],
  thanks: [
    '👍',
    '🙏',
    '👌',
    '❤',
    '❤️',
    '♥',
    '😊',
    '🙂',
    '😀',
    '😁',
    '😃',
    '👏',
    '✅',
    '💯',
    '🤝',
    '🥰',
    '😍',
    '💪',
    '✌',
    '🆗',
    '🆒',
  ],
  // 👋 greets and takes leave alike: it is read as a greeting, which answers with the menu.
  goodbyes: [],
} as const;
