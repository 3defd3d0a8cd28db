import type { FlowDefinition } from '../flow/definition.js';
import { builtinSmallTalk } from './builtin/index.js';
import type { SmallTalkLanguage } from './builtin/language-data.js';

/** The small talk a flow really has in one language: its own words first, then the built-in ones. */
export type EffectiveSmallTalk = Omit<SmallTalkLanguage, 'replies'>;

/** The replies of small talk and of the hand-over in one language; absent where neither the flow nor the product has one. */
export interface EffectiveReplies {
  readonly thanks?: string;
  readonly goodbye?: string;
  readonly notUnderstoodAgain?: string;
  readonly optionUnavailable?: string;
  readonly handoverIdle?: string;
  readonly handoverEnded?: string;
  readonly youGet?: string;
  readonly youGetNone?: string;
}

/**
 * The words of a flow language: the flow's `smallTalk.<language>` lists, then the product's
 * built-in ones (`builtin/`), which no flow can remove.
 * @example smallTalkWords(flow, 'es').greetings // [the flow's…, 'HOLA', 'BUENAS', …]
 */
export function smallTalkWords(
  flow: Pick<FlowDefinition, 'smallTalk'>,
  language: string,
): EffectiveSmallTalk {
  const own = flow.smallTalk?.[language];
  const builtin = builtinSmallTalk(language);
  return {
    greetings: [...(own?.greetings ?? []), ...(builtin?.greetings ?? [])],
    thanks: [...(own?.thanks ?? []), ...(builtin?.thanks ?? [])],
    goodbyes: [...(own?.goodbyes ?? []), ...(builtin?.goodbyes ?? [])],
    languageNames: [...(own?.languageNames ?? []), ...(builtin?.languageNames ?? [])],
    fillers: builtin?.fillers ?? [],
    commonWords: builtin?.commonWords ?? [],
    askForPerson: builtin?.askForPerson ?? [],
  };
}

/**
 * The replies of a flow language: the flow's own (`smallTalk.<language>`, `handover.texts`),
 * else the product's built-in ones for the language.
 * @example smallTalkReplies(flow, 'pt').thanks // 'De nada! …'
 */
export function smallTalkReplies(
  flow: Pick<FlowDefinition, 'smallTalk' | 'handover'>,
  language: string,
): EffectiveReplies {
  const own = flow.smallTalk?.[language];
  const handover = flow.handover?.texts?.[language];
  const builtin = builtinSmallTalk(language)?.replies;
  const pick = <K extends keyof EffectiveReplies>(key: K, value: string | undefined) =>
    value === undefined ? {} : ({ [key]: value } as Pick<EffectiveReplies, K>);
  return {
    ...pick('thanks', own?.thanksReply ?? builtin?.thanks),
    ...pick('goodbye', own?.goodbyeReply ?? builtin?.goodbye),
    ...pick('notUnderstoodAgain', own?.notUnderstoodAgain ?? builtin?.notUnderstoodAgain),
    ...pick('optionUnavailable', own?.optionUnavailable ?? builtin?.optionUnavailable),
    ...pick('handoverIdle', handover?.idle ?? builtin?.handoverIdle),
    ...pick('handoverEnded', handover?.ended ?? builtin?.handoverEnded),
    ...pick('youGet', own?.youGetReply ?? builtin?.youGet),
    ...pick('youGetNone', own?.youGetNoneReply ?? builtin?.youGetNone),
  };
}

/** The reply keys every language must end up with, and where a flow writes each. */
export const REPLY_FIELDS: readonly {
  readonly key: keyof EffectiveReplies;
  readonly path: readonly string[];
}[] = [
  { key: 'thanks', path: ['smallTalk', '*', 'thanksReply'] },
  { key: 'goodbye', path: ['smallTalk', '*', 'goodbyeReply'] },
  { key: 'notUnderstoodAgain', path: ['smallTalk', '*', 'notUnderstoodAgain'] },
  { key: 'optionUnavailable', path: ['smallTalk', '*', 'optionUnavailable'] },
  { key: 'handoverIdle', path: ['handover', 'texts', '*', 'idle'] },
  { key: 'handoverEnded', path: ['handover', 'texts', '*', 'ended'] },
  { key: 'youGet', path: ['smallTalk', '*', 'youGetReply'] },
  { key: 'youGetNone', path: ['smallTalk', '*', 'youGetNoneReply'] },
];
