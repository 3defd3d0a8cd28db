/**
 * The shape of the product's built-in words and phrasings for one language (`builtin/<lang>.ts`).
 * They are product data, not flow data: a flow may add to them, never remove them (PRODUCT.md,
 * "STOP cannot be configured away").
 */
export interface BuiltinLanguage {
  /**
   * Whole-message opt-out words: the customer's message is one of these (in any case, with
   * punctuation or emoji, or with a small typo) and they are opted out of everything at once.
   */
  readonly optOut: readonly string[];
  /**
   * The opt-out words that still hint at a wish to stop inside a longer sentence ("please stop
   * it"): the bot asks its short confirmation (`consent.ambiguousStop`). Everyday words that are
   * also opt-out words alone (END, SALIR, PARA) are not in it: "the end table" is no stop.
   */
  readonly optOutInSentence: readonly string[];
  /** The customer asks to receive messages again (START). */
  readonly optIn: readonly string[];
  /** The customer asks for help (HELP). */
  readonly help: readonly string[];
  /**
   * Verbs with which a text tells the customer what to type ("Reply STOP", "Responde BAJA"):
   * the compliance check reads the word that follows as a word the customer is told to send.
   */
  readonly replyVerbs: readonly string[];
  /**
   * How a text says what a word is for when it is for stopping ("to stop", "para dejar de"): a
   * word the customer is told to send for that must be an opt-out word.
   */
  readonly stopPurposes: readonly string[];
  /**
   * How people say "go ahead" ("ok", "k", "dale", "blz", "please do"): typed in answer to the
   * bot's own "do you want to stop?" (or "stop just those?") while it is the latest message,
   * they confirm the stop, as the yes button does. Nowhere else: "ok" after a menu is thanks.
   */
  readonly goAhead: readonly string[];
  /**
   * How people say "everything" ("all", "todo", "tudo"): typed in answer to the bot's "stop just
   * those?" while it is the latest message, they pick its "stop everything"; to "do you want to
   * stop?", its yes. Nowhere else.
   */
  readonly everything?: readonly string[];
  /**
   * How people say "no, keep them" to the bot's "do you want to stop?" ("no, sigue", "continuar",
   * "keep them"): typed while it is the latest message, they are its no, and the customer hears
   * that nothing changes. Nowhere else.
   */
  readonly keepGoing?: readonly string[];
  /**
   * How people take back a yes they just gave ("wait no", "me equivoqué", "mudei de ideia"):
   * typed right after the bot's thanks for a yes, within the answer period, the bot asks whether
   * to stop, as after the flow's own no words (`consent-region.ts`, `TAKES_BACK_YES`). Nowhere
   * else: they record nothing and answer no other prompt. Not a bare "oops": "UPS?" is a carrier.
   */
  readonly takeBack?: readonly string[];
  /**
   * How people take back a no they just gave ("actually, yes", "mejor sí", "pensando bem, sim"):
   * typed right after the bot acknowledged the no, within the answer period, the bot shows the
   * question again, as after the flow's own yes words. Nowhere else, and nothing is recorded
   * until the question is answered.
   */
  readonly takeBackNo?: readonly string[];
  /**
   * How people acknowledge what they were told, in words that may also agree ("vale", "dale",
   * "claro", "sure", "pode ser"): typed right after a service answer that went out with a
   * question in the same turn, they take in the answer and answer no question; the question is
   * shown again, as after "ok" (`answer-of.ts`). With thanks ("vale, gracias") they are thanks.
   */
  readonly acknowledge?: readonly string[];
  /**
   * How people say "let me choose" to the opt-in question in their own words ("elegir", "déjame
   * elegir", "escolher", "let me pick", "only some of them"): typed while the question is the
   * latest message, within the answer period, they pick its "let me choose" button, as its title
   * typed does. Nowhere else.
   */
  readonly choose?: readonly string[];
  /**
   * How people say "yes, all of them" to the opt-in question in their own words ("yes to all",
   * "sí a todo", "sim pra tudo"): typed while the question is the latest message, within the
   * answer period, they pick its yes button, as its title typed does. Nowhere else.
   */
  readonly yesToAll?: readonly string[];
  /** Opt-out phrasings beyond single words (see {@link PhraseData}). */
  readonly phrases: PhraseData;
}

