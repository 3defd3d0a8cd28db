/**
 * `npm run flows:diagram -- [flows/default.yaml] [--region service|consent] [--svg] [--out file]`:
 * draws a flow as two Mermaid state diagrams, left to right: its service conversation and its
 * consent part. Prints them as Markdown (paste into GitHub, GitLab, Notion, or each block into
 * https://mermaid.live), or one region's Mermaid text; `--svg` draws both into one SVG file
 * (`<flow id>-flow.svg`, or --out) with Mermaid in headless Chromium. Without a file: the
 * default flow (FLOW) of FLOWS_DIR. A flow with problems is not drawn: its problems are listed
 * (file:line:col) and the exit code is 1.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadEnvFile } from '../src/config.js';
import {
  DIAGRAM_TITLES,
  flowDiagrams,
  flowToMarkdown,
  type DiagramRegion,
} from '../src/core/flow/flow-diagram.js';
import { formatFlowIssue } from '../src/errors.js';
import { loadFlowFiles, loadFlowsDir, type LoadFlowsResult } from '../src/flows/index.js';
import { renderMermaidSvg } from './lib/render-mermaid-svg.js';

const USAGE =
  'Usage: npm run flows:diagram -- [flows/default.yaml] [--region service|consent] [--svg] [--out file]';

try {
  loadEnvFile();
  const { values, positionals } = parseArgs({
    options: {
      out: { type: 'string', short: 'o' },
      region: { type: 'string' },
      svg: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  const region = values.region as DiagramRegion | undefined;
  if (values.help) {
    console.log(USAGE);
  } else if (positionals.length > 1) {
    console.error(`Please name one flow file.\n${USAGE}`);
    process.exitCode = 1;
  } else if (region !== undefined && !(region in DIAGRAM_TITLES)) {
    console.error(`--region must be "service" or "consent", not "${region}".\n${USAGE}`);
    process.exitCode = 1;
  } else {
    const defaultFlowId = process.env.FLOW || 'default';
    const loaded: LoadFlowsResult =
      positionals.length === 1
        ? await loadFlowFiles(positionals)
        : await loadFlowsDir(process.env.FLOWS_DIR || 'flows');
    const flow =
      positionals.length === 1
        ? loaded.flows[0]
        : loaded.flows.find((f) => f.definition.id === defaultFlowId);
    const file = positionals[0] ?? `the flow "${defaultFlowId}"`;
    if (loaded.issues.length > 0 || !flow) {
      for (const issue of loaded.issues) console.error(formatFlowIssue(issue));
      console.error(
        loaded.issues.length === 0
          ? `No flow "${defaultFlowId}" (FLOW) was found; name a flow file.\n${USAGE}`
          : `\n${file} has ${loaded.issues.length === 1 ? 'a problem' : `${loaded.issues.length} problems`}, so it was not drawn. Fix the lines above and try again (npm run flows:check shows the same list).`,
      );
      process.exitCode = 1;
    } else {
      const { id } = flow.definition;
      const diagrams = flowDiagrams(flow.definition);
      const regions = region ? [region] : (['service', 'consent'] as const);
      if (values.svg) {
        const out = values.out ?? `${id}-flow.svg`;
        const svg = await renderMermaidSvg(
          regions.map((r) => ({ title: `${id}: ${DIAGRAM_TITLES[r]}`, mermaid: diagrams[r] })),
        );
        await writeFile(out, svg, 'utf8');
        console.log(
          `Wrote the diagram of ${id} to ${out}. Open it in a browser or an image viewer.`,
        );
      } else {
        const text = region ? diagrams[region] : flowToMarkdown(flow.definition);
        if (values.out) {
          await writeFile(values.out, text, 'utf8');
          console.log(
            `Wrote the diagram of ${id} to ${values.out}. Open it in any Markdown viewer that shows Mermaid, or paste a diagram into https://mermaid.live.`,
          );
        } else {
          process.stdout.write(text);
        }
      }
    }
  }
} catch (error) {
  console.error(`flows:diagram failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
