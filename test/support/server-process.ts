import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { programArgs, ROOT } from './program.js';

/**
 * Starts the real server process (`src/main.ts`) as production runs it: Node itself on the
 * build (`npm run start:prod`; no parent process between, so signals reach the server), on
 * 127.0.0.1 with a port of its own, the shipped flows, test secrets and a Cloud API nobody
 * answers, plus `env`. `cwd` should be a directory without `.env`: only this environment counts.
 */
export function spawnServer(
  cwd: string,
  env: Record<string, string>,
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, programArgs('src/main.ts'), {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      FLOWS_DIR: join(ROOT, 'flows'),
      WHATSAPP_APP_SECRET: 'process-test-app-secret',
      WHATSAPP_VERIFY_TOKEN: 'process-test-verify-token',
      WHATSAPP_ACCESS_TOKEN: 'process-test-access-token',
      WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9/v23.0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
