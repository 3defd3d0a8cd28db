/**
 * The consent region as a business team reads it: each arrow of the compiled machine's consent
 * region (`consent-region.ts`) with what the customer does and what follows, in the flow's
 * default language. Every arrow has an `id`; `test/tools/flow-diagram.test.ts` plays each one
 * on the compiled machine, conditions included, so no label can say what the machine does not.
 */
import { effectiveKeywords } from '../keywords/index.js';
import type { FlowDefinition } from './definition.js';
import { joinList } from './render-text.js';

/** The consent states the diagram draws; `optedOut` is "idle after STOP", `any` every state. */
export const CONSENT_DIAGRAM_STATES = [
  'idle',
  'asking',
  'choosing',
  'confirmingStop',
  'confirmingStopSome',
  'optedOut',
  'any',
] as const;
export type ConsentDiagramState = (typeof CONSENT_DIAGRAM_STATES)[number];

/** One arrow of the consent diagram. */
export interface DiagramEdge {
  /** Stable name of the arrow, by which the test plays it on the machine. */
  readonly id: string;
  readonly from: ConsentDiagramState | '[*]';
  readonly to: ConsentDiagramState;
  readonly label: string;
}

export const CONSENT_STATE_NAMES: Readonly<Record<ConsentDiagramState, string>> = {
  idle: 'Not asking',
  asking: 'Asking the opt-in question',
  choosing: 'Asking category by category',
  confirmingStop: 'Asking “do you want to stop?”',
  confirmingStopSome: 'Asking “stop just those?”',
  optedOut: 'Opted out',
  any: 'From any state',
};

/** The arrows of the consent region of `flow`, labelled in its default language. */
export function consentEdges(flow: FlowDefinition): DiagramEdge[] {
  const language = flow.defaultLanguage;
  const t = flow.texts[language]!;
  const stop = keywordsLabel(flow, 'optOut');
  const start = keywordsLabel(flow, 'optIn');
  const labels = flow.categories.map((c) => c.label[language] ?? c.id);
  const policy = flow.consent;
  const edges: DiagramEdge[] = [
    { id: 'start', from: '[*]', to: 'idle', label: '' },
    {
      id: 'ask',
      from: 'idle',
      to: 'asking',
      label:
        policy.ask === 'never'
          ? 'never on its own (ask: never)'
          : `a message${policy.ask === 'after_first_answer' ? ' after the first' : ''}, if the ask policy allows (see the note)`,
    },
    { id: 'yes', from: 'asking', to: 'idle', label: `“${t.buttons.yes}” → opted in to everything` },
    {
      id: 'no',
      from: 'asking',
      to: 'idle',
      label: `“${t.buttons.no}”, or a no with a request the menu answers (“no thanks. where is my order?”) → declined`,
    },
    { id: 'choose', from: 'asking', to: 'choosing', label: `“${t.buttons.choose}”` },
    {
      id: 'allBut',
      from: 'asking',
      to: 'choosing',
      label: `“yes, but no promos” or “yes, but only some” typed within ${policy.answerPeriodHours} h → asked about each kind not left out`,
    },
    {
      id: 'yesAndAsk',
      from: 'asking',
      to: 'asking',
      label: `“yes, and where is my order?” (the menu answers it first; whatever the asks of the window), a bare “ok” or a number past the menu’s (within them), typed within ${policy.answerPeriodHours} h → asked again at once (nothing recorded)`,
    },
    {
      id: 'reask',
      from: 'asking',
      to: 'asking',
      label: 'any other message → asked again, if the ask policy allows',
    },
  ];
  if (labels.length > 1) {
    edges.push({
      id: 'category',
      from: 'choosing',
      to: 'choosing',
      label: `“${t.categoryButtons.yes}” or “${t.categoryButtons.no}” → the next category (${joinList(labels.slice(0, -1), language)}); a bare “ok”, or HELP, → the same one again`,
    });
  }
  edges.push({
    id: 'lastCategory',
    from: 'choosing',
    to: 'idle',
    label: `“${t.categoryButtons.yes}” or “${t.categoryButtons.no}” for the last one (${labels.at(-1) ?? ''}) → opted in to those chosen; none: declined`,
  });
  if (Object.values(flow.texts).some((texts) => texts.newCategoryQuestion !== undefined)) {
    edges.push({
      id: 'newCategories',
      from: 'idle',
      to: 'choosing',
      label:
        'a message from a customer who said yes, after categories were added → asked about the new ones alone, once, if the ask policy allows',
    });
  }
  edges.push(
    {
      id: 'takeBack',
      from: 'idle',
      to: 'confirmingStop',
      label: `a typed “no” right after the thanks for a yes, within ${policy.answerPeriodHours} h: the yes taken back`,
    },
    {
      id: 'takeBackNo',
      from: 'idle',
      to: 'asking',
      label: `“actually, yes” right after a no, within ${policy.answerPeriodHours} h: asked again`,
    },
  );
  if (policy.ambiguousStop === 'confirm') {
    edges.push(
      {
        id: 'ambiguousStop',
        from: 'any',
        to: 'confirmingStop',
        label: `a sentence that may mean stop (“No, ${stop.first.toLowerCase()}”), unless opted out`,
      },
      {
        id: 'stopYes',
        from: 'confirmingStop',
        to: 'optedOut',
        label: `“${t.stopConfirmButtons.yes}”`,
      },
      {
        id: 'stopNo',
        from: 'confirmingStop',
        to: 'idle',
        label: `“${t.stopConfirmButtons.no}” or another message → nothing changes`,
      },
      {
        id: 'stopConfirmAgain',
        from: 'confirmingStop',
        to: 'confirmingStop',
        label:
          'a request the menu answers, or a first message not understood → answered, then asked again',
      },
    );
  }
  edges.push(
    {
      id: 'stopSome',
      from: 'any',
      to: 'confirmingStopSome',
      label: '“stop sending me promos” (names a kind of message), unless opted out',
    },
    {
      id: 'stopSomeThese',
      from: 'confirmingStopSome',
      to: 'idle',
      label: `“${t.stopSomeButtons.these}” → those kinds stopped`,
    },
    {
      id: 'stopSomeAll',
      from: 'confirmingStopSome',
      to: 'optedOut',
      label: `“${t.stopSomeButtons.all}”`,
    },
    {
      id: 'stopSomeNo',
      from: 'confirmingStopSome',
      to: 'idle',
      label: `“${t.stopSomeButtons.no}” or another message → nothing changes`,
    },
    {
      id: 'stopSomeAgain',
      from: 'confirmingStopSome',
      to: 'confirmingStopSome',
      label:
        'a request the menu answers (“where is my order?”), or a first message not understood → answered, then asked again',
    },
    {
      id: 'stop',
      from: 'any',
      to: 'optedOut',
      label: `${stop.all} or “stop sending me messages” → opted out, confirmed once`,
    },
    {
      id: 'stopAgain',
      from: 'optedOut',
      to: 'optedOut',
      label: `${stop.first} again → recorded, no reply`,
    },
    {
      id: 'optIn',
      from: 'any',
      to: 'asking',
      label: `${start.all} → the question (not when sent before their latest ${stop.first})`,
    },
  );
  return edges;
}

