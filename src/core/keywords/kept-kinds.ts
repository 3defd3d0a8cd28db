/**
 * Kinds a clause of a message keeps ("keep the promos, just stop the order updates", "login codes
 * are fine, stop the rest", "don't unsubscribe me from the promos"): never offered to stop.
 */
import type { KeywordIndex } from './keyword-index.js';
import type { KeywordMatch, StopMatch } from './keyword-match.js';
import { JOINING_BREAK } from './message-clauses.js';
import {
  ALSO_WORDS,
  ARTICLES,
  CANCELLING_VERBS,
  EVERYTHING,
  REFUSALS,
  STOPPING_VERBS,
  THEM,
  everyKind,
  kindsNamedIn,
  labelWordKind,
  pluralKinds,
} from './named-kinds.js';
import { phraseWords } from './phrase-pattern.js';
import { correctionOf, keepsThem } from './corrected-stops.js';
import { clauseStance } from './clause-stance.js';
import type { ClauseStance, ReadClause } from './clause-stance.js';
import { stanceClauses } from './stance-clauses.js';
import { BUT, everyKindStopped, keepExceptions, withoutAround } from './excepted-kinds.js';

/**
 * A message whose clauses keep some kinds and stop others ("keep the promos, just stop the order
 * updates", "order updates only please and no promos", "login codes are fine, stop the rest",
 * "don't unsubscribe me from the promos, just the order updates"): a wish to stop the kinds its
 * stopping clauses name, or with none named, every kind but the kept ones; the bot asks. A stop
 * of kept kinds only, with no clause that stops, is no stop ("don't unsubscribe me from the
 * promos"). `undefined`: the message keeps no kind by name, and `read` stands.
 */
