/**
 * The stop questions answered with the kinds NOT to stop: "not the promos", "the promos no lol",
 * "yes but not the order updates", "all but the order updates", "yes except the order updates",
 * "the codes no, the promos yes", "sí, pero los pedidos no" (see `narrowedStop`).
 */
import type { ConversationEvent } from '../conversation/events.js';
import {
  ALSO_WORDS,
  AROUND_STANCE,
  BUT,
  EVERYTHING,
  NOT,
  THE,
  isLaugh,
  notThe,
  pastNo,
} from '../keywords/index.js';
import type { AnswerKey } from './answer-key.js';
import { kindsNamed } from './answer-key.js';
import { CLAUSE_END, HEDGES, isNo, pastOpeners, wordsOf } from './answer-words.js';
import { BUT_NOT, STOP_VERBS } from './just-those.js';

/**
 * To a stop question about the kinds `asked`, a message that leaves some of them out with a no
 * ("not the promos", "the promos no lol", "no no las ofertas", "yes but not the order updates",
 * "sí pero no los pedidos", "no, just the codes but not the promos"): the kinds of `asked` it
 * still asks to stop. Empty for any other message, and for one that leaves out all of them or
 * kinds not asked about.
 */
export function kindsLeftAfterNo(
  key: AnswerKey,
  event: ConversationEvent,
  asked: readonly string[],
): string[] {
  return asked.length < 2 ? [] : (leftAfterNo(key, event, asked)?.left ?? []);
}

/**
 * Whether a message answers a stop question about the kinds `asked` by leaving every one of them
 * out with a no ("not the codes and not the promos" to "stop just those?" about them): its no.
 * Not when it leaves them out of more ("stop everything except the order updates").
 */
export function leavesOutEveryKind(
  key: AnswerKey,
  event: ConversationEvent,
  asked: readonly string[],
): boolean {
  const after = leftAfterNo(key, event, asked);
  return asked.length > 0 && after?.left.length === 0 && !after.ledBy;
}

/**
 * See `kindsLeftAfterNo`: the kinds `left`, and whether words before the ones left out said what
 * they are left out of (`ledBy`: "everything but…", "the codes but not…"); `undefined` for a
 * message that leaves out no kind asked about.
 */
function leftAfterNo(
  key: AnswerKey,
  event: ConversationEvent,
  asked: readonly string[],
): { left: string[]; ledBy: boolean } | undefined {
  if (!('text' in event) || event.text === undefined || event.asks) return undefined;
  // "no, the promos" is a no, then kinds (a tester's: read as "not the promos"); "no, not the
  // promos" leaves them out.
  const [first = ''] = event.text.split(CLAUSE_END);
  const no =
    first.length < event.text.length &&
    wordsOf(first)
      .split(' ')
      .every((word) => isNo(word) || WAIT.has(word) || HEDGES.has(word));
  const words = withoutKeepThem(
    wordsOf(no ? event.text.slice(first.length) : event.text)
      .split(' ')
      .filter((word) => !isLaugh(word) && !AROUND_STANCE.has(word)),
  );
  const except = notThenYes(event.text) ?? exceptionIn(words);
  const spared = kindsNamed(key, except?.spared ?? leftOutWithNo(words));
  if (!spared?.length || spared.some((id) => !asked.includes(id))) return undefined;
  // Before "but not": a yes, everything, or kinds of those asked ("no, just the codes").
  const lead = except?.lead ?? [];
  const before = lead.every(isNo)
    ? []
    : kindsNamed(key, pastOpeners(lead, true), EVERYTHING_OR_STOP);
  if (before === undefined || before.some((id) => !asked.includes(id))) return undefined;
  const left = (before.length > 0 ? before : asked).filter((id) => !spared.includes(id));
  return { left, ledBy: !lead.every(isNo) };
}

/**
 * `words` without "keep them" at their end, or a "wait" before a no that opens them: "not the
 * promos, keep those", "no wait, not the promos, keep them", "no espera, no las ofertas".
 */
function withoutKeepThem(words: readonly string[]): readonly string[] {
  const wait = isNo(words[0] ?? '') && (WAIT.has(words[1] ?? '') || HEDGES.has(words[1] ?? ''));
  const keepThem = KEEP.has(words.at(-2) ?? '') && THEM.has(words.at(-1) ?? '') ? -2 : 0;
  const end = KEEP_THEM.has(words.at(-1) ?? '') ? -1 : keepThem;
  const rest = pastOpeners(words.slice(wait ? 2 : 0, end < 0 ? end : undefined));
  return rest.length > 0 ? rest : words;
}

/** "Wait" with or after a no that opens an answer ("no wait, not the promos", "pera, …"). */
const WAIT: ReadonlySet<string> = new Set(['wait', 'espera', 'espere', 'pera', 'perai']);

/** What "keep" says of the kinds just named ("keep them", "keep those", "mantenham elas"). */
const THEM: ReadonlySet<string> = new Set([
  ...['them', 'those', 'these', 'it', 'em', 'esas', 'esos', 'las', 'los', 'elas', 'eles', 'essas'],
  'esses',
]);

/** "Keep them" in one word ("déjenlas", "mantenganlas"). */
const KEEP_THEM: ReadonlySet<string> = new Set(
  ['dejen', 'deja', 'mantengan', 'manten'].flatMap((keep) => [`${keep}las`, `${keep}los`]),
);

