import type { Reply } from '../conversation/inbound.js';
import { CONSENT_BUTTON_IDS, SERVICE_CHOICE_PREFIX } from '../conversation/events.js';
import type { FlowDefinition, ServiceChoice, ServiceState } from './definition.js';
import { STANDARD_VARIANT, wordingOf } from './question-variants.js';
import { joinList, renderFlowText } from './render-text.js';

/**
 * The replies a flow says, in a language: every text goes through `renderFlowText`, so the
 * compliance check sees exactly what customers see.
 */
export function textReply(flow: FlowDefinition, language: string, template: string): Reply {
  return { type: 'text', text: renderFlowText(flow, language, template) };
}

/** The opt-in question (or its re-ask) in a variant's words, with Yes / Let me choose / No buttons. */
export function questionReply(
  flow: FlowDefinition,
  language: string,
  which: 'question' | 'reask',
  variant: string = STANDARD_VARIANT,
): Reply {
  const texts = textsOf(flow, language);
  return {
    type: 'buttons',
    text: renderFlowText(flow, language, wordingOf(texts, variant)[which]),
    buttons: [
      { id: CONSENT_BUTTON_IDS.yes, title: texts.buttons.yes },
      { id: CONSENT_BUTTON_IDS.choose, title: texts.buttons.choose },
      { id: CONSENT_BUTTON_IDS.no, title: texts.buttons.no },
    ],
  };
}

/**
 * "Messages about {category}?" for one category of the "let me choose" path, or, for a customer
 * who said yes before the flow gained it (`newCategory`), the new-category question about it.
 */
export function categoryReply(
  flow: FlowDefinition,
  language: string,
  categoryId: string,
  newCategory = false,
): Reply {
  const texts = textsOf(flow, language);
  const category = flow.categories.find((c) => c.id === categoryId);
  const label = category?.label[language] ?? category?.id ?? '';
  const text =
    newCategory && texts.newCategoryQuestion !== undefined
      ? renderFlowText(flow, language, texts.newCategoryQuestion, { categories: label })
      : renderFlowText(flow, language, texts.categoryQuestion, { category: label });
  return {
    type: 'buttons',
    text,
    buttons: [
      {
        id: `${CONSENT_BUTTON_IDS.categoryYes}.${category?.id ?? ''}`,
        title: texts.categoryButtons.yes,
      },
      {
        id: `${CONSENT_BUTTON_IDS.categoryNo}.${category?.id ?? ''}`,
        title: texts.categoryButtons.no,
      },
    ],
  };
}

/** "Stop {categories} only?" with Stop those / Stop everything / No buttons. */
export function stopSomeReply(
  flow: FlowDefinition,
  language: string,
  categoryIds: readonly string[],
): Reply {
  const texts = textsOf(flow, language);
  const categories = labelsOf(flow, language, categoryIds);
  return {
    type: 'buttons',
    text: renderFlowText(flow, language, texts.stopSomeConfirm, { categories }),
    buttons: [
      { id: CONSENT_BUTTON_IDS.stopSomeThese, title: texts.stopSomeButtons.these },
      { id: CONSENT_BUTTON_IDS.stopSomeAll, title: texts.stopSomeButtons.all },
      { id: CONSENT_BUTTON_IDS.stopSomeNo, title: texts.stopSomeButtons.no },
    ],
  };
}

/** Confirmation after stopping only some categories, naming them. */
export function optedOutSomeReply(
  flow: FlowDefinition,
  language: string,
  categoryIds: readonly string[],
): Reply {
  const categories = labelsOf(flow, language, categoryIds);
  const text = renderFlowText(flow, language, textsOf(flow, language).optedOutSome, { categories });
  return { type: 'text', text };
}

/** Confirmation after a yes, naming the categories actually granted. */
export function optedInReply(
  flow: FlowDefinition,
  language: string,
  categoryIds: readonly string[],
): Reply {
  const categories = labelsOf(flow, language, categoryIds);
  const text = renderFlowText(flow, language, textsOf(flow, language).optedIn, { categories });
  return { type: 'text', text };
}

/** "Did you want to stop?" for a sentence that merely contains an opt-out word. */
export function stopConfirmReply(flow: FlowDefinition, language: string): Reply {
  const texts = textsOf(flow, language);
  return {
    type: 'buttons',
    text: renderFlowText(flow, language, texts.stopConfirm),
    buttons: [
      { id: CONSENT_BUTTON_IDS.stopYes, title: texts.stopConfirmButtons.yes },
      { id: CONSENT_BUTTON_IDS.stopNo, title: texts.stopConfirmButtons.no },
    ],
  };
}

/** What a service state says, with its available choices as buttons (≤ 3) or a list. */
export function serviceStateReply(
  flow: FlowDefinition,
  language: string,
  state: ServiceState,
  choices: readonly ServiceChoice[],
): Reply {
  const text = renderFlowText(flow, language, localized(state.say, flow, language));
  const options = choices.map((c) => ({
    id: `${SERVICE_CHOICE_PREFIX}${c.id}`,
    title: localized(c.title, flow, language),
  }));
  if (options.length === 0) return { type: 'text', text };
  if (options.length <= 3) return { type: 'buttons', text, buttons: options };
  const button = state.listButton ? localized(state.listButton, flow, language) : '☰';
  return { type: 'list', text, button, rows: options };
}

function textsOf(flow: FlowDefinition, language: string) {
  const texts = flow.texts[language] ?? flow.texts[flow.defaultLanguage];
  // The compliance check guarantees the default language has every text.
  if (!texts) throw new Error(`flow ${flow.id} has no texts for ${language}`);
  return texts;
}

function localized(
  value: Readonly<Record<string, string>>,
  flow: FlowDefinition,
  language: string,
): string {
  return value[language] ?? value[flow.defaultLanguage] ?? '';
}

/** The labels of these categories in the flow's order, as a natural list. */
function labelsOf(flow: FlowDefinition, language: string, categoryIds: readonly string[]): string {
  const labels = flow.categories
    .filter((c) => categoryIds.includes(c.id))
    .map((c) => c.label[language] ?? c.id);
  return labels.length === 0 ? '' : joinList(labels, language);
}
