import {
  CONSENT_DIAGRAM_STATES,
  CONSENT_STATE_NAMES,
  consentEdges,
  consentNotes,
} from './consent-diagram.js';
import type { FlowDefinition, ServiceChoice } from './definition.js';

/**
 * Draws a flow as two Mermaid state diagrams a business team can read at a glance, laid out
 * left to right: the "Service conversation" (the flow's own menu) and the "Consent" part (the
 * opt-in conversation every flow gets from the compiler). The two run side by side on every
 * message; the simulator shows them on two tabs. Arrows are labelled with what the customer
 * taps or types, in the flow's default language; what can happen in every state starts from a
 * "From any state" box instead of an arrow from each.
 *
 * State ids are stable so a viewer can highlight the current state: see {@link diagramStateId}.
 * @example
 * const { service, consent } = flowDiagrams(flow); // each pastes into https://mermaid.live
 */
export function flowDiagrams(flow: FlowDefinition): FlowDiagrams {
  return { service: diagram(serviceLines(flow)), consent: diagram(consentLines(flow)) };
}

/** The two diagrams of a flow, as Mermaid text. */
export interface FlowDiagrams {
  readonly service: string;
  readonly consent: string;
}

/** The two regions of every compiled flow, as the diagram names them. */
export type DiagramRegion = keyof FlowDiagrams;

/** The regions' titles, as the simulator's tabs and the Markdown headings show them. */
export const DIAGRAM_TITLES: Readonly<Record<DiagramRegion, string>> = {
  service: 'Service conversation',
  consent: 'Consent',
};

/**
 * Both diagrams as Markdown: a heading and a ```mermaid block each, ready for a README, GitHub,
 * GitLab or Notion.
 */
export function flowToMarkdown(flow: FlowDefinition): string {
  const { service, consent } = flowDiagrams(flow);
  return [
    `# ${flow.id} v${flow.version}: ${DIAGRAM_TITLES.service}`,
    '',
    '```mermaid',
    service.trimEnd(),
    '```',
    '',
    `# ${flow.id} v${flow.version}: ${DIAGRAM_TITLES.consent}`,
    '',
    '```mermaid',
    consent.trimEnd(),
    '```',
    '',
  ].join('\n');
}

/**
 * The Mermaid id of a state of the diagram, e.g. `service_track_order` or `consent_asking`:
 * the web simulator uses it to highlight where a conversation is.
 */
export function diagramStateId(region: DiagramRegion, state: string): string {
  return `${region}_${state.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function diagram(lines: readonly string[]): string {
  return `${['stateDiagram-v2', '  direction LR', ...lines.map((l) => `  ${l}`)].join('\n')}\n`;
}

/** How the "From any state" box looks: not a state, a reminder. */
const ANY_STYLE =
  'classDef anyState fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:4 3,color:#57606a';

function serviceLines(flow: FlowDefinition): string[] {
  const { initial, states } = flow.service;
  const id = (state: string) => diagramStateId('service', state);
  const any = id('any state');
  const lines = [ANY_STYLE, `state "From any state" as ${any}`, `class ${any} anyState`];
  for (const name of Object.keys(states)) lines.push(`state "${escapeName(name)}" as ${id(name)}`);
  lines.push(`[*] --> ${id(initial)} : ${label('first message')}`);
  for (const [name, state] of Object.entries(states)) {
    for (const choice of state.choices ?? []) {
      lines.push(`${id(name)} --> ${id(choice.target)} : ${label(choiceLabel(flow, choice))}`);
    }
    if (state.actions && state.actions.length > 0) {
      lines.push(`note right of ${id(name)}`);
      lines.push(`  ${escapeNote(`On arrival: ${state.actions.join(', ')}`)}`);
      lines.push('end note');
    }
  }
  for (const choice of flow.service.global ?? []) {
    lines.push(`${any} --> ${id(choice.target)} : ${label(choiceLabel(flow, choice))}`);
  }
  lines.push(
    `${any} --> ${id(initial)} : ${label('any other message: “not understood”, then this')}`,
  );
  return lines;
}

function consentLines(flow: FlowDefinition): string[] {
  const id = (state: string) => (state === '[*]' ? state : diagramStateId('consent', state));
  const lines = [ANY_STYLE];
  for (const state of CONSENT_DIAGRAM_STATES) {
    lines.push(`state "${escapeName(CONSENT_STATE_NAMES[state])}" as ${id(state)}`);
  }
  lines.push(`class ${id('any')} anyState`);
  for (const edge of consentEdges(flow)) {
    const text = edge.label === '' ? '' : ` : ${label(edge.label)}`;
    lines.push(`${id(edge.from)} --> ${id(edge.to)}${text}`);
  }
  lines.push(`note right of ${id('any')}`);
  for (const note of consentNotes(flow)) lines.push(`  ${escapeNote(note)}`);
  lines.push('end note');
  return lines;
}

/** "Track an order" (or its first keyword: "Track an order / TRACK"), with its condition. */
function choiceLabel(flow: FlowDefinition, choice: ServiceChoice): string {
  const title = choice.title[flow.defaultLanguage] ?? Object.values(choice.title)[0] ?? choice.id;
  const word = choice.keywords?.[flow.defaultLanguage]?.[0];
  const said = word ? `${title} / ${word}` : title;
  return choice.guard ? `${said} (only when ${choice.guard})` : said;
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
