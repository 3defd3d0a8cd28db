/**
 * The kinds of messages (the flow's categories) a message names, and which of them a wish to stop
 * asks to stop or to keep.
 */
import type { KeywordIndex } from './keyword-index.js';
import { BUILTIN_LANGUAGES } from './builtin/index.js';
import { contentWords } from './keyword-index.js';
import { rememberedByOwnerAndText } from './remembered-text.js';

/** The categories `text` names: its MARKETING ones for "promos", "ofertas"…, and any whose label it says. */
export function kindsNamedIn(
  index: KeywordIndex,
  text: string,
  labelWordsAlone = false,
): ReadonlySet<string> {
  return (labelWordsAlone ? kindsNamedWithLabelWords : kindsNamedInText)(index, text);
}

/** {@link kindsNamedIn}, remembered for the last texts read (a message asks about a few, often). */
const kindsNamedInText = rememberedByOwnerAndText((index: KeywordIndex, text: string) =>
  kindsNamed(index, text, false),
);
const kindsNamedWithLabelWords = rememberedByOwnerAndText((index: KeywordIndex, text: string) =>
  kindsNamed(index, text, true),
);

/**
 * The kinds whose label `text` (words joined by spaces) says as written, or by its content words
 * in a row ("avisos de mis pedidos" for "avisos de tus pedidos").
 */
export function kindsLabelledIn(index: KeywordIndex, text: string): string[] {
  const content = ` ${contentWords(text.split(' ').filter(Boolean)).join(' ')} `;
  return index.labels
    .filter(
      (label) =>
        ` ${text}`.includes(` ${label.tokens}`) ||
        (label.content !== ' ' && content.includes(` ${label.content}`)),
    )
    .map((label) => label.category);
}

function kindsNamed(
  index: KeywordIndex,
  text: string,
  labelWordsAlone: boolean,
): ReadonlySet<string> {
  const categories = new Set<string>();
  if (index.phrases.some((p) => p.marketing?.test(text))) {
    for (const id of index.marketingCategories) categories.add(id);
  }
  for (const id of kindsLabelledIn(index, text)) categories.add(id);
  // A word of a label listed with a kind named ("ofertas ni códigos", "promos and codes", "codes
  // and the promos, stop them").
  const said = text.split(' ');
  for (const [at, join] of said.entries()) {
    if (!JOINS.has(join)) continue;
    let [before, after] = [at - 1, at + 1];
    while (ARTICLES.has(said[before] ?? '')) before -= 1;
    // ("ofertas y de los códigos", "promoções nem dos códigos".)
    while (ARTICLES.has(said[after] ?? '') || OF_KINDS.has(said[after] ?? '')) after += 1;
    // Not "ofertas ni códigos de descuento": discount codes, offers.
    if (before < 0 || after >= said.length || ABOUT.has(said[after + 1] ?? '')) continue;
    const [first, then] = [pluralKinds(index, said[before]!), pluralKinds(index, said[after]!)];
    if (then.length === 0) continue;
    const listed = labelWordKind(index, said[after]!);
    if (listed && (first.length > 0 || labelWordKind(index, said[before]!))) categories.add(listed);
    for (const id of first) categories.add(id);
  }
  // A word only one kind's label has, with a word for messages ("notificaciones de pedidos"), or
  // alone where kinds are kept ("todo menos los pedidos").
  if (labelWordsAlone || index.phrases.some((p) => p.messages?.test(text))) {
    const words = text.split(' ');
    for (const [i, word] of words.entries()) {
      const category = labelWordKind(index, word);
      // ("promo codes", "discount codes" are offers.)
      if (category !== undefined && !PROMOTING.has(words[i - 1] ?? '')) categories.add(category);
    }
  }
  return categories;
}

/** The kinds a plural word names alone: a marketing word's, or the one kind whose label has it. */
export function pluralKinds(index: KeywordIndex, word: string): readonly string[] {
  if (!word.endsWith('s')) return [];
  if (index.marketingWords.has(word)) return index.marketingCategories;
  const kind = labelWordKind(index, word);
  return kind === undefined ? [] : [kind];
}

/** Words before a kind's word that make it an offer ("promo codes", "discount codes"). */
export const PROMOTING: ReadonlySet<string> = new Set([
  ...['promo', 'discount', 'coupon', 'voucher', 'promotional', 'gift', 'referral'],
]);