export function keepingClauses(
  index: KeywordIndex,
  text: string,
  read: KeywordMatch | null,
  readClause: ReadClause,
): KeywordMatch | null | undefined {
  if (read !== null && read.kind !== 'optOut') return undefined;
  // Every reading here keeps or stops kinds by name: a message that names none is read as it is,
  // before its clauses are split and read one by one.
  if (kindsNamedIn(index, `${phraseWords(text).join(' ')} `, true).size === 0) return undefined;
  const pieces = stanceClauses(index, text);
  if (read === null && pieces.length < 3) return undefined;
  const stances: ClauseStance[] = [];
  // Each stance's clause, and the break before it.
  const clauses: { piece: string; after: string }[] = [];
  // Whether the clause before said what to stop or cancel, and read as no stance ("cancel my order").
  let verbBefore = false;
  // A stop taken back for the kinds meant, at the message's end ("stop the codes, no wait, the
  // promos"): that stop, of those kinds alone.
  let corrected = false;
  // A stop taken back with others left ("stop the promos, stop the codes? no keep them").
  let takenBack = false;
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i] ?? '';
    // (A stop and the kinds listed after it are one stop: "stop codes and promos, oops i meant
    // just promos".)
    const lead = stances.findLastIndex((s) => s.stance !== 'listed');
    const listed = stances.slice(lead + 1).flatMap((s) => s.kinds);
    const stop = stances[lead];
    const last =
      stop?.stance === 'stop' && listed.length > 0
        ? { ...stop, kinds: [...stop.kinds, ...listed] }
        : stances.at(-1);
    const correction = correctionOf(index, pieces, i, last);
    // What a correction takes back: that stance, or the stop and the kinds listed after it.
    const from = last === stances.at(-1) ? stances.length - 1 : lead;
    if (correction) [stances.length, clauses.length] = [from, from];
    // ("stop codes, no wait, keep them": that stop taken back; with no other, no stop.)
    if (correction === 'stopTakenBack') {
      // (With no stop after it either, none: "stop orders. jk. stop promos" stops the promos, "no
      // more codes. nvm. no more promos" the promos; "…, nao pera, nao parem" asks not to stop.)
      const notStopping = (words: readonly string[]) =>
        REFUSALS.has(words[0] ?? '') && CANCELLING_VERBS.has(words[1] ?? '');
      const after = pieces.slice(i + 1).filter((p) => !notStopping(phraseWords(p)));
      const more = after.some((p) => readClause(p)?.kind === 'optOut');
      if (!more && !stances.some((s) => s.stance === 'stop')) return null;
      takenBack = true;
      continue;
    }
    if (correction === 'keepTakenBack') continue;
    if (correction) {
      stances.push(correction);
      clauses.push({ piece, after: pieces[i - 1] ?? '' });
      corrected = true;
      break;
    }
    const after = pieces[i - 1] ?? '';
    const before = {
      verb: verbBefore,
      space: /^\s+$/u.test(after),
      joined: JOINING_BREAK.test(after),
    };
    const said = clauseStance(index, piece, stanceBefore(stances), readClause, before);
    verbBefore = !said && phraseWords(piece).some((word) => CANCELLING_VERBS.has(word));
    if (!said) continue;
    // ("…, codes stay? no stop them too": the codes.)
    const too = phraseWords(piece).some((word) => ALSO_WORDS.has(word));
    const but = BUT.has(after.trim().toLowerCase());
    const them = () => themKinds(index, pieces, i, { stances, clauses }, { too, but });
    const stance = themOf(said, piece, them);
    clauses.push({ piece, after });
    // Kinds, then what to do with them: "promos: stop. codes: keep.", "los códigos, paren".
    // (Not kinds added to ones kept: "the codes are ok. the orders too. stop them".)
    const keptToo = stances.at(-1)?.stance === 'keep' && too;
    const then =
      stance.stance === 'listed' && !keptToo
        ? thenDone(pieces[i + 2] ?? '', readClause)
        : undefined;
    if (then === 'keep') stances.push({ stance: 'keep', kinds: stance.kinds, joined: false });
    else if (then) {
      // ("codes. promos. stop.": the kinds listed before it too.)
      // (Where the first of them is: "codes and promos, stop" opens the message.)
      const kinds = [...new Set([...listed, ...stance.kinds])];
      const opening = clauses[lead + 1]!.after;
      [stances.length, clauses.length] = [lead + 1, lead + 1];
      stances.push({ stance: 'stop', listed: true, kinds, match: { ...then, categories: kinds } });
      clauses.push({ piece, after: opening });
    } else stances.push({ ...stance, joined: JOINING_BREAK.test(after) });
    if (then) i += 2;
  }
  keepExceptions(index, stances, clauses);
  // "the promos too, stop the codes", "las ofertas también, paren los códigos": kinds added to
  // the stop after them.
  const [opening, second] = stances;
  const adds = phraseWords(clauses[0]?.piece ?? '').some((word) => ALSO_WORDS.has(word));
  if (opening?.stance === 'listed' && second?.stance === 'stop' && adds) {
    stances[0] = { ...second, kinds: opening.kinds, listed: true };
  }
  // "orders and codes stop, promos keep": kinds joined to a stop of kinds named first.
  for (let i = stances.length - 2; i >= 0; i -= 1) {
    const [listed, next] = [stances[i]!, stances[i + 1]!];
    const first = phraseWords(clauses[i + 1]!.piece).find((word) => !ARTICLES.has(word));
    const kindsFirst = first !== undefined && pluralKinds(index, first).length > 0;
    if (listed.stance === 'listed' && next.stance === 'stop' && next.joined && kindsFirst) {
      stances[i] = { ...next, kinds: listed.kinds, listed: true };
    }
  }
  // "…, order updates and login codes are fine", "…, los códigos y pedidos no": a list joined to
  // kinds said fine, or left out, is kept too.
  for (let i = stances.length - 2; i >= 0; i -= 1) {
    const [listed, next] = [stances[i]!, stances[i + 1]!];
    if (listed.stance === 'listed' && (next.fine || next.trailing) && next.joined) {
      stances[i] = { ...next, kinds: listed.kinds };
    }
  }
  // "paren todo, ni los pedidos", "parem tudo, nem os pedidos": everything, kinds added (not
  // "cancel everything but the codes").
  const [all, ...listed] = stances;
  const everything = all?.stance === 'stop' && all.kinds.length === 0 && !all.rest;
  const added = (s: ClauseStance, i: number) =>
    s.stance === 'listed' && !BUT.has(phraseWords(clauses[i + 1]!.after)[0] ?? '');
  if (read === null && everything && all.match && listed.length > 0 && listed.every(added)) {
    return { ...all.match, type: 'contains' };
  }
  // "stop. the codes. not the promos": a stop, then the kinds it stops (not "stop everything:
  // promos, codes, order updates").
  const stopThenKinds = new Set(
    stances.filter(
      (s, i) =>
        s.stance === 'stop' &&
        s.kinds.length === 0 &&
        stances[i + 1]?.stance === 'listed' &&
        !phraseWords(clauses[i]!.piece).some((word) => EVERYTHING.has(word)),
    ),
  );
  // ("stop. codes. promos.": the stop is of the kinds listed after it; "stop the orders, codes
  // too", "stop the orders, promos are ok": and of the orders it names, which alone could be
  // purchases, but with other kinds named are their messages.)
  const kindsSaid = stances.some((s) => s.kinds.length > 0);
  for (let i = 0; i < stances.length; i += 1) {
    const [stop, listed] = [stances[i]!, stances[i + 1]];
    const own = kindsNamedIn(index, ` ${phraseWords(clauses[i]!.piece).join(' ')} `, true);
    const bare = stop.stance === 'stop' && stop.kinds.length === 0 && !stop.rest && kindsSaid;
    const ownOnly = bare && !stopThenKinds.has(stop) && own.size > 0;
    if (!stop.match || !(ownOnly || (stopThenKinds.has(stop) && listed))) continue;
    const kinds = [...new Set([...own, ...(ownOnly ? [] : listed!.kinds)])];
    stances[i] = { ...stop, kinds, match: { ...stop.match, categories: kinds } };
  }
  // A list's other kinds go with the clause before them ("stop the order updates and promos",
  // "stop the codes, order updates are fine, promos too"; "paren códigos pero no ofertas, y tb
  // los pedidos" keeps the pedidos too: offering them could stop what the customer keeps).
  for (let i = 1; i < stances.length; i += 1) {
    if (stances[i]!.stance === 'listed')
      stances[i] = { ...stances[i - 1]!, kinds: stances[i]!.kinds, listed: true };
  }
  const kept = new Set(stances.flatMap((s) => (s.stance === 'keep' ? s.kinds : [])));
  // "no quiero cancelar todo, solo las ofertas": a wish not to stop keeps what it does not name.
  if (kept.size === 0 && !stances.some((s) => s.negated)) {
    // The kinds meant after a correction, with those of the stops before it (or the stops left
    // after one taken back).
    const stops = stances.filter((s) => s.stance === 'stop');
    const meant = stops.at(-1)?.match;
    const amended = corrected || takenBack;
    if (amended && meant && stops.every((s) => s.kinds.length > 0)) {
      const categories = [...new Set(stops.flatMap((s) => s.kinds))];
      return { ...meant, type: 'contains', categories };
    }
    // ("paren los códigos, mejor dicho todo": everything.)
    if (amended && meant && !meant.categories) return { ...meant, type: 'contains' };
    // ("stop. codes. promos.": read as a whole, a stop of everything; the stop's kinds instead.)
    const named = read?.kind === 'optOut' && read.type !== 'exact' && read.categories?.length;
    const whole = stopThenKinds.size > 0 && !named ? null : read;
    return everyKindStopped(index, text, stances, clauses, whole);
  }
  const stopping = stances.filter((s) => s.stance === 'stop');
  const stop = read?.kind === 'optOut' && read.type !== 'exact' ? read : undefined;
  const said = stop ?? stopping[0]?.match;
  if (!said) return undefined;
  if (stopping.length === 0) {
    // "keep the order updates, dont stop them": no stop.
    if (kept.size > 0 && stances.some((s) => s.negated?.categories?.length === 0)) return null;
    // "don't unsubscribe me from the promos": the kinds it would stop are the ones kept.
    return stop?.categories?.every((id) => kept.has(id)) ? null : undefined;
  }
  // A stop of everything, or of "them" ("order updates are fine. STOP", "the promos are ok but
  // stop them", "i like the promos but stop everything: …"), is read as it is; "the rest" is
  // every other kind. Kinds wanted after it are kept: "stop everything, i still want the order
  // updates", "parem tudo, ainda quero os pedidos".
  const stopsAll = stances.findIndex(
    (s) => s.stance === 'stop' && s.kinds.length === 0 && !s.rest && !stopThenKinds.has(s),
  );
  // (Not "stop them all, just the codes": which ones it stops, or keeps, is asked.)
  const wantedAfter = stances.slice(stopsAll + 1).some((s) => s.wanted === true);
  if (stopsAll >= 0 && !wantedAfter) return undefined;
  // A kind a stopping clause names is stopped, liked or not ("i like the offers but stop the
  // offers and order updates"), unless a clause after it keeps it ("stop codes and promos.
  // actually keep the codes").
  const last = new Map<string, ClauseStance['stance']>();
  for (const s of stances) for (const id of s.kinds) last.set(id, s.stance);
  const named = stopping.flatMap((s) => s.kinds).filter((id) => last.get(id) !== 'keep');
  // ("stop the codes. actually keep them": nothing to stop.)
  if (named.length === 0 && stopping.some((s) => s.kinds.length > 0)) return null;
  const others = everyKind(index).filter((id) => !kept.has(id));
  // "no more promos, order updates only": every kind but the ones wanted.
  const exclusive = stances.some((s) => s.stance === 'keep' && s.only);
  const categories = named.length > 0 && !exclusive ? [...new Set(named)] : others;
  if (categories.length === 0) return undefined;
  const keeps = [...kept].filter((id) => !categories.includes(id));
  return {
    type: 'contains',
    kind: 'optOut',
    language: said.language,
    keyword: said.keyword,
    categories,
    ...(keeps.length > 0 && { kept: keeps }),
  };
}

