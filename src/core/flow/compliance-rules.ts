/**
 * The compliance rules of a flow, one table: each rule's message (what is wrong) and hint
 * (how the business editor fixes it). The checks in `check-compliance.ts` only decide *where*
 * a rule is broken; the words live here.
 */

/** Values a rule's message or hint is filled with. */
export type RuleParams = Readonly<Record<string, string | number>>;

interface Rule {
  readonly message: (p: RuleParams) => string;
  readonly hint: (p: RuleParams) => string;
  /** A warning: said, but the flow is still loaded. Absent: an error, and the flow is refused. */
  readonly severity?: 'warning';
}

const s = (value: string | number | undefined): string => String(value ?? '');

/** A keyword list as the editor reads it, with its article: `optIn` → "an opt-in word". */
const KEYWORD_KINDS: Readonly<Record<string, string>> = {
  optOut: 'an opt-out word',
  optIn: 'an opt-in word',
  help: 'a help word',
  yes: 'a "yes" word',
  no: 'a "no" word',
};
const kindOf = (kind: string | number | undefined): string =>
  KEYWORD_KINDS[s(kind)] ?? `a ${s(kind)} word`;

/** WhatsApp Business Platform limits (interactive messages and text messages). */
export const WHATSAPP_LIMITS = {
  buttonTitle: 20,
  listRowTitle: 24,
  buttons: 3,
  listRows: 10,
  bodyWithButtons: 1024,
  textBody: 4096,
} as const;

