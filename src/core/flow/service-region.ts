import { and, not, or, stateIn } from 'xstate';
import type { FlowDefinition, ServiceChoice } from './definition.js';
import {
  ADDS_TO_STOP,
  AWAITING_ANSWER,
  GO_AHEAD_TO_CATEGORY,
  GO_AHEAD_TO_QUESTION,
  NARROWS_STOP,
  NARROWS_TO_KINDS,
  REFUSES_KINDS,
  REFUSES_KINDS_AT_QUESTION,
  NUMBER_PAST_MENU,
  ONLY_KINDS,
  WANTS_MESSAGES,
  TAKES_BACK_NO,
  TAKES_BACK_STOP,
  TAKES_BACK_YES,
  TAPPED_OLD_QUESTION,
  YES_OR_NO_TO_EARLIER_QUESTION,
  YES_WITH_CONDITION,
} from './consent-region.js';

/**
 * The service region: the flow's own in-session conversation (menu, answers, hand-over),
 * compiled from `service.states`. It answers every customer message reactively — the opt-in
 * question never blocks or delays it — and it never sees STOP, START or HELP: those events
 * belong to the consent region alone. A message the consent region takes as an answer to its
 * prompt ("Yes, all of them" typed under the question) is not answered here as well.
 *
 * What every state does, in order (issue 10):
 * 1. while the conversation is handed over to a person, nothing: the message is the agent's;
 * 2. the first message after the hand-over ended greets the customer back with the menu;
 * 3. a choice of the flow, tapped on any earlier message of this flow version or typed, goes
 *    where it says, from whatever state (choice ids mean one thing flow-wide); a tapped option
 *    the flow no longer has gets a polite "no longer available" and the menu;
 * 4. small talk: a greeting or a language's name answers with the menu, thanks and goodbyes
 *    get a short reply, never an apology;
 * 5. anything else: "didn't understand" and the menu, at most once in a row: the second time
 *    the bot offers a person instead.
 */
export const START_STATE = 'start';

/** The events of a customer message that the service region answers. */
const CUSTOMER_EVENTS = [
  'message',
  'media',
  'service.choice',
  'answer.*',
  'stop.ambiguous',
  'stop.some',
] as const;

/**
 * True when the consent region takes this event: as the answer to the prompt it waits on, as a
 * bare "ok" to it (shown again), or (idle) as a tap on an old question that asks for it again.
 */
const consentTakesAnswer = or([
  ...AWAITING_ANSWER.map(({ state, prompt }) =>
    and([stateIn({ consent: state }), { type: 'answersPrompt', params: { prompt } }]),
  ),
  and([stateIn({ consent: 'idle' }), TAPPED_OLD_QUESTION.guard]),
  and([stateIn({ consent: 'idle' }), TAKES_BACK_YES.guard]),
  and([stateIn({ consent: 'idle' }), TAKES_BACK_NO.guard]),
  and([stateIn({ consent: 'idle' }), TAKES_BACK_STOP.guard]),
  // A bare "ok" to the question or a category question: the consent region shows it again.
  and([stateIn({ consent: 'asking' }), GO_AHEAD_TO_QUESTION.guard]),
  and([stateIn({ consent: 'choosing' }), GO_AHEAD_TO_CATEGORY.guard]),
  // A number past the menu, which can only count the question's buttons: shown again.
  and([stateIn({ consent: 'asking' }), NUMBER_PAST_MENU.guard]),
  // A yes or no to the question asked before the latest message: shown again.
  and([stateIn({ consent: 'asking' }), YES_OR_NO_TO_EARLIER_QUESTION.guard]),
  // "just the promos" to a stop question: "stop just those?" about them.
  and([stateIn({ consent: 'confirmingStop' }), NARROWS_STOP.guard]),
  and([stateIn({ consent: 'confirmingStopSome' }), NARROWS_STOP.guard]),
  and([stateIn({ consent: 'confirmingStopSome' }), ADDS_TO_STOP.guard]),
  // "only order updates pls": the kinds named are asked about; no order tracking.
  and([stateIn({ consent: 'asking' }), ONLY_KINDS.guard]),
  // "no promos", "ni códigos ni ofertas" to the question: the other kinds are asked about.
  and([stateIn({ consent: 'asking' }), REFUSES_KINDS_AT_QUESTION.guard]),
  // "actually only order updates" from an opted-in customer: "stop just those?" for the rest.
  and([stateIn({ consent: 'idle' }), NARROWS_TO_KINDS.guard]),
  // "ni códigos ni ofertas" from an opted-in customer: "stop just those?" for the kinds named.
  and([stateIn({ consent: 'idle' }), REFUSES_KINDS.guard]),
  // "ni códigos ni ofertas" in "let me choose": left out; the kind asked now, again.
  and([stateIn({ consent: 'choosing' }), 'leavesOutKinds']),
  // "solo los pedidos", "yes but no promos" to the kind asked: its yes; the others left out.
  and([stateIn({ consent: 'choosing' }), 'takesKindAsked']),
  // A yes or no in "let me choose": the category's answer, or the category shown again.
  and([stateIn({ consent: 'choosing' }), 'yesOrNoWhileChoosing']),
]);