/**
 * The kind `word` names as a word only its label has, one or many: "orders" names "order
 * updates", "pedido" names "avisos de tus pedidos".
 */
export function labelWordKind(index: KeywordIndex, word: string): string | undefined {
  return (
    index.labelWords.get(word) ??
    index.labelWords.get(word.replace(/s$/u, '')) ??
    index.labelWords.get(`${word}s`)
  );
}

/**
 * The kinds `words` name with nothing else: labels, words only one kind's label has, marketing
 * words, words for messages, and the words that link and join them or add them ("the login
 * codes", "ni de ofertas", "avisos de pedido", "login codes too"). Empty for any other words.
 */
export function kindsAlone(index: KeywordIndex, words: readonly string[]): string[] {
  const said = `${words.join(' ')} `;
  const other = withoutLabels(index, said)
    .split(' ')
    .filter(Boolean)
    .some(
      (word) =>
        contentWords([word]).length > 0 &&
        !JOINS.has(word) &&
        !ALSO.has(word) &&
        !index.messageWords.has(word) &&
        labelWordKind(index, word) === undefined &&
        !index.marketingWords.has(word),
    );
  return words.length === 0 || other ? [] : [...kindsNamedIn(index, said, true)];
}

/**
 * The kinds `words` name with nothing else (see {@link kindsAlone}), each by a name as written or
 * in the plural ("ofertas", "dos avisos dos seus pedidos", "los códigos"): none when a word of a
 * label or for marketing names one in the singular alone ("my order", "the promo code": a
 * purchase, a discount), or is a word for purchases ("cancel all my orders", "pare los pedidos").
 */
export function kindsNamedPlainly(index: KeywordIndex, words: readonly string[]): string[] {
  const kinds = kindsAlone(index, words);
  const singular = withoutLabels(index, `${words.join(' ')} `)
    .split(' ')
    .some(
      (word) =>
        (!word.endsWith('s') || PURCHASES.has(word)) &&
        (index.marketingWords.has(word) || labelWordKind(index, word) !== undefined),
    );
  return singular ? [] : kinds;
}

/**
 * `said` without the kinds' labels (of the kinds `which` takes, all by default), as written or by
 * their content words in a row ("avisos de pedidos" for "avisos de tus pedidos").
 */
export function withoutLabels(
  index: KeywordIndex,
  said: string,
  which: (category: string) => boolean = () => true,
): string {
  let rest = ` ${said}`;
  for (const label of index.labels) {
    if (which(label.category)) rest = rest.replaceAll(` ${label.tokens}`, ' ');
  }
  const words = rest.split(' ');
  for (const label of index.labels) {
    if (label.content === ' ' || !which(label.category)) continue;
    const content = label.content.trim().split(' ');
    for (let at = words.indexOf(content[0]!); at >= 0; at = words.indexOf(content[0]!, at + 1)) {
      const end = contentRunEnd(words, at, content);
      if (end > 0) words.splice(at, end - at);
    }
  }
  return words.join(' ').slice(1);
}

/**
 * Where the words from `at` end when they say a label's `content` words in a row, linking words
 * between them ("avisos de mis pedidos" for "avisos pedidos"), a word after a plural first one in
 * the singular too ("avisos de pedido", not "login code"); 0 when they do not.
 */
export function contentRunEnd(
  words: readonly string[],
  at: number,
  content: readonly string[],
): number {
  let i = at;
  // ("login code" is one code: a later word in the singular only after a plural first one.)
  const headPlural = content[0]?.endsWith('s') === true;
  for (const [n, word] of content.entries()) {
    while (i > at && i < words.length && contentWords([words[i]!]).length === 0) i += 1;
    // (And a later word in the plural: "avisos de envíos" for "avisos de envío".)
    const inNumber = `${words[i]}s` === word ? headPlural : words[i] === `${word}s`;
    if (words[i] !== word && (n === 0 || !inNumber)) return 0;
    i += 1;
  }
  return i;
}

/**
 * Whether a message names a kind and messages in general together: marketing ("promos and
 * messages") or a kind by a plural word of its label ("codes and updates", "los códigos y los
 * mensajes").
 */
