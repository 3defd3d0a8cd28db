/**
 * The turn counter of every compiled flow: a third region that counts the customer's messages
 * (`FlowContext.turns`), for the re-ask gap (`consent.reaskAfterMessages`). It is last in the
 * machine, so the other regions read the count of the messages BEFORE this one, and an ask
 * records that index. The bot's own greeting after a hand-over is no customer message.
 */
export const turnsRegion = {
  initial: 'counting',
  states: {
    counting: {
      on: {
        'handover.ended': {},
        '*': { actions: ['countTurn'] },
      },
    },
  },
} as const;
