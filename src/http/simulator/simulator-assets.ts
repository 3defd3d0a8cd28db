import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file the simulator page loads, kept in memory: served as is, no build step. */
export interface StaticAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The page, its stylesheet and script, and mermaid's browser bundle, by URL name. */
export type SimulatorAssets = ReadonlyMap<string, StaticAsset>;

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');

/**
 * Reads the simulator's files once, when the routes are registered: the page's own files from
 * `assets/` beside this module, and mermaid from the installed package (the machine may be
 * offline, so nothing comes from a CDN).
 */
export function loadSimulatorAssets(): SimulatorAssets {
  const mermaidDir = join(
    dirname(createRequire(import.meta.url).resolve('mermaid/package.json')),
    'dist',
  );
  const read = (dir: string, file: string, contentType: string): [string, StaticAsset] => [
    file,
    { body: readFileSync(join(dir, file)), contentType },
  ];
  return new Map([
    read(ASSETS_DIR, 'simulator.html', 'text/html; charset=utf-8'),
    read(ASSETS_DIR, 'simulator.css', 'text/css; charset=utf-8'),
    read(ASSETS_DIR, 'simulator.js', 'text/javascript; charset=utf-8'),
    read(mermaidDir, 'mermaid.min.js', 'text/javascript; charset=utf-8'),
  ]);
}
