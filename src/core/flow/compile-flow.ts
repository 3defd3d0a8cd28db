import { and, assign, enqueueActions, not, or, setup } from 'xstate';
import type { Reply } from '../conversation/inbound.js';
import type { ConversationEvent, ConversationIntent, Prompt } from '../conversation/events.js';
import { mayAsk, mayAskNewCategories, mayReask } from '../consent/ask-policy.js';
import type { AskKind, OptOutTrigger } from '../consent/events.js';
import { buildAnswerKey } from './answer-key.js';
import { answerOf, goAheadOnly, numberPastMenu } from './answer-of.js';
import {
  kindsRefused,
  kindsRefusedAlone,
  kindsRefusedInWords,
  onlyKindsAsked,
  saysNone,
} from './kinds-in-answers.js';
import {
  kindsAddedToStop,
  kindsNarrowingStop,
  kindsToOfferStopping,
  stopPromptOpen,
} from './stop-answers.js';
import { takesBack, takesBackNo } from './take-backs.js';
import { noWithThanks, yesWithCondition, yesWithRequest } from './answer-sentences.js';
import { consentRegion } from './consent-region.js';
import type { FlowDefinition } from './definition.js';
import { hushed, personOffer, quietMoments } from './ask-moments.js';
import type { FlowContext, FlowInput } from './flow-context.js';
import { ASK_TIMES_KEPT } from './flow-context.js';
import { createChoicePicker, declinesPersonOffer, offered } from './pick-choice.js';
import {
  categoryReply,
  optedInReply,
  optedOutSomeReply,
  questionReply,
  serviceStateReply,
  stopConfirmReply,
  stopSomeReply,
  textReply,
} from './flow-replies.js';
import { saidAfter } from './last-said.js';
import { drawVariant, hasVariant, STANDARD_VARIANT } from './question-variants.js';
import { registryGuards } from './registry.js';
import { backReply, notUnderstoodReply, smallTalkTextReply } from './small-talk-replies.js';
import {
  buildServiceRegion,
  entersHandoverGuard,
  handoverStates,
  answeredWithChoiceGuard,
} from './service-region.js';
import { turnsRegion } from './turns-region.js';

/**
 * Compiles a validated flow into one XState machine: a parallel machine with the flow's
 * service region and the compiler-owned consent region (`consent-region.ts`).
 * The machine is pure: it emits {@link ConversationIntent}s (replies, consent changes) and
 * never sends or writes; time and consent reach it as facts on each event.
 * @example
 * const machine = compileFlow(flow);
 * const actor = createActor(machine, { input: { language: 'es' } });
 * actor.on('*', (intent) => intents.push(intent));
 */