/**
 * What a clause after kinds listed does to them, said alone: a stopping verb ("promos: stop.",
 * "los códigos, paren"), that stop as it reads; a word that keeps them ("codes: keep", "codes,
 * keep those"), `keep`; `undefined` for any other clause.
 */
function thenDone(clause: string, readClause: ReadClause): StopMatch | 'keep' | undefined {
  const words = withoutAround(phraseWords(clause));
  if (keepsThem(words)) return 'keep';
  // ("the codes, stop them".)
  const verbs = words.filter((word) => !THEM.has(word));
  if (verbs.length === 0 || !verbs.every((word) => STOPPING_VERBS.has(word))) return undefined;
  const read = readClause(clause);
  if (read?.kind !== 'optOut') return undefined;
  return { type: 'contains', kind: 'optOut', language: read.language, keyword: read.keyword };
}

/**
 * A stop of "them" after clauses that name kinds, of those kinds (`named`); any other stance as
 * it is.
 */
function themOf(
  stance: Omit<ClauseStance, 'joined'>,
  piece: string,
  named: () => readonly string[],
): Omit<ClauseStance, 'joined'> {
  const words = phraseWords(piece);
  const them = words.some((word) => THEM.has(word)) && !words.some((word) => EVERYTHING.has(word));
  if (stance.stance !== 'stop' || stance.kinds.length > 0 || !them) return stance;
  const kinds = named();
  if (kinds.length === 0) return stance;
  return {
    ...stance,
    kinds: [...kinds],
    ...(stance.match && { match: { ...stance.match, categories: [...kinds] } }),
  };
}

