/**
 * The consent and turns regions name their actions and guards as strings. `compileFlow` passes
 * both through `setup().createStateConfig`, so a name setup() does not define fails
 * `npm run typecheck`; this test holds the same at run time, on the compiled machine, so a
 * region built around the type check (a cast) is caught too.
 */
import { describe, expect, it } from 'vitest';
import { compileFlow } from '../../../src/core/flow/compile-flow.js';
import { consentRegion } from '../../../src/core/flow/consent-region.js';
import { turnsRegion } from '../../../src/core/flow/turns-region.js';
import { loadDefaultFlow } from './default-flow.js';

interface Names {
  readonly actions: Set<string>;
  readonly guards: Set<string>;
}

/** Every action and guard a state config names (`and([...])` guards are functions: skipped). */
function namesIn(config: unknown, found: Names = { actions: new Set(), guards: new Set() }): Names {
  if (Array.isArray(config)) {
    for (const item of config) namesIn(item, found);
    return found;
  }
  if (typeof config !== 'object' || config === null) return found;
  for (const [key, value] of Object.entries(config)) {
    if (key === 'actions' || key === 'entry' || key === 'exit') {
      for (const action of [value].flat()) {
        const name = typeof action === 'string' ? action : (action as { type?: unknown }).type;
        if (typeof name === 'string') found.actions.add(name);
      }
    } else if (key === 'guard') {
      const name = typeof value === 'string' ? value : (value as { type?: unknown }).type;
      if (typeof name === 'string') found.guards.add(name);
    } else {
      namesIn(value, found);
    }
  }
  return found;
}

describe('the compiled regions name only actions and guards that setup() defines', () => {
  const machine = compileFlow(loadDefaultFlow());
  const defined = {
    actions: Object.keys(machine.implementations.actions),
    guards: Object.keys(machine.implementations.guards),
  };

  it.each([
    ['consent', consentRegion],
    ['turns', turnsRegion],
  ])('the %s region', (_name, region) => {
    const used = namesIn(region);
    expect(used.actions.size).toBeGreaterThan(0);
    expect(defined.actions).toEqual(expect.arrayContaining([...used.actions]));
    expect(defined.guards).toEqual(expect.arrayContaining([...used.guards]));
  });

  it('finds a name that is not defined', () => {
    const renamed = { on: { 'keyword.help': { guard: 'noSuchGuard', actions: ['noSuchAction'] } } };
    const used = namesIn(renamed);
    expect(defined.actions).not.toContain([...used.actions][0]);
    expect(defined.guards).not.toContain([...used.guards][0]);
  });
});
