import { categoryKinds } from '../core/flow/definition.js';
import type { CategoryKinds, FlowCategory, FlowDefinition } from '../core/flow/definition.js';
import type { PlacedIssue } from '../core/flow/flow-path.js';

type Categories = Pick<FlowDefinition, 'categories'>;

/**
 * What an edit did to the categories of a flow that is live (running, or committed). Consent is
 * stored by category id, so an id that now names another kind of WhatsApp message would let that
 * kind reach customers who agreed to the old one, and a template that now goes out under another
 * category's consent would reach customers who agreed to that one alone: both refused. So is an
 * id renamed (a new id with the old one's label or templates): every customer would start again
 * at no consent, and one who said no would be asked again. A category gone (its consent applies
 * to nothing) is said as a warning. `was` names the flow before: `'the last commit'`, `'the
 * running flow'`.
 * @example liveCategoryChanges(committed, edited, 'the last commit') // [{ where: ['categories', 0, 'whatsappCategory'], … }]
 */
export function liveCategoryChanges(
  before: Categories,
  after: Categories,
  was: string,
): PlacedIssue[] {
  const ids = new Set(after.categories.map((category) => category.id));
  const kept = new Set(before.categories.map((category) => category.id));
  const renamed = new Map<string, FlowCategory>();
  const found: PlacedIssue[] = [];
  for (const old of before.categories.filter((category) => !ids.has(category.id))) {
    const at = after.categories.findIndex((c) => !kept.has(c.id) && sameKind(old, c));
    const now = after.categories[at];
    if (now) {
      renamed.set(now.id, old);
      found.push({
        where: ['categories', at, 'id'],
        path: `categories[${at}].id`,
        message: `category "${now.id}" looks like "${old.id}" of ${was} renamed (the same ${sameLabel(old, now) ? 'label' : 'templates'})`,
        hint: `consent is stored under "${old.id}": with a new id every customer starts again at no consent, and one who said no is asked again; put "${old.id}" back (a new id is for a new kind of message)`,
      });
      continue;
    }
    found.push({
      where: ['categories'],
      path: 'categories',
      severity: 'warning',
      message: `category "${old.id}" (${labelOf(old)}) of ${was} is gone`,
      hint: `the consent customers gave to it stays recorded under "${old.id}" and lets no message out now; if you renamed the id, put "${old.id}" back: a new id starts every customer at no consent`,
    });
  }
  return [
    ...found,
    ...kindChanges(categoryKinds(before), after, was),
    ...movedTemplates(before.categories, after.categories, was, renamed),
  ];
}

/** Whether `now` (a new id) is `old` renamed: the same label in a language, or a template of it. */
function sameKind(old: FlowCategory, now: FlowCategory): boolean {
  return sameLabel(old, now) || now.templates.some((name) => old.templates.includes(name));
}

function sameLabel(old: FlowCategory, now: FlowCategory): boolean {
  return Object.entries(old.label).some(
    ([language, label]) => now.label[language]?.toLowerCase() === label.toLowerCase(),
  );
}

/**
 * The categories of `after` whose WhatsApp category differs from the one their id had in `was`
 * (`before`): refused, since the customers' yes stored under the id was a yes to the old kind.
 * @example kindChanges({ orders: 'UTILITY' }, edited, 'the running flow') // [{ path: 'categories[0].whatsappCategory', … }]
 */
export function kindChanges(before: CategoryKinds, after: Categories, was: string): PlacedIssue[] {
  return after.categories.flatMap((category, i): PlacedIssue[] => {
    const old = Object.hasOwn(before, category.id) ? before[category.id] : undefined;
    if (old === undefined || old === category.whatsappCategory) return [];
    return [
      {
        where: ['categories', i, 'whatsappCategory'],
        path: `categories[${i}].whatsappCategory`,
        message: `category "${category.id}" is ${category.whatsappCategory}, but ${old} in ${was}`,
        hint: `customers said yes to "${category.id}" as ${old} messages, and their yes is stored under its id: put ${old} back, and add a category with a new id for the other messages (customers are asked for it)`,
      },
    ];
  });
}

/**
 * Templates that went out under one category's consent and now under another's (not one renamed:
 * that is said of the id).
 */
function movedTemplates(
  before: readonly FlowCategory[],
  after: readonly FlowCategory[],
  was: string,
  renamed: ReadonlyMap<string, FlowCategory>,
): PlacedIssue[] {
  const under = new Map(before.flatMap((c) => c.templates.map((name) => [name, c] as const)));
  return after.flatMap((category, i) =>
    category.templates.flatMap((name, j): PlacedIssue[] => {
      const old = under.get(name);
      if (!old || old.id === category.id || renamed.get(category.id) === old) return [];
      return [
        {
          where: ['categories', i, 'templates', j],
          path: `categories[${i}].templates[${j}]`,
          message: `template "${name}" is under category "${category.id}", but under "${old.id}" in ${was}`,
          hint: `it would go to customers who said yes to ${labelOf(category)} and not to ${labelOf(old)}, or who stopped ${labelOf(old)}: keep it under "${old.id}", and for a message that is ${labelOf(category)} use a template of its own name`,
        },
      ];
    }),
  );
}

/** The category's label in the flow's first language: how a business team knows it. */
function labelOf(category: FlowCategory): string {
  return Object.values(category.label)[0] ?? category.id;
}
