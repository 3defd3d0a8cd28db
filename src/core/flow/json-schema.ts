/**
 * The JSON Schema of flow files, generated from the zod schema. Editors (VS Code with the YAML
 * extension) read `flows/flow.schema.json` to complete fields and underline mistakes as you type.
 */
import { z } from 'zod';
import { flowSchema } from './schema.js';

/**
 * Builds the JSON Schema text written to `flows/flow.schema.json` (2-space indent, final newline).
 * @example await writeFile('flows/flow.schema.json', generateFlowJsonSchema());
 */
export function generateFlowJsonSchema(): string {
  const schema = z.toJSONSchema(flowSchema, { io: 'input', target: 'draft-07' });
  return `${JSON.stringify({ ...schema, $id: 'flow.schema.json' }, null, 2)}\n`;
}