/**
 * A yes with a condition typed to the question ("sí, pero solo mis pedidos"): the consent region
 * asks about each kind. The service region still answers what it understands in it ("sí, pero
 * ¿dónde está mi pedido?"), but says no "didn't understand" of its own.
 */
const answeredWithCondition = and([stateIn({ consent: 'asking' }), YES_WITH_CONDITION.guard]);

/** While handed over: the message is kept for the agent, the bot says nothing. */
const keptForAgent = { guard: 'handedOver' } as const;

type Transition = Readonly<Record<string, unknown>>;

/**
 * The states of a flow that hand the conversation over to a person (`handOverToAgent`).
 * @example handoverStates(flow) // Set { 'agent' }
 */
export function handoverStates(flow: Pick<FlowDefinition, 'service'>): ReadonlySet<string> {
  return new Set(
    Object.entries(flow.service.states)
      .filter(([, state]) => state.actions?.includes('handOverToAgent'))
      .map(([id]) => id),
  );
}

/**
 * Every choice of the flow once, by id: the states' choices, then the global ones. The
 * compliance check makes sure one id leads to one state wherever it is offered.
 */
export function distinctChoices(flow: Pick<FlowDefinition, 'service'>): ServiceChoice[] {
  const byId = new Map<string, ServiceChoice>();
  for (const choice of [
    ...Object.values(flow.service.states).flatMap((s) => s.choices ?? []),
    ...(flow.service.global ?? []),
  ]) {
    if (!byId.has(choice.id)) byId.set(choice.id, choice);
  }
  return [...byId.values()];
}

