export { asksForPerson, buildSmallTalkIndex, classifySmallTalk } from './small-talk-index.js';
export type { SmallTalkIndex, SmallTalkKind, SmallTalkMatch } from './small-talk-index.js';
export { REPLY_FIELDS, smallTalkReplies, smallTalkWords } from './effective-small-talk.js';
export type { EffectiveReplies, EffectiveSmallTalk } from './effective-small-talk.js';
export { builtinSmallTalk } from './builtin/index.js';
export type { SmallTalkLanguage, SmallTalkReplies } from './builtin/index.js';
