/**
 * (c) WhatsApp's limits on interactive and text messages (WhatsApp Cloud API): button and
 * list-row titles, choices per state, and message bodies, counted as the customer reads them.
 */
import { WHATSAPP_LIMITS } from './compliance-rules.js';
import type { Finding } from './check-structure.js';
import type { ConsentTexts, FlowDefinition } from './definition.js';
import type { FlowPath } from './flow-path.js';
import { renderFlowText } from './render-text.js';

const BUTTON_GROUPS = [
  'buttons',
  'categoryButtons',
  'stopConfirmButtons',
  'stopSomeButtons',
] as const;
/** Texts sent above reply buttons. */
const BUTTON_BODIES = [
  'question',
  'reask',
  'categoryQuestion',
  'newCategoryQuestion',
  'stopConfirm',
  'stopSomeConfirm',
] as const;

type LimitsInput = Pick<FlowDefinition, 'business' | 'categories'>;

/** (c) WhatsApp's limits on the consent texts and their buttons. */
export function checkTextLimits(flow: LimitsInput & Pick<FlowDefinition, 'texts'>): Finding[] {
  const { title, body, findings } = limitChecker(flow);
  for (const [language, texts] of Object.entries(flow.texts)) {
    for (const group of BUTTON_GROUPS) {
      for (const [key, text] of Object.entries(texts[group])) {
        title(text, ['texts', language, group, key], WHATSAPP_LIMITS.buttonTitle, language);
      }
    }
    for (const key of Object.keys(texts) as (keyof ConsentTexts)[]) {
      const text = texts[key];
      if (typeof text !== 'string') continue;
      const max = (BUTTON_BODIES as readonly string[]).includes(key)
        ? WHATSAPP_LIMITS.bodyWithButtons
        : WHATSAPP_LIMITS.textBody;
      // The category question is sent once per category: check it with every label.
      const variants = flow.categories.map((c) =>
        text.replaceAll('{category}', c.label[language] ?? c.id),
      );
      body(variants.length > 0 ? variants : [text], ['texts', language, key], max, language);
    }
    (texts.questionVariants ?? []).forEach((variant, i) => {
      for (const key of ['question', 'reask'] as const) {
        const text = variant[key];
        const path = ['texts', language, 'questionVariants', i, key];
        if (text !== undefined) body([text], path, WHATSAPP_LIMITS.bodyWithButtons, language);
      }
    });
  }
  return findings;
}

/** (c) WhatsApp's limits on the service states: choices, list rows, buttons and texts. */
export function checkServiceLimits(flow: LimitsInput & Pick<FlowDefinition, 'service'>): Finding[] {
  const { title, body, findings } = limitChecker(flow);
  for (const [state, definition] of Object.entries(flow.service.states)) {
    const choices = definition.choices ?? [];
    const path = ['service', 'states', state];
    if (choices.length > WHATSAPP_LIMITS.listRows) {
      findings.push({
        rule: 'tooManyChoices',
        path: [...path, 'choices'],
        params: { count: choices.length },
      });
    }
    const asButtons = choices.length > 0 && choices.length <= WHATSAPP_LIMITS.buttons;
    if (choices.length > WHATSAPP_LIMITS.buttons && definition.listButton === undefined) {
      findings.push({ rule: 'listButtonMissing', path, params: { count: choices.length } });
    }
    for (const [language, text] of Object.entries(definition.listButton ?? {})) {
      title(text, [...path, 'listButton', language], WHATSAPP_LIMITS.buttonTitle, language);
    }
    const maxTitle = asButtons ? WHATSAPP_LIMITS.buttonTitle : WHATSAPP_LIMITS.listRowTitle;
    choices.forEach((choice, i) => {
      for (const [language, text] of Object.entries(choice.title)) {
        title(text, [...path, 'choices', i, 'title', language], maxTitle, language);
      }
    });
    for (const [language, text] of Object.entries(definition.say)) {
      const max = asButtons ? WHATSAPP_LIMITS.bodyWithButtons : WHATSAPP_LIMITS.textBody;
      body([text], [...path, 'say', language], max, language);
    }
  }
  // Global choices may be shown as buttons beside any state's own: hold them to the button limit.
  (flow.service.global ?? []).forEach((choice, i) => {
    for (const [language, text] of Object.entries(choice.title)) {
      title(
        text,
        ['service', 'global', i, 'title', language],
        WHATSAPP_LIMITS.buttonTitle,
        language,
      );
    }
  });
  return findings;
}

/** Length checks of titles and bodies as the customer reads them (placeholders filled in). */
function limitChecker(flow: LimitsInput) {
  const findings: Finding[] = [];
  const title = (text: string, path: FlowPath, max: number, language: string): void => {
    const length = lengthOf(renderFlowText(flow, language, text));
    if (length > max) {
      const rule = max === WHATSAPP_LIMITS.buttonTitle ? 'buttonTooLong' : 'listRowTooLong';
      findings.push({ rule, path, params: { length } });
    }
  };
  const body = (texts: readonly string[], path: FlowPath, max: number, language: string): void => {
    const length = Math.max(0, ...texts.map((t) => lengthOf(renderFlowText(flow, language, t))));
    if (length > max) {
      const rule = max === WHATSAPP_LIMITS.textBody ? 'textTooLong' : 'bodyWithButtonsTooLong';
      findings.push({ rule, path, params: { length, language } });
    }
  };
  return { title, body, findings };
}

/** Characters as WhatsApp counts them (code points, not UTF-16 units). */
function lengthOf(text: string): number {
  return Array.from(text).length;
}
