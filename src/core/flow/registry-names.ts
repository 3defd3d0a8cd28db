/**
 * The closed set of action and guard names a flow file may use. The implementations live in
 * `service-actions.ts` and `registry.ts`; the loader refuses any other name with the file and path.
 */
export const ACTION_NAMES = ['handOverToAgent'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const GUARD_NAMES = ['optedIn', 'notOptedIn'] as const;
export type GuardName = (typeof GUARD_NAMES)[number];