/**
 * Opt-out phrasings of one language, as patterns over words. A pattern is words separated by
 * spaces, matched after the same normalisation as keywords (case, accents, punctuation and
 * emoji do not matter; apostrophes are dropped, so write `dont` for "don't"), where
 * - `(a|b c)` is one of the alternatives,
 * - `[a|b c]` is one of them or nothing,
 * - `{name}` is any word of the group `name` (see `groups`),
 * - `...` is up to three words of any kind.
 * @example 'stop {send} [me] [{messages}]' // "stop sending me messages", "stop texting me"
 */
export interface PhraseData {
  /**
   * Words a customer adds that change nothing ("please", "thanks", "hi"): left out before
   * matching, so "STOP please" is STOP and "Yes please" is yes.
   */
  readonly fillers: readonly string[];
  /**
   * Word sequences whose words together mean something else than each alone, so their fillers
   * stay: Portugal's "para já" is "for now" ("Obrigado, para já"), never PARA with its "já"
   * left out. What they may still mean is for the patterns (`maybeOptOut`) to say.
   */
  readonly idioms?: readonly string[];
  /**
   * Words people open with before what they mean ("actually", "hmm", "mejor", "na verdade"):
   * read past at the start of a message that matches nothing with them, so "hmm actually i
   * dont want the offers" is the wish to stop the offers. Never to read a yes or a no: hedges
   * before an answer are the answers' to weigh (`answer-of.ts`).
   */
  readonly openers?: readonly string[];
  /** Named word groups used in patterns as `{name}`. `promos` names marketing messages. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /**
   * Shorthands people type for words of the patterns and groups, by word (as phrases see it:
   * `nao` for "não"): `{ que: ['q'], nao: ['n'] }`. A pattern's word also matches them, so "n
   * quero mais msgs" reads as "não quero mais mensagens". Only in phrasings: a shorthand is never
   * a keyword on its own. Never for an opt-out word ("pra" for "para" read "pra já!", "right
   * away!", as a stop), and never an everyday word that could make a sentence one.
   */
  readonly shorthands?: Readonly<Record<string, readonly string[]>>;
  /** Patterns of a WHOLE message that asks to stop: the customer is opted out (or offered to stop one kind). */
  readonly optOut: readonly string[];
  /** Patterns that, ANYWHERE in a message, may mean the customer wants to stop: the bot asks. */
  readonly confirm: readonly string[];
  /**
   * Patterns of a WHOLE message that may mean stop or something else (in Mexico "no más" is
   * "that's all"): the bot asks, as for `confirm`.
   */
  readonly maybeOptOut?: readonly string[];
  /**
   * Patterns of a WHOLE message that asks to receive messages ("I want to get your offers",
   * "quero receber as ofertas"): read as the customer's START, so the bot shows its question,
   * and nothing is recorded until it is answered. Only when nothing in the message may mean
   * stop: a wish to stop always wins.
   */
  readonly optIn?: readonly string[];
  /**
   * Patterns in which an in-sentence opt-out word means something else ("stop by", "can't stop
   * laughing"): no confirmation, unless the message also speaks of messages.
   */
  readonly notStop: readonly string[];
  /**
   * Patterns of the START of a message that ask NOT to stop ("dont stop sending me order
   * updates", "no dejen de mandarme ofertas", "não parem de mandar"): what follows is no wish to
   * stop. Only the forms that ask: "no paran de mandarme mensajes" (they keep sending) is a
   * complaint, and may mean stop.
   */
  readonly keepOn?: readonly string[];
  /**
   * Patterns that ask why no messages come, anywhere in a message ("how come you dont message me
   * about my order?", "¿por qué no me mandan nada de mi pedido?", "claro, pq não me manda as
   * promoções também"): a complaint that they are missing, no wish to stop. The rest of the
   * message may still be one ("why dont you text me about my orders and stop the promos"): the
   * bot asks.
   */
  readonly whyNot?: readonly string[];
  /**
   * Patterns of a WHOLE wish that asks to stop only with the kinds named after it ("I don't
   * want to hear about my orders anymore", "não quero mais saber dos meus pedidos"): the bot
   * offers to stop those; alone, or about anything else ("i dont want to hear excuses"), no
   * wish to stop.
   */
  readonly wishAboutKinds?: readonly string[];
  /**
   * Whole messages that ask to stay subscribed ("please don't unsubscribe me", "no quiero darme
   * de baja", "não me tirem da lista"): no wish to stop. Only whole: "don't unsubscribe me from
   * everything, just the promos" still asks to stop the promos.
   */
  readonly staySubscribed?: readonly string[];
}

/** The group whose words name marketing messages: promos, offers, ads… */
export const MARKETING_GROUP = 'promos';
/** The group whose words name messages in general, for `notStop`. */
export const MESSAGES_GROUP = 'messages';
