import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateFlowJsonSchema } from '../../src/core/flow/json-schema.js';
import { loadFlowsDir } from '../../src/flows/index.js';

const FLOWS_DIR = new URL('../../flows/', import.meta.url);

describe('the shipped flows', () => {
  it('all load with no issue', async () => {
    const files = (await readdir(FLOWS_DIR)).filter((name) => /\.ya?ml$/.test(name));
    const { flows, issues } = await loadFlowsDir(FLOWS_DIR.pathname);
    expect(issues).toEqual([]);
    expect(flows).toHaveLength(files.length);
  });

  it('include a default flow in English, Spanish and Portuguese with a marketing category', async () => {
    const { flows } = await loadFlowsDir(FLOWS_DIR.pathname);
    const flow = flows.find((f) => f.definition.id === 'default')?.definition;
    expect(flow?.languages).toEqual(['en', 'es', 'pt']);
    expect(flow?.categories.length).toBeGreaterThanOrEqual(3);
    expect(flow?.categories.map((c) => c.whatsappCategory)).toContain('MARKETING');
    expect(
      Object.values(flow?.service.states ?? {}).some((s) => s.actions?.includes('handOverToAgent')),
    ).toBe(true);
  });

  it('ship flow.schema.json as the schema generates it now (run npm run flows:schema)', () => {
    const shipped = readFileSync(new URL('flow.schema.json', FLOWS_DIR), 'utf8');
    expect(shipped).toBe(generateFlowJsonSchema());
  });

  it('point editors at flow.schema.json', () => {
    const source = readFileSync(new URL('default.yaml', FLOWS_DIR), 'utf8');
    expect(source.split('\n')[0]).toBe('# yaml-language-server: $schema=./flow.schema.json');
  });
});