export function compileFlow(flow: FlowDefinition) {
  const picks = createChoicePicker(flow);
  const handovers = handoverStates(flow);
  const answerKey = buildAnswerKey(flow);
  const allCategories = flow.categories.map((c) => c.id);
  /** `ids` once each, in the flow's order of its categories. */
  const inFlowOrder = (ids: readonly string[]) => allCategories.filter((id) => ids.includes(id));
  const languageOf = (context: FlowContext, event: ConversationEvent) =>
    event.language && flow.languages.includes(event.language) ? event.language : context.language;
  const textsIn = (language: string) => flow.texts[language] ?? flow.texts[flow.defaultLanguage]!;
  const say = (reply: Reply): ConversationIntent => ({ type: 'reply', reply, from: 'consent' });
  const answer = (reply: Reply, role?: 'answer' | 'personOffer'): ConversationIntent => ({
    type: 'reply',
    reply,
    from: 'service',
    ...(role ? { role } : {}),
  });
  /** The categories "let me choose" (or a new-category ask) goes through, in order. */
  const idsOf = (choosing: FlowContext['choosing']) => choosing?.ids ?? allCategories;
  /** The kinds "let me choose" has still to ask about, the one asked now first. */
  const kindsLeft = (context: FlowContext) =>
    idsOf(context.choosing).slice(context.choosing?.index ?? 0);
  /**
   * Of the kinds "let me choose" has still to ask about, those a message says no to: the kinds
   * it refuses by name ("ni códigos ni ofertas"), or all but those it asks for alone ("solo los
   * pedidos").
   */
  const kindsLeftOut = (context: FlowContext, event: ConversationEvent): string[] => {
    // "none", "ninguno", "nenhum": a no to every kind left.
    if (saysNone(event)) return kindsLeft(context);
    const only = onlyKindsAsked(answerKey, event);
    const named = only ? [] : kindsRefusedAlone(answerKey, event);
    return kindsLeft(context).filter((id) => (only ? !only.includes(id) : named.includes(id)));
  };
  /**
   * In "let me choose", a message that wants the kind asked now and leaves other kinds out:
   * "solo los pedidos" to the order updates question (every kind left but those named), or "yes
   * but no promos" (the kinds it refuses). The kinds left out; `undefined` for any other message.
   */
  const kindsOutWithYes = (context: FlowContext, event: ConversationEvent) => {
    const left = kindsLeft(context);
    const [asked] = left;
    if (asked === undefined) return undefined;
    const only = onlyKindsAsked(answerKey, event);
    if (only) return only.includes(asked) ? left.filter((id) => !only.includes(id)) : undefined;
    if (!yesWithCondition(answerKey, event, languageOf(context, event))) return undefined;
    const refused = kindsRefused(answerKey, event);
    return refused.length > 0 && !refused.includes(asked)
      ? left.filter((id) => refused.includes(id))
      : undefined;
  };
  /**
   * The new categories the customer may be asked about now: still in the flow, not granted or
   * withdrawn meanwhile (through the API), no marketing after WhatsApp's marketing opt-out,
   * and only in a language that has the new-category question.
   */
  const pendingNew = (context: FlowContext, event: ConversationEvent, language: string) => {
    if (textsIn(language).newCategoryQuestion === undefined) return [];
    const { consent } = event.facts;
    return flow.categories
      .filter(
        (c) =>
          context.newCategories?.includes(c.id) === true &&
          !(consent.granted?.[c.id] ?? consent.categories[c.id] ?? false) &&
          consent.revoked?.[c.id] !== true &&
          !(consent.marketingSuppressed && c.whatsappCategory === 'MARKETING'),
      )
      .map((c) => c.id);
  };
  /** The customer's variant of the question in `language`: the one drawn before, or a new draw. */
  const variantIn = (context: FlowContext, event: ConversationEvent, language: string) => {
    const texts = textsIn(language);
    const kept = context.variants?.[language];
    if (kept !== undefined && hasVariant(texts, kept)) return kept;
    const key = event.facts.drawKey ?? event.facts.messageId;
    return drawVariant(texts, `${flow.id}:${language}:${key}`);
  };
  const asked = (
    context: FlowContext,
    language: string,
    ask: AskKind,
    categories: readonly string[],
  ): ConversationIntent => ({
    type: 'question.asked',
    language,
    ask,
    categories,
    variant: context.question?.variant ?? context.variants?.[language] ?? STANDARD_VARIANT,
  });
  const askFacts = (context: FlowContext, event: ConversationEvent) => ({
    consent: event.facts.consent,
    now: event.facts.now,
    windowStartedAt: event.facts.windowStartedAt,
    askTimes: context.askTimes,
    previousMessages: event.facts.firstMessage ? 0 : 1,
  });
  const quiet = quietMoments(flow);
  /** Of `ids`, the kinds the customer has a yes to now. */
  const hadOf = (event: ConversationEvent, ids: readonly string[]) => {
    const { granted, categories } = event.facts.consent;
    return ids.filter((id) => (granted?.[id] ?? categories[id]) === true);
  };
  /** Of the kinds the customer has a yes to, those "only order updates" does not name. */
  const kindsNotNamed = (event: ConversationEvent) => {
    const named = onlyKindsAsked(answerKey, event) ?? [];
    return hadOf(event, allCategories).filter((id) => !named.includes(id));
  };
  /** The flow's kinds that a message naming kinds to stop ("no promos") does not name: all, for another message. */
  const othersThan = (event: ConversationEvent) => {
    const named = event.type === 'stop.some' ? event.categories : [];
    return allCategories.filter((id) => !named.includes(id));
  };
  /**
   * The bot's latest message (`said`) is one of its consent messages, and the customer writes
   * to it: within the answer period, with no hand-over and nothing the business sent since (an
   * agent's or a template's question is theirs to have answered).
   */
  const writesTo = (
    said: FlowContext['said'],
    event: ConversationEvent,
  ): said is NonNullable<FlowContext['said']> => {
    const { now, handover, businessWroteAt } = event.facts;
    return (
      said?.by === 'consent' &&
      now >= said.at &&
      now - said.at <= answerKey.periodMs &&
      !(businessWroteAt !== undefined && businessWroteAt >= said.at) &&
      handover === undefined
    );
  };
  /** The customer writes to `prompt` while it is the bot's latest message (see `writesTo`). */
  const writesToPrompt = (context: FlowContext, event: ConversationEvent, prompt: Prompt) =>
    writesTo(context.said, event) && context.said.prompt === prompt;
  /** The same, to the question, and it may be shown again (the asks of the window allow). */
  const mayShowQuestionAgain = (context: FlowContext, event: ConversationEvent) =>
    writesToPrompt(context, event, 'question') && mayReask(flow.consent, askFacts(context, event));
  /**
   * A stop prompt ("do you want to stop?", "stop just those?") is the latest message, within the
   * answer period, outside a hand-over, and the customer writes something else that is no small
   * talk: a request the service answers with one of its choices, or a first message it does not
   * understand (not the second, which offers a person: a "yes" then is for the person). The
   * prompt is shown again after the service's reply.
   */
  const mayShowStopPromptAgain = (
    context: FlowContext,
    event: ConversationEvent,
    prompt: 'stop' | 'stopSome',
  ) => {
    const { said } = context;
    if (hushed(event) || event.smallTalk !== undefined) return false;
    if (said?.by !== 'consent' || said.prompt !== prompt) return false;
    return event.facts.now - said.at <= answerKey.periodMs;
  };
  /** See {@link mayShowStopPromptAgain}: not after the second message not understood. */
  const understoodOrFirstMiss = or([
    ({ context }: { context: FlowContext }) => (context.misses ?? 0) === 0,
    'answeredWithChoice',
  ]);
  /**
   * A yes or no word typed (not small talk: "sure", "sí, gracias" thank) while the question
   * waits for its answer but another message of the bot came after it: within the answer
   * period, with no hand-over and nothing the business sent since the question, and the asks of
   * the window allow showing it again.
   */
  const toEarlierQuestion = (context: FlowContext, event: ConversationEvent) => {
    if (event.type !== 'answer.yes' && event.type !== 'answer.no') return false;
    if (event.prompt !== undefined || event.smallTalk !== undefined) return false;
    // "no" to the person offered is the offer's.
    if (declinesPersonOffer(context.said, event)) return false;
    const { said, question } = context;
    if (!said || !question || (said.by === 'consent' && said.prompt !== undefined)) return false;
    const { now, handover, businessWroteAt } = event.facts;
    return (
      now >= question.at &&
      now - question.at <= answerKey.periodMs &&
      handover === undefined &&
      !(businessWroteAt !== undefined && businessWroteAt >= question.at) &&
      mayReask(flow.consent, askFacts(context, event))
    );
  };
  /**
   * The customer writes to the thanks for a yes (`granted`) or to what acknowledged a no
   * (`declined`), with the consent as it left it.
   */
  const rightAfter = (
    context: FlowContext,
    event: ConversationEvent,
    mark: 'granted' | 'declined' | 'optedOut',
    status: 'opted_in' | 'declined' | 'opted_out',
  ) =>
    writesTo(context.said, event) &&
    context.said[mark] === true &&
    event.facts.consent.status === status;

  /**
   * Builds a named action: from context and event, the context patch and the intents. Every
   * reply it makes moves `said`, the bot's latest message (see {@link saidAfter}).
   */
  const act = <P = undefined>(
    run: (
      context: FlowContext,
      event: ConversationEvent,
      language: string,
      params: P,
    ) => { patch?: Partial<FlowContext>; intents: ConversationIntent[] },
  ) =>
    flowActions<P>(({ context, event, enqueue }, params) => {
      const language = languageOf(context, event);
      const { patch, intents } = run(context, event, language, params);
      const said = saidAfter(context.said, event, intents);
      // A conversation from before categories were remembered learns them now (see pendingNew).
      const known = context.knownCategories ? {} : { knownCategories: allCategories };
      enqueue.assign({ language, ...known, ...patch, ...(said ? { said } : {}) });
      for (const intent of intents) enqueue.emit(intent);
    });

  const ask = (which: 'question' | 'reask') =>
    act((context, event, language) => {
      const variant = variantIn(context, event, language);
      const question = questionReply(flow, language, which, variant);
      const text = question.type === 'buttons' ? question.text : '';
      return {
        patch: {
          askTimes: [...context.askTimes, event.facts.now].slice(-ASK_TIMES_KEPT),
          askedAtTurn: context.turns ?? 0,
          question: { text, at: event.facts.now, variant },
          variants: { ...context.variants, [language]: variant },
          // The question names every category: none is new to this customer any more.
          knownCategories: allCategories,
          newCategories: undefined,
        },
        intents: [
          say(question),
          { type: 'question.asked', language, ask: which, categories: allCategories, variant },
        ],
      };
    });

  /** The question the customer answered: the one their tap was under, else the last shown. */
  const questionText = (context: FlowContext, event: ConversationEvent) =>
    ('shown' in event ? event.shown : undefined) ?? context.question?.text ?? '';
  /** Its variant: that of the question under the tap, else the customer's. */
  const variantAnswered = (context: FlowContext, event: ConversationEvent) => {
    const shown = 'shown' in event ? event.shown : undefined;
    const variant =
      shown === undefined || shown === context.question?.text
        ? context.question?.variant
        : answerKey.variantOf.get(shown);
    return variant === undefined ? {} : { variant };
  };
  const grant = (
    context: FlowContext,
    event: ConversationEvent,
    language: string,
    categories: readonly string[],
  ) => [
    {
      type: 'consent.grant' as const,
      categories,
      questionText: questionText(context, event),
      language,
      ...variantAnswered(context, event),
    },
    say(optedInReply(flow, language, categories)),
  ];
  /** The record of a no: to the question, or to `categories` alone. */
  const declined = (
    context: FlowContext,
    event: ConversationEvent,
    language: string,
    categories?: readonly string[],
  ) => ({
    type: 'consent.decline' as const,
    questionText: questionText(context, event),
    language,
    ...variantAnswered(context, event),
    ...(categories ? { categories } : {}),
  });
  const decline = (
    context: FlowContext,
    event: ConversationEvent,
    language: string,
    categories?: readonly string[],
  ) => [
    declined(context, event, language, categories),
    say(textReply(flow, language, textsIn(language).declined)),
  ];
  /** Shows the category being gone through: a "let me choose" question, or a new-category one. */
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
  /** "Stop just those?" for `stopping`, remembered until it is answered. */
  const offerToStop = (language: string, stopping: readonly string[]) => ({
    patch: { stopping },
    intents: [say(stopSomeReply(flow, language, stopping))],
  });
  const keywordOf = (event: ConversationEvent) =>
    'keyword' in event && event.keyword ? { keyword: event.keyword } : {};
  const sayText = (key: 'help' | 'stopCancelled') =>
    act((_c, _e, language) => ({
      intents: [say(textReply(flow, language, textsIn(language)[key]))],
    }));
  const answerText = (key: 'unrelated' | 'unsupported') =>
    act((_c, _e, language) => ({
      intents: [answer(textReply(flow, language, textsIn(language)[key]))],
    }));

  const machineSetup = setup({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState reads the machine's types from this assertion
    types: {} as {
      context: FlowContext;
      events: ConversationEvent;
      emitted: ConversationIntent;
      input: FlowInput;
    },
    actions: {
      askQuestion: ask('question'),
      reaskQuestion: ask('reask'),
      grantAll: act((context, event, language) => ({
        intents: grant(context, event, language, allCategories),
      })),
      decline: act((context, event, language) => ({ intents: decline(context, event, language) })),
      revokeAll: act((_c, event, language) => ({
        patch: { stopping: undefined },
        intents: [
          { type: 'consent.revoke', language, trigger: triggerOf(event), ...keywordOf(event) },
          say(textReply(flow, language, textsIn(language).optedOut)),
        ],
      })),
      // A STOP while opted out: proof for the ledger, nothing said (PRODUCT.md, Opt-out).
      recordRevoke: act((_c, event, language) => ({
        intents: [
          {
            type: 'consent.revoke',
            language,
            repeated: true,
            trigger: triggerOf(event),
            ...keywordOf(event),
          },
        ],
      })),
      // "actually only order updates" from a customer who said yes: offered to stop the kinds
      // they have and did not name.
      askStopOthers: act((_c, event, language) => offerToStop(language, kindsNotNamed(event))),
      // "ni códigos ni ofertas" from a customer who said yes: offered to stop those they have.
      askStopRefused: act((_c, event, language) =>
        offerToStop(language, hadOf(event, kindsRefusedAlone(answerKey, event))),
      ),
      // Asked for a wish to stop some kinds; or asked again, for the kinds it offered.
      askStopSome: act((context, event, language) =>
        offerToStop(
          language,
          // "no offers, no codes": the kinds the keywords read, and those the words refuse.
          event.type === 'stop.some'
            ? inFlowOrder(kindsToOfferStopping(answerKey, undefined, event))
            : (context.stopping ?? []),
        ),
      ),
      // "just the promos" to "do you want to stop?": those kinds, of the ones the customer has.
      // (The guard told which question it answers; the kinds are read the same for either.)
      askStopNamed: act((_c, event, language) => {
        const named = kindsNarrowingStop(answerKey, event, 'stop');
        const kinds = named.length > 0 ? named : kindsNarrowingStop(answerKey, event, 'stopSome');
        return offerToStop(language, hadOf(event, kinds));
      }),
      // A second wish to stop while "stop just those?" is asked: its kinds, and the pending ones
      // when it adds to them ("no more codes either", "and the codes too").
      askStopMore: act((context, event, language) =>
        offerToStop(
          language,
          inFlowOrder(
            event.type === 'stop.some'
              ? kindsToOfferStopping(answerKey, context.stopping, event)
              : [...(context.stopping ?? []), ...hadOf(event, kindsAddedToStop(answerKey, event))],
          ),
        ),
      ),
      revokeSome: act((context, event, language) => {
        const categories = context.stopping ?? [];
        // An opted-in customer with nothing else agreed is opted out by stopping those
        // (`project-consent.ts`): say so, not "reply STOP to stop the rest". Anyone else has
        // stopped those kinds only.
        const { status, granted = {} } = event.facts.consent;
        const rest =
          status !== 'opted_in' ||
          Object.entries(granted).some(([id, yes]) => yes && !categories.includes(id));
        return {
          patch: { stopping: undefined },
          intents: [
            // "Just those", after a sentence that named the kinds ("stop sending me promos").
            {
              type: 'consent.revoke',
              language,
              categories,
              trigger: 'phrase',
              ...keywordOf(event),
            },
            say(
              rest
                ? optedOutSomeReply(flow, language, categories)
                : textReply(flow, language, textsIn(language).optedOut),
            ),
          ],
        };
      }),
      forgetStopping: assignIfChanged({ stopping: undefined }),
      sayHelp: sayText('help'),
      sayStopCancelled: act((_c, _e, language) => ({
        patch: { stopping: undefined },
        intents: [say(textReply(flow, language, textsIn(language).stopCancelled))],
      })),
      sayUnsupported: answerText('unsupported'),
      understood: assignIfChanged({ misses: 0 }),
      // "Didn't understand" at most once in a row; the second time, a person is offered.
      sayNotUnderstood: act((context, event, language) => {
        const misses = context.misses ?? 0;
        const offer = misses >= 1;
        const reply = offer
          ? notUnderstoodReply(flow, language, personOffer(flow, handovers, event))
          : textReply(flow, language, textsIn(language).unrelated);
        const role = offer ? 'personOffer' : undefined;
        return { patch: { misses: misses + 1 }, intents: reply ? [answer(reply, role)] : [] };
      }),
      sayUnavailable: act((_c, _e, language) => ({
        intents: [answer(smallTalkTextReply(flow, language, 'optionUnavailable'))],
      })),
      sayThanks: act((_c, _e, language) => ({
        intents: [answer(smallTalkTextReply(flow, language, 'thanks'))],
      })),
      sayGoodbye: act((_c, _e, language) => ({
        intents: [answer(smallTalkTextReply(flow, language, 'goodbye'))],
      })),
      sayBack: act((_c, event, language) => {
        const reason =
          event.type === 'handover.ended' ? event.reason : (event.facts.handover ?? 'released');
        // Idle after an agent's answer: the team did help, so the bot says they finished.
        const said =
          reason === 'idle' && event.facts.agentWroteAt !== undefined ? 'released' : reason;
        return { patch: { misses: 0 }, intents: [answer(backReply(flow, language, said))] };
      }),
      countTurn: assign({ turns: ({ context }) => (context.turns ?? 0) + 1 }),
      askStopConfirm: act((_c, _e, language) => ({
        intents: [say(stopConfirmReply(flow, language))],
      })),
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
      // asked, so they are not granted; the kind asked now is the next one not named.
      leaveOutNamed: act((context, event) => {
        const current = context.choosing ?? { index: 0, chosen: [] };
        const out = kindsLeftOut(context, event);
        const ids = idsOf(current).filter((id) => !out.includes(id));
        return {
          patch: { choosing: { ...current, ids, asking: ids[current.index] } },
          intents: [],
        };
      }),
      // "solo los pedidos", "yes but no promos" to the kind asked: the others it leaves out are
      // not asked about (its yes is `recordCategory`'s).
      leaveOutOthers: act((context, event) => {
        const current = context.choosing ?? { index: 0, chosen: [] };
        const out = kindsOutWithYes(context, event) ?? [];
        const ids = idsOf(current).filter((id) => !out.includes(id));
        return {
          patch: { choosing: { ...current, ids, asking: ids[current.index] } },
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
      enterServiceState: act<{ state: string }>((_c, event, language, params) => {
        const state = flow.service.states[params.state]!;
        const choices = (state.choices ?? []).filter((c) => offered(c, event));
        // Any state but the menu answers what the customer picked.
        const role = params.state === flow.service.initial ? undefined : 'answer';
        return { intents: [answer(serviceStateReply(flow, language, state, choices), role)] };
      }),
      handOverToAgent: act<{ state: string }>((_c, _e, _l, params) => ({
        intents: [{ type: 'handover', state: params.state }],
      })),
    },
    guards: {
      optedIn: ({ event }) => registryGuards.optedIn({ event }),
      notOptedIn: ({ event }) => registryGuards.notOptedIn({ event }),
      alreadyOptedOut: ({ event }) => event.facts.consent.status === 'opted_out',
      notOptedOut: ({ event }) => event.facts.consent.status !== 'opted_out',
      // A START older than the customer's latest STOP (webhooks out of order) reopens nothing.
      optInIsLatest: ({ event }) => {
        const stoppedAt = event.facts.consent.lastOptOutAt;
        return stoppedAt === undefined || event.facts.now >= stoppedAt;
      },
      // A tap on the question's "Yes, all of them" or "Let me choose" (not a typed yes).
      tapsQuestion: ({ event }) =>
        (event.type === 'answer.yes' || event.type === 'answer.choose') &&
        event.prompt === 'question',
      mayAsk: and([
        ({ context, event }) =>
          !quiet(context, event) && mayAsk(flow.consent, askFacts(context, event)),
        not('entersHandover'),
      ]),
      // The question was answered (yes): the re-ask gap of an unanswered one does not apply.
      mayAskNewCategories: and([
        ({ context, event }) =>
          !hushed(event) &&
          pendingNew(context, event, languageOf(context, event)).length > 0 &&
          mayAskNewCategories(flow.consent, askFacts(context, event)),
        not('entersHandover'),
      ]),
      mayReask: and([
        ({ context, event }) =>
          !quiet(context, event) && mayReask(flow.consent, askFacts(context, event)),
        not('entersHandover'),
      ]),
      entersHandover: entersHandoverGuard(flow),
      picks: ({ context, event }, params: { state: string; choiceId: string }) =>
        picks(params.state, context.said, event)?.id === params.choiceId,
      picksHandover: ({ context, event }, params: { state: string }) => {
        if (event.facts.handover === 'active') return false;
        const choice = picks(params.state, context.said, event);
        return choice !== undefined && handovers.has(choice.target);
      },
      picksNonHandover: ({ context, event }, params: { state: string }) => {
        if (event.facts.handover === 'active') return false;
        const choice = picks(params.state, context.said, event);
        return choice !== undefined && !handovers.has(choice.target);
      },
      answeredWithChoice: answeredWithChoiceGuard(flow),
      handedOver: ({ event }) => event.facts.handover === 'active',
      declinesPersonOffer: ({ context, event }) => declinesPersonOffer(context.said, event),
      // "Let me choose" interrupted by another message (not thanks or goodbye, not during a
      // hand-over: `ask-moments.ts`) while the category question is the latest message, within
      // the answer period.
      mayShowCategoryAgain: ({ context, event }) => {
        const { choosing, said } = context;
        return (
          !hushed(event) &&
          choosing?.newCategories !== true &&
          said?.by === 'consent' &&
          said.prompt === 'category' &&
          event.facts.now - said.at <= answerKey.periodMs
        );
      },
      // "Stop just those?" interrupted by a request the service answers with one of its choices
      // ("where is my order?"), outside a hand-over, while it is the latest message within the
      // answer period: asked again after the answer, so "just those" still answers it.
      mayShowStopSomeAgain: and([
        ({ context, event }) =>
          (context.stopping?.length ?? 0) > 0 && mayShowStopPromptAgain(context, event, 'stopSome'),
        understoodOrFirstMiss,
      ]),
      // "and the codes too" to "stop just those?": kinds the customer has, not asked about yet.
      addsToStop: ({ context, event }) =>
        stopPromptOpen(context, event, 'stopSome') &&
        hadOf(event, kindsAddedToStop(answerKey, event)).some(
          (id) => !(context.stopping ?? []).includes(id),
        ),
      // "just the promos" to "do you want to stop?", of kinds the customer has; to "stop just
      // those?", some of the kinds it asks about.
      narrowsStop: ({ context, event }) => {
        if (stopPromptOpen(context, event, 'stop')) {
          return hadOf(event, kindsNarrowingStop(answerKey, event, 'stop')).length > 0;
        }
        if (!stopPromptOpen(context, event, 'stopSome')) return false;
        const named = kindsNarrowingStop(answerKey, event, 'stopSome');
        const asked = context.stopping ?? [];
        return (
          hadOf(event, named).length > 0 &&
          named.every((id) => asked.includes(id)) &&
          named.length < asked.length
        );
      },
      // The same for "do you want to stop?".
      mayShowStopAgain: and([
        ({ context, event }) => mayShowStopPromptAgain(context, event, 'stop'),
        understoodOrFirstMiss,
      ]),
      saidInSentence: ({ event }) => event.type === 'keyword.optin' && event.via === 'phrase',
      notHandedOver: ({ event }) => event.facts.handover !== 'active',
      returning: ({ event }) =>
        event.facts.handover === 'idle' || event.facts.handover === 'released',
      smallTalkIs: ({ event }, params: { kind: string }) => event.smallTalk === params.kind,
      answers: ({ context, event }, params: { prompt: Prompt; button: string }) => {
        const given = answerOf(answerKey, context, event);
        return given?.prompt === params.prompt && given.button === params.button;
      },
      answersPrompt: ({ context, event }, params: { prompt: Prompt }) =>
        answerOf(answerKey, context, event)?.prompt === params.prompt,
      // A typed no, or "wait no", "me equivoqué", right after the thanks for a yes: the
      // customer takes the yes back, so the bot asks whether to stop. (The text is read last.)
      takesBackYes: ({ context, event }) =>
        rightAfter(context, event, 'granted', 'opted_in') &&
        !(event.type === 'message' && event.staysSubscribed === true) &&
        takesBack(answerKey, event, languageOf(context, event)),
      // "actually, yes", "mejor sí" right after the bot acknowledged a no (a bare yes word is an
      // "ok" there): the customer asks for the question again, as with START.
      takesBackNo: ({ context, event }) =>
        rightAfter(context, event, 'declined', 'declined') &&
        takesBackNo(answerKey, event, languageOf(context, event)),
      // "no wait, don't unsubscribe me!" right after the STOP was confirmed: the customer asks
      // for the question again, as with START.
      takesBackStop: ({ context, event }) =>
        rightAfter(context, event, 'optedOut', 'opted_out') &&
        event.type === 'message' &&
        event.staysSubscribed === true,
      // "Sim, mas sem promoções", "yes but no promos", "sí pero solo lo de mis pedidos": a yes
      // with a condition, typed to the question while it is the bot's latest message, within
      // the answer period, outside a hand-over and with nothing the business sent since. ("No
      // promos" alone is no yes: it is offered to stop those kinds, and asked about nothing
      // else.) (The text is read last.)
      answersWithCondition: and([
        ({ context, event }) =>
          (event.type === 'stop.some' || event.type === 'message') &&
          writesToPrompt(context, event, 'question') &&
          othersThan(event).length > 0 &&
          yesWithCondition(answerKey, event, languageOf(context, event)),
        // A person is about to take over ("claro, mas quero falar com uma pessoa"): no questions.
        not('entersHandover'),
      ]),
      // "only order updates pls", "só os pedidos" typed to the question: "let me choose" over
      // the kinds named (the service says nothing of the order: the customer named a kind).
      // "no promos", "ni códigos ni ofertas" typed to the question by a customer who has none
      // of those kinds, with other kinds left to ask about: see `REFUSES_KINDS_AT_QUESTION`.
      refusesKindsAtQuestion: and([
        ({ context, event }) => {
          if (!writesToPrompt(context, event, 'question')) return false;
          const refused = kindsRefusedInWords(answerKey, event);
          return (
            refused.length > 0 &&
            hadOf(event, refused).length === 0 &&
            allCategories.some((id) => !refused.includes(id))
          );
        },
        not('entersHandover'),
      ]),
      answersWithOnlyKinds: and([
        ({ context, event }) =>
          writesToPrompt(context, event, 'question') &&
          onlyKindsAsked(answerKey, event) !== undefined,
        not('entersHandover'),
      ]),
      // "sí, y dónde está mi pedido?", "yes. when does my order arrive?": a plain yes typed to
      // the question as its whole first clause (as above), and a request the service answers
      // with one of its choices. The customer asks for the question, as with START: shown
      // again whatever the asks of the window. (The text is read last.)
      answersYesWithRequest: and([
        ({ context, event }) =>
          writesToPrompt(context, event, 'question') &&
          yesWithRequest(answerKey, event, languageOf(context, event)),
        'answeredWithChoice',
      ]),
      // "no gracias. ¿y mi pedido cuándo llega?": a no with thanks typed to the question as its
      // first clause, and more after it, for the service to answer. (Read last.)
      answersNoWithRequest: ({ context, event }) =>
        writesToPrompt(context, event, 'question') &&
        noWithThanks(answerKey, event, languageOf(context, event)),
      // A bare "ok" typed to the question, or to a category question of "let me choose", while
      // it is the latest message, within the answer period: no answer, and no "you're welcome"
      // either; the question is shown again (the question within the asks per window, the re-ask
      // gap aside). (The text is read last.)
      goAheadToQuestion: ({ context, event }) =>
        mayShowQuestionAgain(context, event) &&
        goAheadOnly(answerKey, event, languageOf(context, event), context.said),
      // "4." typed after "hola" (the menu of three, then the question): it can only count the
      // question's buttons, shown without numbers; the question again, within the asks per window.
      // "dale, gracias" to the question, or "yes thanks" after a service answer: see
      // `THANKS_WITH_A_YES`. (The text is read last.)
      thanksWithAYes: and([
        ({ context, event }) =>
          event.type === 'answer.yes' &&
          event.prompt === undefined &&
          event.smallTalk === 'thanks' &&
          mayShowQuestionAgain(context, event) &&
          answerOf(answerKey, context, event) === undefined,
        not('entersHandover'),
      ]),
      // "actually only order updates", "solo los pedidos" from an opted-in customer, outside a
      // hand-over: see `NARROWS_TO_KINDS`.
      narrowsToKinds: ({ event }) =>
        event.facts.handover === undefined &&
        event.facts.consent.status === 'opted_in' &&
        onlyKindsAsked(answerKey, event) !== undefined &&
        kindsNotNamed(event).length > 0,
      // In "let me choose", a typed yes or no word (not small talk) outside a hand-over: the
      // consent region answers the category with it, or shows the category again.
      yesOrNoWhileChoosing: and([
        ({ event }) =>
          (event.type === 'answer.yes' || event.type === 'answer.no') &&
          event.prompt === undefined &&
          event.smallTalk === undefined &&
          event.facts.handover === undefined,
        // "yes" to the person offered: the hand-over's.
        not('entersHandover'),
      ]),
      // "yes" after "where is my order?" was answered (the question before it): see
      // `YES_OR_NO_TO_EARLIER_QUESTION`. Never when the yes takes a person offered.
      answersEarlierQuestion: and([
        ({ context, event }) => toEarlierQuestion(context, event),
        not('entersHandover'),
      ]),
      numberPastMenu: ({ context, event }) =>
        mayShowQuestionAgain(context, event) && numberPastMenu(context.said, event),
      goAheadToCategory: ({ context, event }) =>
        context.choosing?.newCategories !== true &&
        writesToPrompt(context, event, 'category') &&
        goAheadOnly(answerKey, event, languageOf(context, event), context.said),
      // HELP typed while a category question of "let me choose" is the latest message, within
      // the answer period: after the help, that question again, so the next "sí" answers it.
      // (New categories are asked once: not again.)
      helpToCategory: ({ context, event }) =>
        context.choosing?.newCategories !== true && writesToPrompt(context, event, 'category'),
      // A message typed to a category question of "let me choose" (see `writesTo`) that says
      // no to kinds still to be asked, this one included (`kindsLeftOut`): "no quiero ofertas",
      // "solo los pedidos".
      leavesOutKinds: ({ context, event }) =>
        writesToPrompt(context, event, 'category') && kindsLeftOut(context, event).length > 0,
      // …and leaves out every kind left to ask.
      leavesOutEveryKind: ({ context, event }) =>
        kindsLeftOut(context, event).length === kindsLeft(context).length,
      // "solo los pedidos", "yes but no promos" typed to the category question of the order
      // updates: see `TAKES_KIND_ASKED`.
      takesKindAsked: ({ context, event }) =>
        writesToPrompt(context, event, 'category') && kindsOutWithYes(context, event) !== undefined,
      // …and leaves nothing else to ask.
      takesLastKindLeft: ({ context, event }) =>
        kindsLeft(context).length - (kindsOutWithYes(context, event)?.length ?? 0) <= 1,
      // "ni códigos ni ofertas", "not the codes either" from an opted-in customer, outside a
      // hand-over, naming kinds they have: see `REFUSES_KINDS`.
      refusesKinds: ({ event }) =>
        event.facts.handover === undefined &&
        event.facts.consent.status === 'opted_in' &&
        hadOf(event, kindsRefusedAlone(answerKey, event)).length > 0,
      onLastCategory: ({ context }) =>
        (context.choosing?.index ?? 0) >= idsOf(context.choosing).length - 1,
      // Anyone not yet opted out may mean it: an opted-out customer has nothing left to stop.
      // During a hand-over such a sentence is the agent's to read: no prompt interrupts them.
      confirmsAmbiguousStop: ({ event }) =>
        flow.consent.ambiguousStop === 'confirm' &&
        event.facts.consent.status !== 'opted_out' &&
        event.facts.handover !== 'active',
    },
  });
  return machineSetup.createMachine({
    id: flow.id,
    type: 'parallel',
    context: ({ input }) => ({
      language:
        input.language && flow.languages.includes(input.language)
          ? input.language
          : flow.defaultLanguage,
      askTimes: [],
      turns: 0,
      knownCategories: allCategories,
    }),
    // Document order matters: the service answer goes out before the opt-in question, and the
    // turn counter moves after both regions read it.
    // The consent and turns regions go through `createStateConfig`, so every action and guard
    // they name must be one set up above: a renamed action fails the type check. The service
    // region is built from the flow file, whose names the loader checks (`registry-names.ts`).
    states: {
      service: buildServiceRegion(flow),
      consent: machineSetup.createStateConfig(consentRegion),
      turns: machineSetup.createStateConfig(turnsRegion),
    } as never,
  });
}

/** How an opt-out event came about: a stop confirmation's tap or typed answer unless a word or sentence. */
function triggerOf(event: ConversationEvent): OptOutTrigger {
  return event.type === 'keyword.optout' ? (event.via ?? 'keyword') : 'confirmation';
}

/** The machine type of a compiled flow. */
export type FlowMachine = ReturnType<typeof compileFlow>;

/**
 * An action that sets `patch` unless the context holds it already. XState copies the whole
 * snapshot on every `assign` (and works out its state value again), so an entry action or a
 * reset that mostly finds nothing to change is cheaper with a look first.
 */
function assignIfChanged(patch: Partial<FlowContext>) {
  return flowActions(({ context, enqueue }) => {
    if (changes(context, patch)) enqueue.assign(patch);
  });
}

/** What `enqueueActions` runs, typed for a flow machine: its context, events, intents, params `P`. */
type FlowCollect<P> = Parameters<
  typeof enqueueActions<
    FlowContext,
    ConversationEvent,
    P,
    ConversationEvent,
    never,
    never,
    never,
    never,
    ConversationIntent
  >
>[0];

/** `enqueueActions` for a flow machine (`act`, `assignIfChanged`). */
function flowActions<P = undefined>(collect: FlowCollect<P>) {
  return enqueueActions(collect);
}

/** Whether `patch` sets a field of `context` to another value. */
function changes(context: FlowContext, patch: Partial<FlowContext>): boolean {
  for (const key in patch) {
    if (context[key as keyof FlowContext] !== patch[key as keyof FlowContext]) return true;
  }
  return false;
}