export function buildServiceRegion(flow: FlowDefinition) {
  const { initial, states } = flow.service;
  const back = { guard: 'returning', target: initial, reenter: true, actions: ['sayBack'] };
  const choices = distinctChoices(flow);
  const handovers = handoverStates(flow);
  /** The first message picks `choice` as it would in the initial state. */
  const pickedFirst = (choice: ServiceChoice) => ({
    guard: { type: 'picks', params: { state: initial, choiceId: choice.id } },
    target: choice.target,
    actions: ['understood'],
  });
  // A first message that asks for a person ("agent", "can I talk to a human?") goes straight to
  // the hand-over; one that asks something the initial state offers ("hola, ¿cuál es el
  // horario?") is answered, not met with the menu alone.
  const handoverFirst = choices.filter((c) => handovers.has(c.target)).map(pickedFirst);
  const offeredFirst = (states[initial]?.choices ?? [])
    .filter((c) => !handovers.has(c.target))
    .map(pickedFirst);
  const compiled: Record<string, unknown> = {
    [START_STATE]: {
      // The first message of a conversation lands on the flow's initial state, unless it picks
      // one of its choices (or asks for a person).
      on: {
        ...Object.fromEntries(
          CUSTOMER_EVENTS.map((e) => [
            e,
            [keptForAgent, back, ...handoverFirst, ...offeredFirst, { target: initial }],
          ]),
        ),
        // "quiero recibir mensajes" typed to the question after START: the yes, which lands
        // on the initial state as the question's own yes does.
        'keyword.optin': {
          guard: and([stateIn({ consent: 'asking' }), WANTS_MESSAGES.guard]),
          target: initial,
        },
      },
    },
  };
  for (const [id, state] of Object.entries(states)) {
    const choose = choices.map((choice) => ({
      guard: { type: 'picks', params: { state: id, choiceId: choice.id } },
      target: choice.target,
      reenter: true,
      actions: ['understood'],
    }));
    const smallTalk = [
      { guard: smallTalkIs('language'), target: initial, reenter: true, actions: ['understood'] },
      { guard: smallTalkIs('greeting'), target: initial, reenter: true, actions: ['understood'] },
      { guard: smallTalkIs('thanks'), actions: ['understood', 'sayThanks'] },
      { guard: smallTalkIs('goodbye'), actions: ['understood', 'sayGoodbye'] },
    ];
    const fallback = { target: initial, reenter: true, actions: ['sayNotUnderstood'] };
    const unavailable = { target: initial, reenter: true, actions: ['sayUnavailable'] };
    const unlessAnswer = (t: Transition) => ({
      ...t,
      // The transition's own guard first: it is cheap and usually decides.
      guard: t.guard ? and([t.guard as never, not(consentTakesAnswer)]) : not(consentTakesAnswer),
    });
    // "no" to "would you like to talk to someone?": the menu again, no apology.
    const noPerson = {
      guard: 'declinesPersonOffer',
      target: initial,
      reenter: true,
      actions: ['understood'],
    };
    const typed = [
      back,
      ...choose,
      ...smallTalk,
      noPerson,
      { ...fallback, guard: not(answeredWithCondition) },
    ].map(unlessAnswer);
    compiled[id] = {
      entry: [
        { type: 'enterServiceState', params: { state: id } },
        ...(state.actions ?? []).map((name) => ({ type: name, params: { state: id } })),
      ],
      on: {
        'service.choice': [keptForAgent, ...[back, ...choose, unavailable].map(unlessAnswer)],
        message: [keptForAgent, ...typed],
        'answer.*': [keptForAgent, ...typed],
        // A sentence that may mean stop: the consent region asks whether to stop. From someone
        // already opted out it gets no reply, like their repeated STOP; only where the flow says
        // `ambiguousStop: ignore` is it an ordinary message the bot did not understand.
        // A request beside it ("STOP. and where is my order?") is answered first.
        'stop.ambiguous': [
          keptForAgent,
          ...choose.map(unlessAnswer),
          unlessAnswer({ guard: and([not('confirmsAmbiguousStop'), 'notOptedOut']), ...fallback }),
        ],
        // A wish to stop some kinds is the consent region's, whatever it is in the middle of; a
        // request for a person beside it ("stop the promos and let me talk to a human") hands
        // the conversation over too.
        'stop.some': [keptForAgent, ...choose],
        media: [keptForAgent, back, { actions: ['sayUnsupported'] }],
        // An agent gave the conversation back and asked the bot to greet the customer at once.
        'handover.ended': { target: initial, reenter: true, actions: ['sayBack'] },
      },
    };
  }
  return { initial: START_STATE, states: compiled };
}

function smallTalkIs(kind: string) {
  return { type: 'smallTalkIs', params: { kind } } as const;
}

/**
 * "Is this event about to hand the conversation over?": in the state the service region is in,
 * the choice the event picks leads to a hand-over state. The consent region asks it so that the
 * opt-in question never follows "we are passing you to someone".
 */
export function entersHandoverGuard(flow: Pick<FlowDefinition, 'service'>) {
  if (handoverStates(flow).size === 0) return () => false;
  return inServiceState(flow, 'picksHandover');
}

/**
 * "Does the service answer this message with one of the flow's choices (not a hand-over)?", in
 * the state the service region is in: "sí, y dónde está mi pedido?" picks "Track an order".
 */
export function answeredWithChoiceGuard(flow: Pick<FlowDefinition, 'service'>) {
  return inServiceState(flow, 'picksNonHandover');
}

/** The guard `type` asked with the state the service region is in (`params.state`). */
function inServiceState(flow: Pick<FlowDefinition, 'service'>, type: string) {
  const at = (service: string, state: string) =>
    and([stateIn({ service }), { type, params: { state } }]);
  return or([
    // Before the first message the conversation is where it starts: the flow's initial state.
    at(START_STATE, flow.service.initial),
    ...Object.keys(flow.service.states).map((state) => at(state, state)),
  ]);
}