/**
 * Where `words` leave kinds out of what comes before them (`lead`): "…but not the X", "…not the
 * X", "…except (for) the X", "…but keep the X", "all but the X", "sí, pero los pedidos no";
 * `undefined` for none, or for kinds added ("yes but the order updates too").
 */
function exceptionIn(
  words: readonly string[],
): { lead: readonly string[]; spared: readonly string[] } | undefined {
  const said = words.join(' ');
  // "the codes no, the promos yes", "las ofertas sí, los códigos no": the yes is the stop.
  const noThenYes = NO_THEN_YES.exec(said);
  if (noThenYes) return { lead: noThenYes[2]!.split(' '), spared: noThenYes[1]!.split(' ') };
  const yesThenNo = YES_THEN_NO.exec(said);
  if (yesThenNo) return { lead: yesThenNo[1]!.split(' '), spared: yesThenNo[2]!.split(' ') };
  // ("not the codes and not the order updates" leaves both out: see `leftOutWithNo`.)
  const notThe = BUT_NOT.exec(said) ?? (NOT.has(words[0]!) ? null : NOT_THE_AFTER.exec(said));
  if (notThe) return { lead: notThe[1]!.split(' '), spared: notThe[2]!.split(' ') };
  // "keep the promos", "no, keep the promos", "dejen los pedidos": those kinds, of all asked.
  // (Spanish and Portuguese "no mantengan las ofertas" is "don't keep them".)
  const keep = words.findIndex((word) => !isNo(word));
  if (KEEP.has(words[keep] ?? '') && (keep === 0 || words[keep] === 'keep')) {
    return { lead: [], spared: words.slice(keep + 1) };
  }
  const at = words.findIndex((word, i) => i > 0 && (EXCEPT.has(word) || BUT.has(word)));
  if (at < 0) return undefined;
  let spared = words.slice(at + 1);
  if (spared[0] === 'for') spared = spared.slice(1);
  if (KEEP.has(spared[0] ?? '')) spared = spared.slice(1);
  else if (NOT.has(spared.at(-1) ?? '')) spared = spared.slice(0, -1);
  // "but" alone leaves kinds out of everything only ("all but the order updates").
  else if (BUT.has(words[at]!) && !EVERYTHING_OR_STOP.has(words[at - 1]!)) return undefined;
  if (spared.some((word) => ALSO_WORDS.has(word))) return undefined;
  return { lead: words.slice(0, at), spared };
}

/** "not the promos, the codes yes": two clauses, a no to the first kinds, a yes to the others. */
function notThenYes(
  text: string,
): { lead: readonly string[]; spared: readonly string[] } | undefined {
  const clauses = text
    .split(CLAUSE_END)
    .map((clause) => wordsOf(clause))
    .filter((words) => words !== '');
  if (clauses.length !== 2) return undefined;
  const [no, yes] = clauses.map((words) => words.split(' ')) as [string[], string[]];
  return NOT.has(no[0]!) && YES.test(yes.at(-1)!)
    ? { lead: yes.slice(0, -1), spared: no.slice(1) }
    : undefined;
}

/** A yes closing a clause of kinds ("the codes yes", "los códigos sí"). */
const YES_WORD = '(?:yes|yeah|si|sim)';
const YES = new RegExp(`^${YES_WORD}$`, 'u');

/** Kinds and a no, then kinds and a yes ("the codes no, the promos yes", "os códigos não…"). */
const NO_THEN_YES = new RegExp(`^(.+?) (?:no|nao|not) (.+?) ${YES_WORD}$`, 'u');

/** Kinds and a yes, then kinds and a no ("las ofertas sí, los códigos no"). */
const YES_THEN_NO = new RegExp(`^(.+?) ${YES_WORD} (.+?) (?:no|nao|not)$`, 'u');

/** Kinds, then "not the" others ("just the codes not the promos", "yes, not the promos"). */
const NOT_THE_AFTER = /^(.+?) (?:not|no|nao) ((?:the|my|los|las|mis|os|as|meus) .+)$/u;

/** "Except" in the built-in languages. */
const EXCEPT: ReadonlySet<string> = new Set([
  ...['except', 'besides', 'excepto', 'salvo', 'menos', 'exceto', 'fora'],
]);

/** "Keep" after "but" ("yes but keep the order updates", "pero dejen los pedidos"). */
const KEEP: ReadonlySet<string> = new Set([
  ...['keep', 'mantengan', 'manten', 'deja', 'dejen', 'mantenham', 'mantem', 'deixa', 'deixem'],
]);

/** Words before "but not" that stop every kind asked about ("everything but not…", "paren todo"). */
const EVERYTHING_OR_STOP: ReadonlySet<string> = new Set([...STOP_VERBS, ...EVERYTHING]);

/**
 * The words of kinds left out with a bare no: "not the promos", "no no las ofertas", "the promos
 * no", "as promoções não"; none for others ("no promos", "not the promos either" refuse them).
 */
function leftOutWithNo(words: readonly string[]): readonly string[] {
  const said = pastNo(words);
  // ("não as promoções não": the no said again after them; "not the codes and not the order
  // updates", "not the orders, not the codes": again before the next, where it joins them.)
  if (notThe(said)) return said.slice(1).map((word) => (NOT.has(word) ? 'and' : word));
  const last = said.at(-1) ?? '';
  return said.length > 2 && THE.has(said[0]!) && NOT.has(last) ? said.slice(0, -1) : [];
}
