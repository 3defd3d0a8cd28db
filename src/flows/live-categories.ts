import { categoryKinds } from '../core/flow/definition.js';
import type { CategoryKinds, FlowCategory, FlowDefinition } from '../core/flow/definition.js';
import type { PlacedIssue } from '../core/flow/flow-path.js';

type Categories = Pick<FlowDefinition, 'categories'>;

/**
 * What an edit did to the categories of a flow that is live (running, or committed). Consent is
 * stored by category id, so an id that now names another kind of WhatsApp message would let that
 * kind reach customers who agreed to the old one: refused. A template that now goes out under
 * another category's consent, and a category gone (its consent applies to nothing, and a renamed
 * id starts every customer at no consent), are said as warnings. `was` names the flow before:
 * `'the last commit'`, `'the running flow'`.
 * @example liveCategoryChanges(committed, edited, 'the last commit') // [{ where: ['categories', 0, 'whatsappCategory'], … }]
 */
export function liveCategoryChanges(
  before: Categories,
  after: Categories,
  was: string,
): PlacedIssue[] {
  const ids = new Set(after.categories.map((category) => category.id));
  const gone = before.categories.filter((old) => !ids.has(old.id));
  return [
    ...gone.map((old): PlacedIssue => ({
      where: ['categories'],
      path: 'categories',
      severity: 'warning',
      message: `category "${old.id}" (${labelOf(old)}) of ${was} is gone`,
      hint: `the consent customers gave to it stays recorded under "${old.id}" and lets no message out now; if you renamed the id, put "${old.id}" back: a new id starts every customer at no consent`,
    })),
    ...kindChanges(categoryKinds(before), after, was),
    ...movedTemplates(before.categories, after.categories, was),
  ];
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

/** Templates that went out under one category's consent and now under another's. */
function movedTemplates(
  before: readonly FlowCategory[],
  after: readonly FlowCategory[],
  was: string,
): PlacedIssue[] {
  const under = new Map(before.flatMap((c) => c.templates.map((name) => [name, c] as const)));
  return after.flatMap((category, i) =>
    category.templates.flatMap((name, j): PlacedIssue[] => {
      const old = under.get(name);
      if (!old || old.id === category.id) return [];
      return [
        {
          where: ['categories', i, 'templates', j],
          path: `categories[${i}].templates[${j}]`,
          severity: 'warning',
          message: `template "${name}" is under category "${category.id}", but under "${old.id}" in ${was}`,
          hint: `customers who said yes to ${labelOf(category)} and not to ${labelOf(old)} will get it: move a template only when what it says is ${labelOf(category)}`,
        },
      ];
    }),
  );
}

/** The category's label in the flow's first language: how a business team knows it. */
function labelOf(category: FlowCategory): string {
  return Object.values(category.label)[0] ?? category.id;
}
