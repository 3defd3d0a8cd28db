import type { ConversationEvent } from '../conversation/events.js';
import type { GuardName } from './registry-names.js';

/**
 * The code behind the guard names a flow file may use (`choices[].guard`). Actions named in
 * flows (`handOverToAgent`) are implemented in `service-actions.ts`. Any other name is refused
 * when the flow is loaded.
 */
export const registryGuards: Record<GuardName, (args: { event: ConversationEvent }) => boolean> = {
  optedIn: ({ event }) => event.facts.consent.status === 'opted_in',
  notOptedIn: ({ event }) => event.facts.consent.status !== 'opted_in',
};
