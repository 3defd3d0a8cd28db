/**
 * The structural half of the compliance check: every language complete, ids unique, templates
 * in one category, and a service conversation whose names and targets all exist.
 */
import type { FlowDefinition, ServiceChoice } from './definition.js';
import type { FlowPath } from './flow-path.js';
import type { RuleId, RuleParams } from './compliance-rules.js';
import { ACTION_NAMES, GUARD_NAMES } from './registry-names.js';

/** A broken rule at a place in the flow; `check-compliance.ts` turns it into a FlowIssue. */
export interface Finding {
  readonly rule: RuleId;
  readonly path: FlowPath;
  readonly params?: RuleParams;
  /**
   * For a word or name written twice: the same problem told from the other place. The problem is
   * reported at whichever of the two comes later in the file, the one most likely just added.
   */
  readonly twin?: { readonly path: FlowPath; readonly params?: RuleParams };
}

/** A service choice with where it sits: in a state's `choices` or in `service.global`. */
export interface PlacedChoice {
  readonly choice: ServiceChoice;
  readonly path: FlowPath;
  /** The state offering it; `undefined` for a global choice. */
  readonly state: string | undefined;
}

/** Every service choice of the flow, state choices first, then the global ones. */
export function listChoices(flow: Pick<FlowDefinition, 'service'>): PlacedChoice[] {
  const placed: PlacedChoice[] = [];
  for (const [state, definition] of Object.entries(flow.service.states)) {
    (definition.choices ?? []).forEach((choice, i) =>
      placed.push({ choice, path: ['service', 'states', state, 'choices', i], state }),
    );
  }
  (flow.service.global ?? []).forEach((choice, i) =>
    placed.push({ choice, path: ['service', 'global', i], state: undefined }),
  );
  return placed;
}

/** (g) A flow must offer at least one category. */
export function checkHasCategories(flow: Pick<FlowDefinition, 'categories'>): Finding[] {
  return flow.categories.length === 0 ? [{ rule: 'noCategory', path: ['categories'] }] : [];
}

/** (d) `defaultLanguage` is listed, and no language is listed twice. */
export function checkLanguageList(
  flow: Pick<FlowDefinition, 'languages' | 'defaultLanguage'>,
): Finding[] {
  const findings: Finding[] = [];
  if (!flow.languages.includes(flow.defaultLanguage)) {
    findings.push({
      rule: 'defaultLanguageNotListed',
      path: ['defaultLanguage'],
      params: { language: flow.defaultLanguage, languages: flow.languages.join(', ') },
    });
  }
  flow.languages.forEach((language, i) => {
    if (flow.languages.indexOf(language) !== i) {
      findings.push({ rule: 'languageTwice', path: ['languages', i], params: { language } });
    }
  });
  return findings;
}

/** (d) `texts` and `keywords` have every listed language, and no other. */
export function checkTextsLanguages(
  flow: Pick<FlowDefinition, 'languages' | 'texts' | 'keywords'>,
): Finding[] {
  return [
    ...complete(flow.languages, flow.texts, ['texts'], 'the texts section'),
    ...complete(flow.languages, flow.keywords, ['keywords'], 'the keywords section'),
  ];
}

/** (d) Every category label has every listed language, and no other. */
export function checkCategoryLanguages(
  flow: Pick<FlowDefinition, 'languages' | 'categories'>,
): Finding[] {
  return flow.categories.flatMap((category, i) =>
    complete(flow.languages, category.label, ['categories', i, 'label'], 'every category label'),
  );
}

/** (d) Every `say`, `listButton` and choice title has every listed language, and no other. */
export function checkServiceLanguages(
  flow: Pick<FlowDefinition, 'languages' | 'service'>,
): Finding[] {
  const findings: Finding[] = [];
  const listed = flow.languages;
  for (const [state, definition] of Object.entries(flow.service.states)) {
    findings.push(
      ...complete(listed, definition.say, ['service', 'states', state, 'say'], 'every "say"'),
    );
    if (definition.listButton) {
      findings.push(
        ...complete(
          listed,
          definition.listButton,
          ['service', 'states', state, 'listButton'],
          'every "listButton"',
        ),
      );
    }
  }
  for (const { choice, path } of listChoices(flow)) {
    findings.push(...complete(listed, choice.title, [...path, 'title'], 'every choice title'));
    for (const language of Object.keys(choice.keywords ?? {})) {
      if (!listed.includes(language)) {
        findings.push({
          rule: 'languageNotListed',
          path: [...path, 'keywords', language],
          params: { language },
        });
      }
    }
  }
  return findings;
}

