/**
 * The actions of a compiled flow about "let me choose" and new categories: each kind asked in
 * turn, kinds left out by name, and the yes and no recorded at the end (see `consent-region.ts`).
 */
import type { AskKind } from '../consent/events.js';
import { kindsRefused, kindsRefusedAlone, onlyKindsAsked } from './kinds-in-answers.js';
import type { FlowDefinition } from './definition.js';
import type { FlowContext } from './flow-context.js';
import { ASK_TIMES_KEPT } from './flow-context.js';
import { categoryReply } from './flow-replies.js';
import type { FlowReadings } from './flow-readings.js';
import { actWith, say } from './flow-actions.js';
import { consentRecords } from './consent-actions.js';
import { kindsStopped } from './choosing-guards.js';

/** The "let me choose" actions of `flow`. */
export function choosingActions(flow: FlowDefinition, r: FlowReadings) {
  const {
    answerKey,
    allCategories,
    inFlowOrder,
    idsOf,
    kindsLeftOut,
    kindsOutWithYes,
    kindsRefusedBefore,
    pendingNew,
    hadOf,
    othersThan,
  } = r;
  const act = actWith(r);
  const { asked, grant, declined, decline } = consentRecords(flow, r);
  /**
   * The question about the category "let me choose" is at, and the ask logged for it, unless it
   * is shown again (after "ok", HELP or another message): one ask per category in the reports.
   */
  const showCategory = (context: FlowContext, language: string, ask: AskKind) => {
    const choosing = context.choosing ?? { index: 0, chosen: [] };
    const id = idsOf(choosing)[choosing.index] ?? '';
    const reply = categoryReply(flow, language, id, choosing.newCategories === true);
    const text = reply.type === 'buttons' ? reply.text : '';
    const categories = ask === 'new_category' ? idsOf(choosing) : [id];
    const again = ask === 'category' && choosing.shown === id;
    return {
      question: { text, at: 0, variant: context.question?.variant },
      intents: again ? [say(reply)] : [say(reply), asked(context, language, ask, categories)],
      choosing: again ? choosing : { ...choosing, shown: id },
    };
  };
  /** "Let me choose" begun: the first category's question. */
  const beginChoosing = (
    context: FlowContext,
    language: string,
    choosing: NonNullable<FlowContext['choosing']>,
  ) => {
    const shown = showCategory({ ...context, choosing }, language, 'category');
    return { intents: shown.intents, patch: { choosing: shown.choosing } };
  };

  return {
    startChoosing: act((context, _e, language) =>
      beginChoosing(context, language, { index: 0, chosen: [], asking: allCategories[0] }),
    ),
    // "Yes, but no promos" to the question: "let me choose" over the kinds not named (every
    // kind, after "yes, but only my orders"), each answered on its own. The ones named are not
    // granted, and a yes given to them before is taken back now, as a no to them (whether or
    // not the customer answers the rest).
    startChoosingOthers: act((context, event, language) => {
      // "only order updates pls": the kinds named; "yes, but no promos": the others.
      const only = onlyKindsAsked(answerKey, event);
      // "sí, pero sin códigos", "ni códigos ni ofertas": not asked about the kinds refused by
      // name either.
      const namedNo = [...kindsRefused(answerKey, event), ...kindsRefusedAlone(answerKey, event)];
      const others = othersThan(event).filter((id) => !namedNo.includes(id));
      const ids = only ? inFlowOrder(only) : others.length > 0 ? others : othersThan(event);
      const refused = hadOf(event, allCategories).filter((id) => !ids.includes(id));
      const begun = beginChoosing(context, language, {
        index: 0,
        chosen: [],
        asking: ids[0],
        ids,
      });
      return {
        ...begun,
        intents: [
          ...(refused.length > 0 ? [declined(context, event, language, refused)] : []),
          ...begun.intents,
        ],
      };
    }),
    // A customer who said yes is asked about the categories the flow gained since, once.
    askNewCategories: act((context, event, language) => {
      const ids = pendingNew(context, event, language);
      const choosing = { index: 0, chosen: [], asking: ids[0], ids, newCategories: true };
      const shown = showCategory({ ...context, choosing }, language, 'new_category');
      return {
        patch: {
          choosing,
          askTimes: [...context.askTimes, event.facts.now].slice(-ASK_TIMES_KEPT),
          askedAtTurn: context.turns ?? 0,
          question: { ...shown.question, at: event.facts.now },
          newCategories: undefined,
        },
        intents: shown.intents,
      };
    }),
    recordCategory: act<{ accept: boolean }>((context, _e, _l, params) => {
      const current = context.choosing ?? { index: 0, chosen: [] };
      const ids = idsOf(current);
      const id = ids[current.index];
      const chosen = params.accept && id ? [...current.chosen, id] : current.chosen;
      const choosing = {
        ...current,
        index: current.index + 1,
        chosen,
        asking: ids[current.index + 1],
      };
      return { patch: { choosing }, intents: [] };
    }),
    askCategory: act((context, _e, language) => {
      const shown = showCategory(context, language, 'category');
      const patch = shown.choosing === context.choosing ? {} : { choosing: shown.choosing };
      return { patch, intents: shown.intents };
    }),
    // "no quiero ofertas" in "let me choose": the kinds named left out of those still to be
    // asked, so they are not granted; the kind asked now is the next one not named. A no given
    // before to a kind it asks for is taken back ("only login codes" to the offers after a no to
    // the codes).
    leaveOutNamed: act((context, event) => {
      const current = context.choosing ?? { index: 0, chosen: [] };
      const out = kindsLeftOut(context, event);
      const ids = idsOf(current).filter((id) => !out.includes(id));
      const chosen = [...current.chosen, ...kindsRefusedBefore(context, event)];
      return {
        patch: { choosing: { ...current, ids, chosen, asking: ids[current.index] } },
        intents: [],
      };
    }),
    // "stop the order updates" in "let me choose" after a yes to them: that yes taken back, and
    // the kinds it names left out of those still to be asked.
    unchooseStopped: act((context, event) => {
      const current = context.choosing ?? { index: 0, chosen: [] };
      const stopped = kindsStopped(event);
      const ids = idsOf(current);
      const kept = [
        ...ids.slice(0, current.index),
        ...ids.slice(current.index).filter((id) => !stopped.includes(id)),
      ];
      const chosen = current.chosen.filter((id) => !stopped.includes(id));
      return {
        patch: { choosing: { ...current, ids: kept, chosen, asking: kept[current.index] } },
        intents: [],
      };
    }),
    // "yes to codes" after a no to them in this choice: the no taken back (the kind asked now
    // is asked again).
    chooseAgain: act((context, event) => {
      const current = context.choosing ?? { index: 0, chosen: [] };
      const chosen = [...current.chosen, ...kindsRefusedBefore(context, event)];
      return { patch: { choosing: { ...current, chosen } }, intents: [] };
    }),
    // "solo los pedidos", "yes but no promos" to the kind asked: the others it leaves out are
    // not asked about (its yes is `recordCategory`'s); a yes given before to a kind it refuses
    // by name is taken back ("yes please but not the codes" to the offers after a yes to them),
    // as is a no given before to a kind it names.
    leaveOutOthers: act((context, event) => {
      const current = context.choosing ?? { index: 0, chosen: [] };
      const out = kindsOutWithYes(context, event) ?? [];
      const ids = idsOf(current).filter((id) => !out.includes(id));
      const refused = onlyKindsAsked(answerKey, event) ? [] : kindsRefused(answerKey, event);
      // ("order updates and login codes" to the codes after a no to the order updates: that no
      // taken back too.)
      const chosen = [
        ...current.chosen.filter((id) => !refused.includes(id)),
        ...kindsRefusedBefore(context, event),
      ];
      return {
        patch: { choosing: { ...current, ids, chosen, asking: ids[current.index] } },
        intents: [],
      };
    }),
    finishChoosing: act((context, event, language) => {
      const chosen = context.choosing?.chosen ?? [];
      const ids = idsOf(context.choosing);
      // A no to new categories is a no to them alone: the customer's yes stands.
      const onlyNew = context.choosing?.newCategories === true;
      if (chosen.length === 0) {
        const intents = decline(context, event, language, onlyNew ? ids : undefined);
        return { patch: { choosing: undefined }, intents };
      }
      // "Let me choose" answered again by a customer who said yes before: the kinds they had
      // and answer no to now are recorded as a no, which takes them away; the rest is granted.
      // (Every kind of the flow: those left out of "yes, but no promos" were refused too.)
      const refused = onlyNew
        ? []
        : hadOf(event, allCategories).filter((id) => !chosen.includes(id));
      const intents = [
        ...(refused.length > 0 ? [declined(context, event, language, refused)] : []),
        ...grant(context, event, language, chosen),
      ];
      return { patch: { choosing: undefined }, intents };
    }),
  };
}
