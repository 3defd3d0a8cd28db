/**
 * Pure functions of a text, remembered for the last texts they were given. Reading one message
 * asks for the words of the same few texts (the message, its clauses) fifty times over: about 4
 * distinct texts a message of the 54 asked for.
 */

/** How many texts are remembered; past it, the memory starts over (a message is a few texts). */
const KEEP = 256;

/**
 * `read`, remembering its result for each text. Its results must not be changed by the caller
 * (they are shared): return strings or frozen arrays.
 * @example const wordsOf = rememberedByText((text) => Object.freeze(text.split(' ')));
 */
export function rememberedByText<V>(read: (text: string) => V): (text: string) => V {
  const known = new Map<string, V>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      if (known.size >= KEEP) known.clear();
      value = read(text);
      known.set(text, value);
    }
    return value;
  };
}

/**
 * `read` of an owner (a flow's keyword index) and a text, remembering its result for each text
 * of each owner, as {@link rememberedByText} does.
 */
export function rememberedByOwnerAndText<O extends object, V>(
  read: (owner: O, text: string) => V,
): (owner: O, text: string) => V {
  const byOwner = new WeakMap<O, (text: string) => V>();
  return (owner, text) => {
    let readOwn = byOwner.get(owner);
    if (!readOwn) byOwner.set(owner, (readOwn = rememberedByText((said) => read(owner, said))));
    return readOwn(text);
  };
}