export function namesKindsAndAll(index: KeywordIndex, said: string): boolean {
  if (!index.phrases.some((p) => p.messages?.test(said))) return false;
  // The word for messages in another kind's label is that kind ("order updates and promos"), as
  // is one after a word of its label ("order notifications and promos").
  const rest = withoutLabels(index, said, (id) => !index.marketingCategories.includes(id));
  const words = rest.split(' ');
  const kindWordAt = (at: number) => labelWordKind(index, words[at] ?? '') !== undefined;
  const unlabelled = words
    .filter((word, at) => !(index.messageWords.has(word) && kindWordAt(at - 1)))
    .join(' ');
  const together = (text: string) => index.phrases.some((p) => p.marketingAndAll?.test(text));
  if (together(said) && together(unlabelled)) return true;
  const kindAt = (at: number) => pluralKinds(index, words[at] ?? '').length > 0;
  // Messages in general: not a kind's ("order notifications", "notificaciones de pedidos").
  const messagesAt = (at: number) => {
    if (!index.messageWords.has(words[at] ?? '')) return false;
    let next = at + 1;
    while (contentWords([words[next] ?? 'x']).length === 0) next += 1;
    return !kindWordAt(at - 1) && !kindWordAt(next) && !index.marketingWords.has(words[next] ?? '');
  };
  return words.some((word, at) => {
    if (!JOINS.has(word)) return false;
    let after = at + 1;
    // (Messages "any" or "none at all": "codes or any messages", "códigos ni ningún mensaje".)
    while (ARTICLES.has(words[after] ?? '') || ANY.has(words[after] ?? '')) after += 1;
    return (kindAt(at - 1) && messagesAt(after)) || (messagesAt(at - 1) && kindAt(after));
  });
}

/**
 * The categories a wish to stop names to stop (`said`: its words, fillers left out): those it
 * names, but the ones it says to keep ("keep the order updates but stop the rest", "no promos,
 * keep the order updates"); after "only" ("não quero as promoções, só os avisos dos pedidos"),
 * with nothing else named, or "the rest", every category but the ones kept.
 */
export function kindsToStop(index: KeywordIndex, said: string): string[] {
  // "sí, excepto las ofertas": a yes that refuses what follows, not a stop that keeps it.
  // "everything but not the promos", "quiero todo pero no las ofertas": a yes too.
  if (OPENS_WITH_YES.test(said) || ALL_BUT_NOT.test(said)) return [...kindsNamedIn(index, said)];
  const keeping = KEEPING.exec(said);
  let keepAt = keeping?.index ?? -1;
  let keepWord = keeping?.[0].length ?? 0;
  let only = false;
  for (const word of said.matchAll(ONLY_AFTER)) {
    if (keepAt >= 0 && keepAt < word.index) break;
    only = kindsNamedIn(index, said.slice(0, word.index)).size > 0;
    if (only) [keepAt, keepWord] = [word.index, word[0].length];
    break;
  }
  if (keepAt < 0) return [...kindsNamedIn(index, said)];
  // What is kept runs to the next "but" ("keep order updates but stop the offers").
  const but = said.slice(keepAt + keepWord).search(BUT);
  const keptEnd = but < 0 ? said.length : keepAt + keepWord + but;
  const kept = kindsNamedIn(index, said.slice(keepAt, keptEnd), true);
  if (kept.size === 0) return [...kindsNamedIn(index, said)];
  const stopping = `${said.slice(0, keepAt)} ${said.slice(keptEnd)}`;
  // After the kept ones, a stopping verb's kinds ("keep the promos, stop the codes").
  // Or a complaint's kinds ("sick of the codes, keep the order updates coming").
  const verb = but < 0 ? '' : said.slice(keptEnd).split(' ')[0]!;
  const complains = stopping.split(' ').some((word) => COMPLAINING.has(word));
  const toStop = kindsNamedIn(index, stopping, STOPPING_VERBS.has(verb) || complains);
  // "stop the promos except the big sale offers": an exception within a kind stops the kind.
  if ([...kept].some((id) => toStop.has(id))) return [...toStop];
  // "the promos keep coming, stop everything but order updates": everything, not the promos.
  const everythingBut =
    !only &&
    (EVERYTHING_BEFORE.test(said.slice(0, keepAt)) ||
      /^(?:all|everything) /u.test(keeping?.[0] ?? ''));
  if (everythingBut) return everyKind(index).filter((id) => !kept.has(id));
  const named = [...toStop];
  // "…, only the order updates": all the others.
  if (named.length > 0 && !only && !THE_REST.test(stopping)) return named;
  return everyKind(index).filter((id) => !kept.has(id));
}

