/**
 * `npm run flows:diagram -- flows/default.yaml [--out flow.mmd]`: draws a flow as a Mermaid
 * state diagram (paste it into https://mermaid.live or a Markdown ```mermaid block).
 * Prints to the terminal, or writes the file given with --out. A flow with problems is not
 * drawn: its problems are listed (file:line:col) and the exit code is 1.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { flowToMermaid } from '../src/core/flow/flow-diagram.js';
import { formatFlowIssue } from '../src/errors.js';
import { loadFlowFiles } from '../src/flows/index.js';

const USAGE = 'Usage: npm run flows:diagram -- flows/default.yaml [--out diagram.mmd]';

try {
  const { values, positionals } = parseArgs({
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
  } else if (positionals.length !== 1) {
    console.error(`Please name one flow file.\n${USAGE}`);
    process.exitCode = 1;
  } else {
    const file = positionals[0]!;
    const { flows, issues } = await loadFlowFiles([file]);
    const flow = flows[0];
    if (issues.length > 0 || !flow) {
      for (const issue of issues) console.error(formatFlowIssue(issue));
      console.error(
        `\n${file} has ${issues.length === 1 ? 'a problem' : `${issues.length} problems`}, so it was not drawn. Fix the lines above and try again (npm run flows:check shows the same list).`,
      );
      process.exitCode = 1;
    } else {
      const diagram = flowToMermaid(flow.definition);
      if (values.out) {
        await writeFile(values.out, diagram, 'utf8');
        console.log(
          `Wrote the diagram of ${flow.definition.id} to ${values.out}. Open it at https://mermaid.live or in any Markdown viewer that shows Mermaid.`,
        );
      } else {
        process.stdout.write(diagram);
      }
    }
  }
} catch (error) {
  console.error(`flows:diagram failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 1;
}
