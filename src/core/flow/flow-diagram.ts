import { effectiveKeywords } from '../keywords/index.js';
import type { FlowDefinition, ServiceChoice } from './definition.js';

/**
 * Draws a flow as a Mermaid `stateDiagram-v2` that a business team can read: the compiled
 * machine's two regions side by side, "Service conversation" (the flow's own menu) and
 * "Consent" (the opt-in conversation every flow gets from the compiler). Transitions are
 * labelled with what the customer taps or types, in the flow's default language.
 *
 * State ids are stable so a viewer can highlight the current state: see {@link diagramStateId}.
 * @example
 * const text = flowToMermaid(flow); // paste into https://mermaid.live or a Markdown ```mermaid block
 */
export function flowToMermaid(flow: FlowDefinition): string {
  const lines: string[] = ['stateDiagram-v2'];
  lines.push(...serviceLines(flow).map((l) => `  ${l}`));
  lines.push('');
  lines.push(...consentLines(flow).map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}

/** The two regions of every compiled flow, as the diagram names them. */
export type DiagramRegion = 'service' | 'consent';

/** The consent states the diagram draws; `optedOut` is the diagram's name for "idle after STOP". */
export const CONSENT_DIAGRAM_STATES = [
  'idle',
  'asking',
  'choosing',
  'confirmingStop',
  'confirmingStopSome',
  'optedOut',
] as const;

/**
 * The Mermaid id of a state of the diagram, e.g. `service_track_order` or `consent_asking`:
 * the web simulator uses it to highlight where a conversation is.
 */
export function diagramStateId(region: DiagramRegion, state: string): string {
  return `${region}_${state.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The composite state ids of the two regions. */
export const DIAGRAM_REGION_IDS = { service: 'service', consent: 'consent' } as const;

function serviceLines(flow: FlowDefinition): string[] {
  const { initial, states } = flow.service;
  const global = flow.service.global ?? [];
  const id = (state: string) => diagramStateId('service', state);
  const lines = [`state "Service conversation" as ${DIAGRAM_REGION_IDS.service} {`];
  for (const name of Object.keys(states)) {
    lines.push(`  state "${escapeName(name)}" as ${id(name)}`);
  }
  lines.push(`  [*] --> ${id(initial)} : ${label('first message')}`);
  for (const [name, state] of Object.entries(states)) {
    for (const choice of [...(state.choices ?? []), ...global]) {
      lines.push(`  ${id(name)} --> ${id(choice.target)} : ${label(choiceLabel(flow, choice))}`);
    }
    lines.push(`  ${id(name)} --> ${id(initial)} : ${label('any other message')}`);
    if (state.actions && state.actions.length > 0) {
      lines.push(`  note right of ${id(name)}`);
      lines.push(`    ${escapeNote(`On arrival: ${state.actions.join(', ')}`)}`);
      lines.push('  end note');
    }
  }
  lines.push('}');
  return lines;
}

function consentLines(flow: FlowDefinition): string[] {
  const texts = flow.texts[flow.defaultLanguage];
  const id = (state: (typeof CONSENT_DIAGRAM_STATES)[number]) => diagramStateId('consent', state);
  const stop = keywordsLabel(flow, 'optOut');
  const start = keywordsLabel(flow, 'optIn');
  const help = keywordsLabel(flow, 'help');
  const categories = flow.categories.map(
    (c) => c.label[flow.defaultLanguage] ?? Object.values(c.label)[0] ?? c.id,
  );
  const last = categories.at(-1) ?? '';
  const names: Record<(typeof CONSENT_DIAGRAM_STATES)[number], string> = {
    idle: 'Not asking',
    asking: 'Asking the opt-in question',
    choosing: 'Choosing categories one by one',
    confirmingStop: 'Asking “do you want to stop?”',
    confirmingStopSome: 'Asking “stop just those?”',
    optedOut: 'Opted out',
  };
  const lines = [`state "Consent" as ${DIAGRAM_REGION_IDS.consent} {`];
  for (const state of CONSENT_DIAGRAM_STATES) {
    lines.push(`  state "${escapeName(names[state])}" as ${id(state)}`);
  }
  const arrow = (from: string, to: string, text: string) =>
    lines.push(`  ${from} --> ${to} : ${label(text)}`);
  lines.push(`  [*] --> ${id('idle')}`);
  arrow(id('idle'), id('asking'), 'first message (if allowed)');
  arrow(id('asking'), id('idle'), `“${texts?.buttons.yes ?? 'Yes'}” → opted in to everything`);
  arrow(id('asking'), id('idle'), `“${texts?.buttons.no ?? 'No'}” → declined`);
  arrow(id('asking'), id('choosing'), `“${texts?.buttons.choose ?? 'Let me choose'}”`);
  arrow(id('asking'), id('asking'), 'any other message → asked again (if allowed)');
  if (categories.length > 1) {
    arrow(
      id('choosing'),
      id('choosing'),
      `“${texts?.categoryButtons.yes ?? 'Yes'}” or “${texts?.categoryButtons.no ?? 'No'}” for ${categories.slice(0, -1).join(', ')}`,
    );
  }
  arrow(
    id('choosing'),
    id('idle'),
    `“${texts?.categoryButtons.yes ?? 'Yes'}” or “${texts?.categoryButtons.no ?? 'No'}” for ${last}`,
  );
  if (flow.consent.ambiguousStop === 'confirm') {
    arrow(id('idle'), id('confirmingStop'), `a sentence with ${stop.first} in it (if opted in)`);
    arrow(id('confirmingStop'), id('optedOut'), `“${texts?.stopConfirmButtons.yes ?? 'Yes'}”`);
    arrow(id('confirmingStop'), id('idle'), `“${texts?.stopConfirmButtons.no ?? 'No'}”`);
    arrow(id('confirmingStop'), id('idle'), 'any other message');
  }
  arrow(id('idle'), id('confirmingStopSome'), '“stop sending me promos” (names a kind of message)');
  arrow(
    id('confirmingStopSome'),
    id('idle'),
    `“${texts?.stopSomeButtons.these ?? 'Just those'}” → those stopped`,
  );
  arrow(
    id('confirmingStopSome'),
    id('optedOut'),
    `“${texts?.stopSomeButtons.all ?? 'Stop everything'}”`,
  );
  arrow(
    id('confirmingStopSome'),
    id('idle'),
    `“${texts?.stopSomeButtons.no ?? 'No'}” or any other message`,
  );
  for (const from of [
    'idle',
    'asking',
    'choosing',
    'confirmingStop',
    'confirmingStopSome',
  ] as const) {
    arrow(id(from), id('optedOut'), stop.all);
  }
  arrow(id('optedOut'), id('optedOut'), `${stop.first} again (no reply)`);
  arrow(id('optedOut'), id('asking'), start.all);
  lines.push('}');
  lines.push(`note right of ${DIAGRAM_REGION_IDS.consent}`);
  lines.push(`  ${escapeNote(`${help.all} answers from every state and changes nothing.`)}`);
  lines.push(`  ${escapeNote(`${start.all} asks the question again from every state.`)}`);
  lines.push(`  ${escapeNote('After STOP or a decline, the bot never asks on its own.')}`);
  lines.push(
    `  ${escapeNote('A typed yes, button title or number answers only the latest question, within its answer period.')}`,
  );
  lines.push(`  ${escapeNote('Both parts answer the same message at the same time.')}`);
  lines.push('end note');
  return lines;
}

/** "Track an order" or, for a guarded choice, "Track an order (only when optedIn)". */
function choiceLabel(flow: FlowDefinition, choice: ServiceChoice): string {
  const title = choice.title[flow.defaultLanguage] ?? Object.values(choice.title)[0] ?? choice.id;
  return choice.guard ? `${title} (only when ${choice.guard})` : title;
}

/** The first keyword of each language, built-in words included, without repeats: "STOP / BAJA / PARAR". */
function keywordsLabel(flow: FlowDefinition, list: 'optOut' | 'optIn' | 'help') {
  const words: string[] = [];
  const lists = effectiveKeywords(flow);
  for (const language of [flow.defaultLanguage, ...flow.languages]) {
    const word = lists[language]?.[list][0];
    if (word && !words.includes(word)) words.push(word);
  }
  return { first: words[0] ?? list, all: words.join(' / ') || list };
}

/**
 * Escapes a transition label: Mermaid ends a label at `;`, a new line or `::`, and its
 * entity codes (`#58;`, `#quot;`) are decoded when rendering.
 */
export function label(text: string): string {
  const entities: Record<string, string> = { '#': '#35;', ':': '#58;', ';': '#59;', '"': '#quot;' };
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#:;"]/g, (c) => entities[c]!);
}

/** A state name goes between double quotes, so it may not contain one. */
function escapeName(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/"/g, "'");
}

/** A note line may hold anything but a line that reads "end note". */
function escapeNote(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/end note/gi, 'end-note');
}
