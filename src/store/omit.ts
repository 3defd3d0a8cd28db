/** A shallow copy of `value` without `keys`: for mapping stored documents to port types. */
export function omit<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): Omit<T, K> {
  // Built key by key rather than spread and `delete`d: a deleted key slows every later read.
  const copy: Record<PropertyKey, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!(keys as readonly PropertyKey[]).includes(key)) copy[key] = value[key as keyof T];
  }
  return copy as Omit<T, K>;
}