/**
 * The kinds "them" stands for in clause `at`: those the clauses before it name, but the ones they
 * keep ("codes are annoying, stop them", "i like orders. codes annoy me, stop them", "promos are
 * spam. codes are fine. stop them": the promos); with "too", the last clause's ("stop promos,
 * codes stay? no stop them too"), as after "but" when it only keeps ("the promos are ok but stop
 * them"); none when the kinds named are only kept ("keep the codes, stop them": the rest).
 */
function themKinds(
  index: KeywordIndex,
  pieces: readonly string[],
  at: number,
  read: { stances: readonly ClauseStance[]; clauses: readonly { piece: string }[] },
  said: { too: boolean; but: boolean },
): readonly string[] {
  const named = new Set<string>();
  let last: string[] | undefined;
  for (let j = at - 2; j >= 0; j -= 2) {
    // ("my order is late. stop it": the purchase, not its messages.)
    const words = phraseWords(pieces[j] ?? '').filter(
      (word) => word.endsWith('s') || labelWordKind(index, word) === undefined,
    );
    const kinds = [...kindsNamedIn(index, ` ${words.join(' ')} `, true)];
    if (kinds.length === 0) continue;
    last ??= kinds;
    if (said.too) break;
    // (Kinds listed go with the clause before them: "the codes are ok. the orders too".)
    let k = read.clauses.findIndex((clause) => clause.piece === pieces[j]);
    while (k > 0 && read.stances[k]?.stance === 'listed') k -= 1;
    if (read.stances[k]?.stance !== 'keep') for (const id of kinds) named.add(id);
  }
  if (named.size > 0) return [...named];
  return said.too || said.but ? (last ?? []) : [];
}

/**
 * The stance of the clauses before the next: the last one's, or for kinds listed after a stop,
 * that stop's ("stop codes and promos not order updates": the order updates are kept).
 */
function stanceBefore(stances: readonly ClauseStance[]): ClauseStance | undefined {
  const last = stances.at(-1);
  if (last?.stance !== 'listed') return last;
  const led = stances.findLast((s) => s.stance !== 'listed');
  return led?.stance === 'stop' ? { ...led, kinds: last.kinds } : last;
}
