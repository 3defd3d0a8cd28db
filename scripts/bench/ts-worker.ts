import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running a TypeScript module of the benchmark. tsx does not load
 * TypeScript in workers by itself on every Node version, so the worker imports it first.
 */
export function startTsWorker(entry: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(code, { eval: true, workerData });
}
