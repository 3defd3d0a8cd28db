/**
 * `npm run flows:check [files…]`: checks flow files (default: every flow in FLOWS_DIR, set in the
 * environment or `.env`, or `flows/`) and prints each problem as
 * `file:line:col  path: what is wrong  (how to fix it)`, in file and line order, then the
 * warnings (`file:line:col  warning: …`: the flow loads, but something is likely amiss). Exits
 * with 1 when any problem is found (warnings alone: 0), so CI and editors can rely on it.
 * The check itself is `runFlowsCheck` (flows-check-run.ts); this file is its process.
 */
import { loadEnvFile } from '../src/config.js';
import { runFlowsCheck } from './flows-check-run.js';

const io = {
  env: process.env,
  out: (line: string) => console.log(line),
  err: (line: string) => console.error(line),
};
try {
  loadEnvFile();
  process.exitCode = await runFlowsCheck(process.argv.slice(2), io);
} catch (error) {
  // An unreadable .env: one line, no stack trace, as for a failure of the checker.
  io.err(`flows:check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
