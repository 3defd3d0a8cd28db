import { readFile } from 'node:fs/promises';
import DOMPurify from 'dompurify';
import { describe, expect, it } from 'vitest';
import { diagramStateId, flowToMermaid, label } from '../../src/core/flow/flow-diagram.js';
import type { FlowDefinition } from '../../src/core/flow/definition.js';
import { parseFlowSource } from '../../src/core/flow/parse-flow.js';

const SOURCE = await readFile(new URL('../../flows/default.yaml', import.meta.url), 'utf8');
const flow = parseFlowSource(SOURCE, 'flows/default.yaml').flow!;

/** Mermaid's parser, in Node: it needs DOMPurify's hooks, which need a DOM it does not use here. */
async function parseMermaid(text: string) {
  const purify = DOMPurify as unknown as Record<string, unknown>;
  purify.addHook ??= () => undefined;
  purify.sanitize ??= (s: string) => s;
  const { default: mermaid } = await import('mermaid');
  return mermaid.parse(text);
}

describe('flowToMermaid', () => {
  const diagram = flowToMermaid(flow);

  it('is a state diagram with the two regions as composite states', () => {
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(diagram).toContain('state "Service conversation" as service {');
    expect(diagram).toContain('state "Consent" as consent {');
  });

  it('draws every service state and labels choices with their default-language titles', () => {
    for (const state of Object.keys(flow.service.states)) {
      expect(diagram).toContain(`as ${diagramStateId('service', state)}`);
    }
    expect(diagram).toContain('service_menu --> service_track_order : Track an order');
    expect(diagram).toContain('service_store_info --> service_returns : Return by post');
    expect(diagram).toContain('service_returns --> service_menu : Main menu');
    expect(diagram).toContain('service_track_order --> service_menu : any other message');
    expect(diagram).toContain('[*] --> service_menu : first message');
  });

  it('draws the consent conversation and STOP from every consent state', () => {
    expect(diagram).toContain('consent_idle --> consent_asking : first message (if allowed)');
    expect(diagram).toMatch(/consent_asking --> consent_idle : .*Yes, all of them/);
    expect(diagram).toMatch(/consent_asking --> consent_idle : .*No, thanks/);
    expect(diagram).toMatch(/consent_asking --> consent_choosing : .*Let me choose/);
    expect(diagram).toMatch(/consent_choosing --> consent_idle : .*special offers/);
    expect(diagram).toMatch(/consent_confirmingStop --> consent_optedOut : .*Yes, stop them/);
    expect(diagram).toMatch(/consent_idle --> consent_confirmingStopSome : .*promos/);
    expect(diagram).toMatch(/consent_confirmingStopSome --> consent_optedOut : .*Stop everything/);
    for (const state of ['idle', 'asking', 'choosing', 'confirmingStop', 'confirmingStopSome']) {
      expect(diagram).toContain(`consent_${state} --> consent_optedOut : STOP / BAJA / PARAR`);
    }
    expect(diagram).toContain('consent_optedOut --> consent_asking : START / VOLVER / VOLTAR');
  });

  it('is valid Mermaid', async () => {
    await expect(parseMermaid(diagram)).resolves.toMatchObject({ diagramType: 'stateDiagram' });
  });

  it('escapes quotes, colons and semicolons from the flow in labels and state names', async () => {
    const tricky: FlowDefinition = {
      ...flow,
      service: {
        ...flow.service,
        states: {
          ...flow.service.states,
          'odd-state': { say: { en: 'x', es: 'x', pt: 'x' } },
          menu: {
            ...flow.service.states.menu!,
            choices: [
              {
                id: 'odd',
                title: { en: 'Say "hi": now; #1', es: 'x', pt: 'x' },
                target: 'odd-state',
              },
            ],
          },
        },
      },
    };
    const text = flowToMermaid(tricky);
    expect(text).toContain(`service_menu --> service_odd_state : ${label('Say "hi": now; #1')}`);
    expect(label('a "b": c; #d')).toBe('a #quot;b#quot;#58; c#59; #35;d');
    await expect(parseMermaid(text)).resolves.toMatchObject({ diagramType: 'stateDiagram' });
  });
});