/** The notes beside the consent diagram: what happens everywhere and needs no arrow. */
export function consentNotes(flow: FlowDefinition): string[] {
  const help = keywordsLabel(flow, 'help');
  const stop = keywordsLabel(flow, 'optOut');
  const policy = flow.consent;
  const when = [
    'a new customer',
    `after a decline ${policy.declineCooldownDays} days ago or more`,
    ...(policy.expiryDays === undefined ? [] : [`after an opt-in ${policy.expiryDays} days old`]),
  ];
  return [
    policy.ask === 'never'
      ? `The bot never asks on its own (ask: never); the customer's own opt-in word brings the question.`
      : `The bot asks on its own only ${joinList(when, 'en-GB')}, at most ${policy.maxAsksPerWindow} times a window, never after ${stop.first}.`,
    `${help.all} answers from any state and changes nothing (in “${flow.texts[flow.defaultLanguage]?.buttons.choose ?? 'Let me choose'}”, the kind being asked follows it).`,
    `A typed yes, button title or number answers only the bot’s latest question, within ${policy.answerPeriodHours} hours; a tap on its button always does.`,
    'The service conversation answers the same message first.',
  ];
}

/** The first keyword of each language, built-in words included, without repeats: "STOP / BAJA / PARAR". */
export function keywordsLabel(flow: FlowDefinition, list: 'optOut' | 'optIn' | 'help') {
  const words: string[] = [];
  const lists = effectiveKeywords(flow);
  for (const language of [flow.defaultLanguage, ...flow.languages]) {
    const word = lists[language]?.[list][0];
    if (word && !words.includes(word)) words.push(word);
  }
  return { first: words[0] ?? list, all: words.join(' / ') || list };
}