/** Everything right before the word that keeps ("everything | but", "todo | menos"). */
const EVERYTHING_BEFORE = /(?:^| )(?:everything|all|todo|todos|todas|tudo) $/u;

/**
 * A wish that kinds go on, in Spanish and Portuguese ("(que) sigan", "(que) continuem"): not
 * "siguen", "continuam", which may complain that they keep coming.
 */
export const GOING_ON: ReadonlySet<string> = new Set(['sigan', 'continuen', 'sigam', 'continuem']);

/** Every kind the flow's labels and other names name, in the flow's order. */
export function everyKind(index: KeywordIndex): string[] {
  return [...new Set(index.labels.map((label) => label.category))];
}

/**
 * Words after which the kinds a wish to stop names are the ones to KEEP ("keep the order updates
 * but stop the rest", "stop everything except order updates", "todo menos los pedidos", "tudo
 * exceto os pedidos", "no quiero promociones pero sí de mis pedidos"), of every built-in language.
 */
export const KEEPING =
  /(?<=^| )(?:(?<!(?:(?:dont|do not|no longer|never) (?:want|wanna|need) (?:to )?|(?:^| )(?:i|we) ))keep(?! (?:on )?(?:sending|texting|messaging|spamming|bugging|bothering|getting|coming|arriving|showing up|popping up)|(?: \S+){1,3} (?:away|off)(?: from (?:me|us))? )|except|excepting|apart from|other than|besides|(?:all|everything|them) but|menos|excepto|salvo|mantengan|pero si|exceto|mantenham|mantenha|mas sim)(?= )/u;

/** "Only": after a kind named to stop, the kinds that follow are kept ("no quiero ofertas, solo los pedidos"). */
export const ONLY = ['only', 'solo', 'solamente', 'nomas', 'so', 'somente', 'apenas'];

export const ONLY_AFTER = new RegExp(`(?<=^| )(?:${ONLY.join('|')})(?= )`, 'gu');

/** "Only" in the built-in languages: those of `ONLY_AFTER`, and "just" (left out as a filler). */
export const ONLY_WORDS: ReadonlySet<string> = new Set([...ONLY, 'just']);

/**
 * Verbs that stop what follows them ("stop the codes", "paren los códigos", "parem os códigos");
 * not "cancel", "cancelar" ("cancel the orders" is about purchases).
 */
export const STOPPING_VERBS: ReadonlySet<string> = new Set([
  ...['stop', 'quit', 'halt', 'paren', 'pare', 'parem', 'detengan', 'quiten', 'tirem', 'tire'],
]);

/**
 * Verbs that stop or cancel what follows them: the stopping verbs, "cancel" and "unsubscribe" (a
 * no after them leaves kinds out: "cancel my order but not the promos", "unsubscribe codes not
 * promos").
 */
export const CANCELLING_VERBS: ReadonlySet<string> = new Set([
  ...STOPPING_VERBS,
  ...['cancel', 'cancelar', 'cancela', 'cancelen', 'cancele', 'cancelem', 'unsubscribe'],
  // "quiero parar los códigos", "quero parar os códigos", "pode tirar os códigos": as "cancelar".
  ...['parar', 'detener', 'tirar'],
  // "quítenme los códigos": the verb with "me" joined to it.
  ...['quitenme', 'quitame', 'quiteme', 'quitadme'],
  // "quitar los códigos", typed as a request.
  'quitar',
]);

/**
 * "But" or a stopping verb, where a kept kind's list ends ("keep order updates but stop the
 * offers", "keep both stop the order updates").
 */
const BUT = new RegExp(`(?<=^| )(?:but|pero|mas|${[...STOPPING_VERBS].join('|')})(?= )`, 'u');

/** A yes at the start of a message ("sí, excepto las ofertas", "ok but no promos"). */
const OPENS_WITH_YES =
  /^(?:yes|yeah|yep|ok|okay|sure|si|sip|vale|dale|claro|sim|pode(?! (?:parar|cancelar|tirar|remover|me)\b)) /u;

