/**
 * The checks of what a flow says around consent (issue 10): choices that mean one thing
 * flow-wide (an old button keeps working), small talk and hand-over texts in every language the
 * flow lists (the product's built-in ones where it has them), within WhatsApp's limits, and
 * small-talk words that do not hide a consent word.
 */
import {
  effectiveKeywords,
  KEYWORD_KINDS,
  normalizeForMatching,
  tokenize,
} from '../keywords/index.js';
import { REPLY_FIELDS, smallTalkReplies } from '../small-talk/index.js';
import { WHATSAPP_LIMITS } from './compliance-rules.js';
import type { Finding } from './check-structure.js';
import { listChoices } from './check-structure.js';
import type { FlowDefinition, SmallTalk } from './definition.js';
import type { FlowPath } from './flow-path.js';
import { renderFlowText } from './render-text.js';

/**
 * (e) A choice id leads to one state wherever the flow offers it: a button of an older message
 * is answered by its id, from whatever state the conversation is in now.
 */
export function checkChoiceTargets(flow: Pick<FlowDefinition, 'service'>): Finding[] {
  const first = new Map<string, { target: string; where: string }>();
  const findings: Finding[] = [];
  for (const { choice, path, state } of listChoices(flow)) {
    const where = state === undefined ? 'service.global' : `state "${state}"`;
    const seen = first.get(choice.id);
    if (!seen) first.set(choice.id, { target: choice.target, where });
    // Twice in one state is already refused (choiceIdTwice).
    else if (seen.target !== choice.target && seen.where !== where) {
      findings.push({
        rule: 'choiceIdTwoTargets',
        path: [...path, 'target'],
        params: { id: choice.id, target: choice.target, other: seen.target, where: seen.where },
      });
    }
  }
  return findings;
}

/**
 * (d) Small talk and hand-over texts: only for languages the flow lists, every reply available
 * in every listed language (the flow's, or the product's built-in one), and `languageByCountry`
 * naming only listed languages.
 */
export function checkConversationLanguages(
  flow: Pick<FlowDefinition, 'languages' | 'smallTalk' | 'handover' | 'languageByCountry'>,
): Finding[] {
  const findings: Finding[] = [];
  const unlisted = (record: object | undefined, path: FlowPath) => {
    for (const language of Object.keys(record ?? {})) {
      if (!flow.languages.includes(language)) {
        findings.push({
          rule: 'languageNotListed',
          path: [...path, language],
          params: { language },
        });
      }
    }
  };
  unlisted(flow.smallTalk, ['smallTalk']);
  unlisted(flow.handover?.texts, ['handover', 'texts']);
  for (const [country, language] of Object.entries(flow.languageByCountry ?? {})) {
    if (!flow.languages.includes(language)) {
      findings.push({
        rule: 'countryLanguageNotListed',
        path: ['languageByCountry', country],
        params: { country, language, languages: flow.languages.join(', ') },
      });
    }
  }
  for (const language of flow.languages) {
    const replies = smallTalkReplies(flow, language);
    for (const { key, path } of REPLY_FIELDS) {
      if (replies[key] !== undefined) continue;
      findings.push({
        rule: 'smallTalkReplyMissing',
        path: path.map((p) => (p === '*' ? language : p)),
        params: { language },
      });
    }
  }
  return findings;
}

/** (c) The small-talk and hand-over texts within WhatsApp's limits, as the customer reads them. */
export function checkConversationLimits(
  flow: Pick<FlowDefinition, 'business' | 'categories' | 'smallTalk' | 'handover'>,
): Finding[] {
  const findings: Finding[] = [];
  const texts: [FlowPath, string, string, number][] = [];
  for (const [language, talk] of Object.entries(flow.smallTalk ?? {})) {
    for (const key of [
      'thanksReply',
      'goodbyeReply',
      'optionUnavailable',
      'youGetReply',
      'youGetNoneReply',
    ] as const) {
      const text = talk[key];
      if (text !== undefined)
        texts.push([['smallTalk', language, key], language, text, WHATSAPP_LIMITS.textBody]);
    }
    // Sent above a button to a person when the menu offers none.
    if (talk.notUnderstoodAgain !== undefined) {
      texts.push([
        ['smallTalk', language, 'notUnderstoodAgain'],
        language,
        talk.notUnderstoodAgain,
        WHATSAPP_LIMITS.bodyWithButtons,
      ]);
    }
  }
  for (const [language, handover] of Object.entries(flow.handover?.texts ?? {})) {
    for (const key of ['idle', 'ended'] as const) {
      const text = handover[key];
      if (text !== undefined)
        texts.push([
          ['handover', 'texts', language, key],
          language,
          text,
          WHATSAPP_LIMITS.textBody,
        ]);
    }
  }
  for (const [path, language, text, max] of texts) {
    const length = [...renderFlowText(flow, language, text)].length;
    if (length > max) {
      findings.push({
        rule: max === WHATSAPP_LIMITS.textBody ? 'textTooLong' : 'bodyWithButtonsTooLong',
        path,
        params: { length, language },
      });
    }
  }
  return findings;
}

const SMALL_TALK_LISTS = ['greetings', 'thanks', 'goodbyes', 'languageNames'] as const;

/**
 * (b) The flow's own small-talk words: each has letters or digits, and none is a consent word of
 * the flow (consent words win, so the small talk would never be recognised).
 */
export function checkSmallTalkWords(
  flow: Pick<FlowDefinition, 'keywords' | 'languages' | 'smallTalk'>,
): Finding[] {
  const findings: Finding[] = [];
  const consent = new Map<string, string>();
  for (const [language, lists] of Object.entries(effectiveKeywords(flow))) {
    for (const kind of KEYWORD_KINDS) {
      for (const word of lists[kind]) {
        consent.set(tokenize(normalizeForMatching(word)).join(' '), `${kind} (${language})`);
      }
    }
  }
  for (const [language, talk] of Object.entries<SmallTalk>(flow.smallTalk ?? {})) {
    for (const list of SMALL_TALK_LISTS) {
      (talk[list] ?? []).forEach((word, i) => {
        const path = ['smallTalk', language, list, i];
        const key = tokenize(normalizeForMatching(word)).join(' ');
        if (key === '') findings.push({ rule: 'keywordEmpty', path, params: { word } });
        const kind = consent.get(key);
        if (kind !== undefined) {
          findings.push({ rule: 'smallTalkWordIsKeyword', path, params: { word, kind } });
        }
      });
    }
  }
  return findings;
}
