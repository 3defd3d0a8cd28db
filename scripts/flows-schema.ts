/**
 * `npm run flows:schema`: writes `flows/flow.schema.json` from the flow schema, so editors can
 * check flow files as they are typed. A test fails when the file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateFlowJsonSchema } from '../src/core/flow/json-schema.js';

const target = fileURLToPath(new URL('../flows/flow.schema.json', import.meta.url));
await writeFile(target, generateFlowJsonSchema());
console.log(`wrote ${target}`);
