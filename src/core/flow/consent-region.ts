import { and } from 'xstate';

/**
 * THE STOP RULE and the opt-in conversation: the consent region of every compiled flow.
 *
 * The compiler owns this region; a flow file only supplies its texts and policy. Three
 * guarantees hold for every flow because they are written here once:
 * - `keyword.optout` is handled on the region itself, so it works from every consent state,
 *   and the service region never handles it (nothing else replies to STOP);
 * - a second STOP changes nothing and is not confirmed again (`alreadyOptedOut`);
 * - the question is asked unprompted only through `mayAsk` / `mayReask` (`consent/ask-policy.ts`),
 *   which refuse after an opt-out and inside a decline cool-down, and never in answer to a
 *   sentence that contains a stop word. Only the customer's own opt-in keyword (START, UNSTOP,
 *   VOLVER…) reopens the question.
 */
const onCategoryPrompt = { type: 'promptIs', params: { prompt: 'category' } } as const;
const onLastCategory = and([onCategoryPrompt, 'onLastCategory']);

export const consentRegion = {
  initial: 'idle',
  on: {
    'keyword.optout': [
      { guard: 'alreadyOptedOut', target: '.idle' },
      { target: '.idle', actions: ['revokeAll'] },
    ],
    'keyword.optin': { target: '.asking', actions: ['askQuestion'] },
    'keyword.help': { actions: ['sayHelp'] },
    // A sentence that merely contains an opt-out word ("No, stop", "I can't stop laughing"):
    // ask whether they want to stop, from every state, unless already opted out or the flow
    // says `ambiguousStop: ignore`. It never prompts the opt-in question: someone who may
    // have said "stop" is not asked to sign up.
    'stop.ambiguous': {
      guard: 'confirmsAmbiguousStop',
      target: '.confirmingStop',
      actions: ['askStopConfirm'],
    },
  },
  states: {
    idle: {
      on: {
        message: { guard: 'mayAsk', target: 'asking', actions: ['askQuestion'] },
        media: { guard: 'mayAsk', target: 'asking', actions: ['askQuestion'] },
        'service.choice': { guard: 'mayAsk', target: 'asking', actions: ['askQuestion'] },
        'answer.*': { guard: 'mayAsk', target: 'asking', actions: ['askQuestion'] },
      },
    },
    asking: {
      on: {
        'answer.yes': {
          guard: { type: 'promptIs', params: { prompt: 'question' } },
          target: 'idle',
          actions: ['grantAll'],
        },
        'answer.no': {
          guard: { type: 'promptIs', params: { prompt: 'question' } },
          target: 'idle',
          actions: ['decline'],
        },
        'answer.choose': { target: 'choosing', actions: ['startChoosing'] },
        message: { guard: 'mayReask', actions: ['reaskQuestion'] },
        media: { guard: 'mayReask', actions: ['reaskQuestion'] },
        'service.choice': { guard: 'mayReask', actions: ['reaskQuestion'] },
      },
    },
    choosing: {
      on: {
        'answer.yes': [
          {
            guard: onLastCategory,
            target: 'idle',
            actions: [{ type: 'recordCategory', params: { accept: true } }, 'finishChoosing'],
          },
          {
            guard: onCategoryPrompt,
            actions: [{ type: 'recordCategory', params: { accept: true } }, 'askCategory'],
          },
        ],
        'answer.no': [
          {
            guard: onLastCategory,
            target: 'idle',
            actions: [{ type: 'recordCategory', params: { accept: false } }, 'finishChoosing'],
          },
          {
            guard: onCategoryPrompt,
            actions: [{ type: 'recordCategory', params: { accept: false } }, 'askCategory'],
          },
        ],
      },
    },
    confirmingStop: {
      on: {
        'answer.yes': {
          guard: { type: 'promptIs', params: { prompt: 'stop' } },
          target: 'idle',
          actions: ['revokeAll'],
        },
        'answer.no': {
          guard: { type: 'promptIs', params: { prompt: 'stop' } },
          target: 'idle',
          actions: ['sayStopCancelled'],
        },
        // Another ambiguous sentence asks again; anything else drops the confirmation, and
        // the service region answers it: silence is not an opt-out.
        'stop.ambiguous': { actions: ['askStopConfirm'] },
        message: { target: 'idle' },
        media: { target: 'idle' },
        'service.choice': { target: 'idle' },
      },
    },
  },
} as const;

/** The consent states in which a typed yes/no answers the bot rather than the service menu. */
export const AWAITING_ANSWER_STATES = ['asking', 'choosing', 'confirmingStop'] as const;