/** Everything, wanted, then "but not" (not "stop everything but not the promos"). */
const ALL_BUT_NOT =
  /^(?:(?:i want|i'?ll take|quiero|quero) )?(?:everything|all|all of them|todo|todos|todas|tudo) (?:but|pero|mas) (?:not|no|nao) /u;

/** Words for "the rest": with a kind kept, every other kind is to stop ("stop the rest"). */
const THE_REST =
  /(?<=^| )(?:rest|others|other ones|everything|all|resto|demas|todo|todos|tudo|outros|outras)(?= )/u;

/**
 * What joins the kinds at a message's end ("orders and promos", "pedidos ni ofertas"), and what
 * counts them ("every order", "cada pedido", "todos os pedidos").
 */
export const JOINS: ReadonlySet<string> = new Set([
  ...['and', 'or', 'nor', 'plus', 'y', 'o', 'ni', 'e', 'ou', 'nem'],
  ...['each', 'every', 'all', 'any', 'cada', 'todos', 'todas', 'qualquer'],
]);

/** "Too", "either", "tampoco", "também": words that add to what was said before. */
export const ALSO_WORDS: ReadonlySet<string> = new Set([
  ...['too', 'also', 'either', 'tambien', 'tampoco', 'tambem', 'tb', 'tbm'],
]);

/** Words that add a kind to a list ("login codes too", "los códigos también", "as well"). */
export const ALSO: ReadonlySet<string> = new Set([...ALSO_WORDS, 'as', 'well', 'plus']);

/** "Ya", "já" opening a refusal ("los códigos ya no", "as promoções já não"). */
export const ALREADY: ReadonlySet<string> = new Set(['ya', 'ja']);

/** Articles before a kind's word ("the codes", "los códigos", "as promoções"). */
export const ARTICLES: ReadonlySet<string> = new Set([
  ...['the', 'los', 'las', 'el', 'la', 'os', 'as', 'o', 'a'],
]);

/** "Any" before what is refused: "no codes or any messages", "ni ningún mensaje", "nem nenhuma". */
/** "Any", "none", "other" before messages named with kinds ("codes or any other messages"). */
export const ANY: ReadonlySet<string> = new Set([
  ...['any', 'ningun', 'ninguna', 'ningunos', 'ningunas', 'nenhum', 'nenhuma', 'qualquer'],
  // "codes or any other messages", "ni ningún otro mensaje", "nem nenhuma outra mensagem".
  ...['other', 'otro', 'otra', 'otros', 'otras', 'outro', 'outra', 'outros', 'outras'],
]);

/** What a stop may stop besides kinds or "all": "stop it", "stop them", "paren eso". */
export const THEM: ReadonlySet<string> = new Set([
  ...['it', 'them', 'this', 'that', 'these', 'those', 'em', 'eso', 'esto', 'isso', 'isto'],
]);

/** "Of" before kinds listed after others ("ofertas y de los códigos", "promoções nem dos códigos"). */
export const OF_KINDS: ReadonlySet<string> = new Set(['de', 'del', 'do', 'da', 'dos', 'das']);

/** What ties the kinds at a message's end to what it says: "about", "de", "sobre", "dos". */
export const ABOUT: ReadonlySet<string> = new Set([
  ...['about', 'on', 'regarding', 'de', 'del', 'sobre', 'do', 'da', 'dos', 'das'],
]);

/** The words of thanks for what follows, as a pattern (see `THANKS_FOR`). */
export const THANKS_FOR_WORDS =
  '(?:thanks?|thank (?:you|u)|thx|ty|gracias|obrigad[oa]|valeu|vlw)\\s+(?:for|por|pel[oa]s?)';

/** Thanks for what follows: "thank u for the codes", "gracias por los avisos", "obrigado pelos". */
export const THANKS_FOR = new RegExp(`(?:^|\\s)${THANKS_FOR_WORDS}(?:\\s|$)`, 'iu');

/** "Please", which a list of kinds may end with ("…, login codes too please"). */
export const PLEASE_WORDS: ReadonlySet<string> = new Set([
  ...['please', 'pls', 'plz', 'plis', 'porfa', 'favor', 'xfa', 'pf', 'pfv', 'pfvr'],
]);

/**
 * The customer's own ("my", "mis", "meu"…), in the built-in languages: "my order" is about the
 * order, not its messages.
 */
export const POSSESSIVES: ReadonlySet<string> = new Set([
  ...['my', 'mi', 'mis', 'meu', 'meus', 'minha', 'minhas'],
]);

/** Words that refuse, in the product's languages ("no more codes", "não quero mais códigos"). */
export const REFUSALS: ReadonlySet<string> = new Set([
  ...['no', 'not', 'dont', 'never', 'without', 'nao', 'sin', 'sem', 'ni', 'nem', 'nunca'],
]);

/**
 * Words that complain of what comes ("sick of your codes", "harta de los códigos", "cansei desses
 * códigos", "odeio os códigos"): a complaint may mean stop, as a refusal does.
 */
export const COMPLAINING: ReadonlySet<string> = new Set([
  ...['sick', 'tired', 'fed', 'hate', 'harto', 'harta', 'cansado', 'cansada', 'odio', 'detesto'],
  ...['canse', 'harte', 'cansaron', 'hartaron', 'cansei', 'enjoei', 'farto', 'farta', 'odeio'],
  ...['saco', 'cansaram', 'encheram'],
  // Enough of them ("enough with the codes", "so done with order updates and offers", "basta con
  // los códigos", "chega desses códigos").
  ...['enough', 'done', 'basta', 'chega'],
  // Too many of them ("too many codes", "demasiados códigos", "muitos códigos").
  ...['many', 'demasiados', 'demasiadas', 'muchos', 'muchas', 'muitos', 'muitas', 'mts'],
  ...['tantos', 'tantas'],
]);

/**
 * Whether `words` complain of what comes: a word of `COMPLAINING`, or that it keeps coming ("i
 * keep getting", "sigo recibiendo", "me siguen llegando", "continuo recebendo").
 */
export function complains(words: readonly string[]): boolean {
  return words.some((word) => COMPLAINING.has(word)) || keepsComing(words);
}

function keepsComing(words: readonly string[]): boolean {
  return words.some((word, at) => {
    if (!STILL.has(word)) return false;
    const next = words[at + 1] ?? '';
    // "i keep getting", "you keep sending me codes", "me siguen mandando códigos"; not "keep
    // getting promos" nor "keep sending me the codes", which ask for more.
    if (word === 'keep' && !WHO.has(words[at - 1] ?? '')) return false;
    return COMING.has(next) || SENDING_VERBS.has(next);
  });
}

/** Who keeps getting or sending: "i keep getting", "you keep sending", "u keep texting". */
const WHO: ReadonlySet<string> = new Set(['i', 'we', 'you', 'u', 'ya', 'yall', 'guys', 'they']);

const STILL: ReadonlySet<string> = new Set([
  ...['keep', 'still', 'sigo', 'siguen', 'sigue', 'todavia', 'aun', 'continuo', 'continuam'],
  ...['ainda', 'seguem'],
]);

const COMING: ReadonlySet<string> = new Set([
  ...['getting', 'get', 'receiving', 'receive', 'recibiendo', 'recibo', 'llegando', 'llegan'],
  ...['recebendo', 'recebo', 'chegando'],
]);

/** The verbs of sending of every built-in language ("sending", "mandar", "mandem"…). */
export const SENDING_VERBS: ReadonlySet<string> = new Set(
  Object.values(BUILTIN_LANGUAGES).flatMap((language) => language.phrases.groups['send'] ?? []),
);

/** Verbs that stop what follows "de": "dejen de mandar…", "deixem de mandar…". */
export const LEAVE_OFF: ReadonlySet<string> = new Set([
  ...['dejen', 'deja', 'dejad', 'deje', 'dejes', 'dejar'],
  ...['deixem', 'deixa', 'deixe', 'deixar'],
]);

/** Everything, said where kinds could be ("don't unsubscribe me from everything", "todo menos…"). */
export const EVERYTHING: ReadonlySet<string> = new Set([
  ...['all', 'everything', 'todo', 'todos', 'todas', 'tudo'],
]);

/** Words for purchases that a label may use too ("orders", "pedidos"): "halt all orders". */
export const PURCHASES: ReadonlySet<string> = new Set([
  ...['orders', 'purchases', 'pedidos', 'compras', 'encomendas', 'ordenes'],
]);

/**
 * A word for messages in each built-in language: what "the rest" or a kind's own word stands for
 * when a wish is read again as if it said "messages" ("quiten lo demás", "no more codes").
 */
export const MESSAGES_SAID: readonly string[] = ['messages', 'mensajes', 'mensagens'];

/** A laugh typed after words ("lol", "jajaja", "kkkk", "rsrs"): no word of what is said. */
export function isLaugh(word: string): boolean {
  return LAUGH.test(word);
}

const LAUGH = /^(?:lol|lmao|xd|(?:ha){2,}h?|(?:he){2,}|(?:ja){2,}|(?:je){2,}|k{3,}|(?:rs)+)$/u;