export const COMPLIANCE_RULES = {
  // (a) The opt-in question, re-ask and help (WhatsApp opt-in policy, PRODUCT.md).
  textMissingBusiness: {
    message: (p) => `does not name the business "${s(p.business)}" (${s(p.language)})`,
    hint: () => 'write {business} in the text; WhatsApp requires the opt-in to name the business',
  },
  // A question the customer's yes answers must ask (a tester's: "You are now subscribed…
  // Reply OK to continue" opted in whoever replied "ok").
  textNotAsking: {
    message: (p) =>
      `does not ask the customer anything: it has no question mark (${s(p.language)})`,
    hint: () =>
      'ask plainly whether they want the messages ("Would you like to get … on WhatsApp?"): only a yes to a question opts a customer in, and a text that tells them they are subscribed is no question',
  },
  textMissingWhatsApp: {
    message: (p) => `does not say the messages come over WhatsApp (${s(p.language)})`,
    hint: () => 'say "on WhatsApp" in the text; WhatsApp requires the opt-in to name WhatsApp',
  },
  textMissingCategory: {
    message: (p) => `does not name the category "${s(p.label)}" (${s(p.language)})`,
    hint: () =>
      'write {categories} in the text so every kind of message is named, as WhatsApp requires',
  },
  textMissingStop: {
    message: (p) =>
      `does not say how to stop (${s(p.language)}): it must tell the customer to send an opt-out word of this language`,
    hint: (p) =>
      `write e.g. "Reply ${s(p.example)} at any time to stop them"; a word that merely appears ("we never stop caring") does not tell the customer what to send`,
  },
  textMissingPlaceholder: {
    message: (p) => `does not say ${s(p.placeholder)} (${s(p.language)})`,
    hint: (p) =>
      p.placeholder === '{category}'
        ? 'write {category} where the kind of message goes: the customer must read which kind each yes is for'
        : 'write {categories} where the kinds of message go: the customer must read which ones stop',
  },
  textUnknownPlaceholder: {
    message: (p) =>
      `has ${s(p.placeholder)}, which the bot does not fill in: the customer would read "${s(p.placeholder)}" as written`,
    hint: (p) =>
      `use one the bot fills in here (${s(p.known)}), or write the words themselves; check the spelling`,
  },
  textUnknownReplyWord: {
    message: (p) =>
      `tells the customer to send "${s(p.word)}", which the bot does not understand in ${s(p.language)}`,
    hint: (p) =>
      `use a word the bot knows in ${s(p.language)} (its keywords, or a menu word), or add "${s(p.word)}" to the right list under keywords.${s(p.language)}`,
  },
  textStopWordNotOptOut: {
    message: (p) =>
      `tells the customer to send "${s(p.word)}" to stop, but "${s(p.word)}" is not an opt-out word in ${s(p.language)}`,
    hint: (p) =>
      `name an opt-out word (e.g. STOP), or add "${s(p.word)}" to keywords.${s(p.language)}.optOut`,
  },
  // (b) Keywords.
  keywordEmpty: {
    message: (p) => `"${s(p.word)}" has no letters or digits, so it can never match`,
    hint: () => 'remove it or write a real word',
  },
  keywordCollision: {
    message: (p) =>
      `"${s(p.word)}" is ${kindOf(p.kind)} (${s(p.language)}) and also ${kindOf(p.otherKind)} (${s(p.otherLanguage)}${s(p.builtin)})`,
    hint: (p) =>
      p.across
        ? `a word should do one thing in every language: remove it here, or say which language's meaning wins under keywordPrecedence (e.g. ${s(p.word)}: ${s(p.language)})`
        : 'a word can do only one thing in a language; remove it from one of the two lists (a built-in word cannot be removed)',
  },
  keywordSaysStop: {
    message: (p) =>
      `"${s(p.word)}" is ${kindOf(p.kind)} (${s(p.language)}), but it ${s(p.how)}: a customer who types it would not be stopped`,
    hint: () =>
      'remove it: a word that says stop must stop (the built-in phrasings already read it), and the customer must be able to stop at any moment',
  },
  precedenceDropsOptOut: {
    message: (p) =>
      `"${s(p.word)}" is ${kindOf(p.kind)} (${s(p.language)}) and ${kindOf(p.otherKind)} (${s(p.otherLanguage)}), and keywordPrecedence gives it to the other meaning`,
    hint: () =>
      'an opt-out word always stops, in every language: give it to the opt-out language, or use another word',
  },
  categoryNameHasKeyword: {
    message: (p) =>
      `the other name "${s(p.name)}" contains "${s(p.word)}", ${kindOf(p.kind)} (${s(p.language)})`,
    hint: () =>
      'a name is read inside what customers type: with a consent word in it, "stop the …" would read as a stop of one kind instead of that word; name the messages without it',
  },
  categoryNameGeneral: {
    message: (p) =>
      `the other name "${s(p.name)}" has no word of its own: customers use its words for any message`,
    hint: () =>
      'add the word that tells this kind apart ("delivery updates", not "updates"): a name of general words would turn a stop of everything ("stop all updates") into a stop of this kind alone',
  },
  categoryNameMarketing: {
    message: (p) =>
      `the other name "${s(p.name)}" has no word of its own: the bot reads "${s(p.word)}" as marketing, of every MARKETING category`,
    hint: () =>
      'leave it out: a customer who writes it is offered to stop every MARKETING category; a name needs a word that tells this kind apart ("back-in-stock alerts")',
  },
  categoryLabelMarketing: {
    message: (p) =>
      `the label "${s(p.label)}" names marketing ("${s(p.word)}"), but whatsappCategory is ${s(p.whatsappCategory)}`,
    hint: () =>
      'customers stop it as marketing ("stop the offers" stops the MARKETING categories), and WhatsApp counts promotions as MARKETING: set whatsappCategory: MARKETING, or name the messages without a marketing word',
  },
  categoryNameTwice: {
    message: (p) => `the other name "${s(p.name)}" also names the category "${s(p.other)}"`,
    hint: () =>
      'a name may belong to one category only, or the bot cannot tell which messages the customer means; remove it here or there',
  },
  noStopWords: {
    message: (p) =>
      `lists no opt-out word, and the bot has no built-in ones for "${s(p.language)}"`,
    hint: () =>
      'add the words a customer of this language types to stop (at least one, e.g. STOP); built-in lists exist for en, es, pt, fr, de and it',
  },
  phraseInvalid: {
    message: (p) => `the phrasing "${s(p.pattern)}" cannot be read: ${s(p.error)}`,
    hint: () =>
      'write words separated by spaces, (a|b) for one of several, [a] for an optional word, {group} for a built-in word group',
  },
  choiceWouldStop: {
    message: (p) =>
      `"${s(p.word)}" reads as a wish to stop: typed, it ${s(p.how)} instead of picking this choice`,
    hint: () => 'use words that do not say stop, unsubscribe, opt out… for a menu choice',
  },
  choiceKeywordIsConsentKeyword: {
    message: (p) =>
      `"${s(p.word)}" is also ${kindOf(p.kind)} (${s(p.language)}) of the consent keywords`,
    hint: () => 'consent keywords always win; pick another word for this choice',
  },
  choiceTitleIsConsentWord: {
    message: (p) =>
      `the title "${s(p.word)}" is ${kindOf(p.kind)} (${s(p.language)}): a customer who taps it means that, and would get this choice instead`,
    hint: () => 'title the choice with words that say what it does',
  },
  smallTalkWordIsKeyword: {
    message: (p) => `"${s(p.word)}" is also ${s(p.kind)} word, which always wins`,
    hint: () => 'remove it from the small talk: it would never be taken as small talk',
  },
  choiceKeywordTwice: {
    message: (p) => `"${s(p.word)}" picks two choices in state "${s(p.state)}": ${s(p.choices)}`,
    hint: () => 'a word may pick only one choice in a state; remove it from one of them',
  },
  buttonSaysOpposite: {
    message: (p) =>
      `the button "${s(p.title)}" ${s(p.does)}, but its title reads as ${s(p.reads)} (${s(p.language)})`,
    hint: () =>
      'a customer goes by the title: write one that says what the button does, or swap the titles if they were swapped',
  },
  buttonTitleTwice: {
    message: (p) =>
      `"${s(p.title)}" is also the title of this message's "${s(p.other)}" button (${s(p.language)})`,
    hint: () =>
      'give each button of a message its own title: a customer who reads or types it could not tell them apart',
  },
  // (c) WhatsApp limits.
  buttonTooLong: {
    message: (p) =>
      `is ${s(p.length)} characters; WhatsApp reply buttons allow at most ${WHATSAPP_LIMITS.buttonTitle}`,
    hint: () => 'shorten the button title',
  },
  listRowTooLong: {
    message: (p) =>
      `is ${s(p.length)} characters; WhatsApp list rows allow at most ${WHATSAPP_LIMITS.listRowTitle}`,
    hint: () => 'shorten the title (a state with 4 to 10 choices is shown as a list)',
  },
  listButtonMissing: {
    message: (p) => `has ${s(p.count)} choices, shown as a list, but no "listButton"`,
    hint: () =>
      'add listButton: with the title of the button that opens the list, in each language (at most 20 characters), e.g. "See options"',
  },
  tooManyChoices: {
    message: (p) =>
      `has ${s(p.count)} choices; WhatsApp lists allow at most ${WHATSAPP_LIMITS.listRows}`,
    hint: () => 'keep at most 10 choices; move the rest to a second menu state',
  },
  bodyWithButtonsTooLong: {
    message: (p) =>
      `is ${s(p.length)} characters once filled in (${s(p.language)}); WhatsApp allows at most ${WHATSAPP_LIMITS.bodyWithButtons} above buttons`,
    hint: () => 'shorten the text',
  },
  textTooLong: {
    message: (p) =>
      `is ${s(p.length)} characters once filled in (${s(p.language)}); WhatsApp allows at most ${WHATSAPP_LIMITS.textBody}`,
    hint: () => 'shorten the text',
  },
  // (d) Languages.
  languageMissing: {
    message: (p) => `is missing ("${s(p.language)}" is listed under languages)`,
    hint: (p) => `${s(p.what)} needs a text in each language listed under "languages"`,
  },
  languageNotListed: {
    message: (p) => `"${s(p.language)}" is not listed under languages`,
    hint: () => 'add it to "languages" (and write all its texts), or remove this entry',
  },
  defaultLanguageNotListed: {
    message: (p) => `"${s(p.language)}" is not one of the languages`,
    hint: (p) => `use one of: ${s(p.languages)}`,
  },
  languageTwice: {
    message: (p) => `"${s(p.language)}" is listed twice`,
    hint: () => 'list each language once',
  },
  countryLanguageNotListed: {
    message: (p) =>
      `sends customers from ${s(p.country)} to "${s(p.language)}", which is not listed under languages`,
    hint: (p) => `use one of: ${s(p.languages)}`,
  },
  smallTalkReplyMissing: {
    message: (p) =>
      `is missing: the product has no built-in reply in "${s(p.language)}", so the flow must write it`,
    hint: () =>
      'write the reply in this language (see "smallTalk" and "handover" in flows/README.md)',
  },
  // (e) Uniqueness.
  templateTwice: {
    message: (p) => `template "${s(p.template)}" is already declared in category "${s(p.other)}"`,
    hint: () => 'a template belongs to exactly one category; remove one of the two',
  },
  categoryIdTwice: {
    message: (p) => `category id "${s(p.id)}" is used twice`,
    hint: () => 'give every category its own id',
  },
  choiceIdTwice: {
    message: (p) => `choice id "${s(p.id)}" is used twice in ${s(p.where)}`,
    hint: () => 'give every choice of a state its own id',
  },
  choiceIdTwoTargets: {
    message: (p) =>
      `choice id "${s(p.id)}" leads to "${s(p.target)}" here but to "${s(p.other)}" in ${s(p.where)}`,
    hint: () =>
      'a choice id means one thing in the whole flow (a button of an older message is answered by its id): give these choices different ids, or the same target',
  },
  phoneNumberIdTwice: {
    message: (p) => `phone-number id "${s(p.id)}" is listed twice`,
    hint: () => 'list each phone-number id once',
  },
  // (f) The service conversation.
  unknownState: {
    message: (p) => `"${s(p.state)}" is not a state of this flow`,
    hint: (p) => `use one of the states under service.states: ${s(p.states)}`,
  },
  unknownAction: {
    message: (p) => `"${s(p.name)}" is not an action the bot knows`,
    hint: (p) => `use one of: ${s(p.known)}`,
  },
  unknownGuard: {
    message: (p) => `"${s(p.name)}" is not a condition the bot knows`,
    hint: (p) => `use one of: ${s(p.known)}`,
  },
  unreachableState: {
    message: (p) => `state "${s(p.state)}" cannot be reached from "${s(p.initial)}"`,
    hint: () => 'add a choice whose target is this state, or remove the state',
  },
  // (g) Categories.
  noCategory: {
    message: () => 'lists no category',
    hint: () => 'add at least one category: the customer must know which messages they accept',
  },
  newCategoryQuestionMissing: {
    severity: 'warning',
    message: () =>
      'has no newCategoryQuestion: customers who already said yes will never be asked about a category you add',
    hint: () =>
      'add newCategoryQuestion in every language; like the question, it names {business}, says WhatsApp, names {categories} (the new one) and says how to stop',
  },
  newCategoryQuestionNoPlaceholder: {
    message: (p) => `does not contain {categories} (${s(p.language)})`,
    hint: () =>
      'write {categories} where the new category is named: the bot fills in the category it asks about',
  },
  // (h) Question experiments.
  variantIdStandard: {
    message: () => '"standard" is the name of the question itself',
    hint: () => 'give the variant another id, e.g. short or friendly',
  },
  variantIdTwice: {
    message: (p) => `variant id "${s(p.id)}" is used twice in ${s(p.language)}`,
    hint: () => 'give every variant of a language its own id',
  },
  variantWeightsOver100: {
    message: (p) =>
      `the variants' weights add up to ${s(p.total)} (${s(p.language)}); they are shares out of 100`,
    hint: () =>
      'lower them so they add up to 100 or less; the standard question is shown to the rest',
  },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof COMPLIANCE_RULES;
