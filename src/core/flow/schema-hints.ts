/**
 * Turns a zod issue of the flow schema into words for the business editor: the hint says how
 * to fix it, using the field's description, the allowed values or a spelling suggestion.
 */
import { z } from 'zod';
import { flowSchema } from './schema.js';
import type { FlowPath } from './flow-path.js';

/** The schema a path leads to, with the description found on the way in (wrappers unwrapped). */
function schemaAt(path: FlowPath): { schema: z.ZodType | undefined; description?: string } {
  let schema: z.ZodType | undefined = flowSchema;
  let description: string | undefined;
  const unwrap = (): void => {
    while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
      description ??= schema.description;
      schema = schema.unwrap() as z.ZodType;
    }
    description ??= schema?.description;
  };
  for (const segment of path) {
    unwrap();
    description = undefined;
    if (schema instanceof z.ZodObject)
      schema = (schema.shape as Record<string, z.ZodType>)[segment];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else schema = undefined;
  }
  unwrap();
  return description === undefined ? { schema } : { schema, description };
}

/** The hint for a field that is missing. */
export function missingFieldHint(path: FlowPath): string {
  const key = String(path[path.length - 1] ?? '');
  const { description } = schemaAt(path);
  return `add "${key}:" here${description ? ` — ${description}` : ''}`;
}

/** The hint for a value that has the wrong type or form: what the field is for. */
export function fieldHint(path: FlowPath): string | undefined {
  return schemaAt(path).description;
}

/** The hint for an unknown field: the closest allowed name, else the allowed names. */
export function unknownFieldHint(objectPath: FlowPath, key: string): string {
  const { schema } = schemaAt(objectPath);
  const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const closest = allowed
    .map((name) => ({ name, distance: editDistance(key.toLowerCase(), name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)[0];
  if (closest && closest.distance <= Math.max(1, Math.floor(closest.name.length / 3))) {
    return `did you mean "${closest.name}"? Check the spelling`;
  }
  return allowed.length > 0
    ? `remove it or correct the spelling; the fields allowed here are ${allowed.join(', ')}`
    : 'remove it or correct the spelling';
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