/** A per-language record with a listed language missing, or a language that is not listed. */
function complete(
  listed: readonly string[],
  record: object,
  path: FlowPath,
  what: string,
): Finding[] {
  const keys = Object.keys(record);
  const findings: Finding[] = [];
  for (const language of new Set(listed)) {
    if (!keys.includes(language)) {
      findings.push({
        rule: 'languageMissing',
        path: [...path, language],
        params: { language, what },
      });
    }
  }
  for (const language of keys) {
    if (!listed.includes(language)) {
      findings.push({ rule: 'languageNotListed', path: [...path, language], params: { language } });
    }
  }
  return findings;
}

/** (e) Category ids are used once, and a template belongs to one category. */
export function checkCategoryIds(flow: Pick<FlowDefinition, 'categories'>): Finding[] {
  const findings: Finding[] = [];
  const categoryIds = new Set<string>();
  const templateOwner = new Map<string, string>();
  flow.categories.forEach((category, i) => {
    if (categoryIds.has(category.id)) {
      findings.push({
        rule: 'categoryIdTwice',
        path: ['categories', i, 'id'],
        params: { id: category.id },
      });
    }
    categoryIds.add(category.id);
    category.templates.forEach((template, j) => {
      const other = templateOwner.get(template);
      if (other !== undefined) {
        findings.push({
          rule: 'templateTwice',
          path: ['categories', i, 'templates', j],
          params: { template, other },
        });
      } else templateOwner.set(template, category.id);
    });
  });
  return findings;
}

/** (e) A phone-number id is listed once. */
export function checkPhoneNumberIds(flow: Pick<FlowDefinition, 'phoneNumberIds'>): Finding[] {
  const findings: Finding[] = [];
  (flow.phoneNumberIds ?? []).forEach((id, i, all) => {
    if (all.indexOf(id) !== i) {
      findings.push({ rule: 'phoneNumberIdTwice', path: ['phoneNumberIds', i], params: { id } });
    }
  });
  return findings;
}

/** (e) Choice ids are used once in a state (and once in `service.global`). */
export function checkChoiceIds(flow: Pick<FlowDefinition, 'service'>): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, Set<string>>();
  for (const { choice, path, state } of listChoices(flow)) {
    const where = state === undefined ? 'service.global' : `state "${state}"`;
    const ids = seen.get(where) ?? new Set<string>();
    if (ids.has(choice.id)) {
      findings.push({
        rule: 'choiceIdTwice',
        path: [...path, 'id'],
        params: { id: choice.id, where },
      });
    }
    seen.set(where, ids.add(choice.id));
  }
  return findings;
}

/** (f) `initial` and every target exist, action and guard names are known, every state reachable. */
export function checkService(flow: Pick<FlowDefinition, 'service'>): Finding[] {
  const states = Object.keys(flow.service.states);
  const stateList = states.join(', ');
  const findings: Finding[] = [];
  if (!states.includes(flow.service.initial)) {
    findings.push({
      rule: 'unknownState',
      path: ['service', 'initial'],
      params: { state: flow.service.initial, states: stateList },
    });
  }
  for (const { choice, path } of listChoices(flow)) {
    if (!states.includes(choice.target)) {
      findings.push({
        rule: 'unknownState',
        path: [...path, 'target'],
        params: { state: choice.target, states: stateList },
      });
    }
    if (choice.guard !== undefined && !(GUARD_NAMES as readonly string[]).includes(choice.guard)) {
      findings.push({
        rule: 'unknownGuard',
        path: [...path, 'guard'],
        params: { name: choice.guard, known: GUARD_NAMES.join(', ') },
      });
    }
  }
  for (const [state, definition] of Object.entries(flow.service.states)) {
    (definition.actions ?? []).forEach((name, i) => {
      if (!(ACTION_NAMES as readonly string[]).includes(name)) {
        findings.push({
          rule: 'unknownAction',
          path: ['service', 'states', state, 'actions', i],
          params: { name, known: ACTION_NAMES.join(', ') },
        });
      }
    });
  }
  return [...findings, ...checkReachable(flow)];
}

/** Breadth-first from `initial`; global choices are offered in every reached state. */
function checkReachable(flow: Pick<FlowDefinition, 'service'>): Finding[] {
  const { initial, states, global = [] } = flow.service;
  if (states[initial] === undefined) return [];
  const reached = new Set([initial]);
  const queue = [initial];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const choice of [...(states[state]?.choices ?? []), ...global]) {
      if (states[choice.target] !== undefined && !reached.has(choice.target)) {
        reached.add(choice.target);
        queue.push(choice.target);
      }
    }
  }
  return Object.keys(states)
    .filter((state) => !reached.has(state))
    .map((state) => ({
      rule: 'unreachableState' as const,
      path: ['service', 'states', state],
      params: { state, initial },
    }));
}
