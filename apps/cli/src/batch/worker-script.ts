import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { CLI_ROOT, cachedFile } from './cache.ts';

/** The batch commands that run workers. */
export type WorkerName = 'settle' | 'supervise' | 'simulate';

/** Set to 1 to run the workers from source through tsx (no bundle), e.g. to debug one. */
export const WORKERS_FROM_SOURCE_ENV = 'OPENPAYER_WORKERS_FROM_SOURCE';

/** Each worker from source, through tsx (as bin/openpayer.mjs runs the command). */
const FROM_SOURCE: Readonly<Record<WorkerName, URL>> = {
  settle: new URL('../../bin/settle-worker.mjs', import.meta.url),
  supervise: new URL('../../bin/supervise-worker.mjs', import.meta.url),
  simulate: new URL('../../bin/simulate-worker.mjs', import.meta.url),
};
const built = new Map<WorkerName, URL>();

/**
 * The script a batch worker runs. The worker's TypeScript (src/<name>/worker.ts and all it
 * imports) is bundled by esbuild into one ES module, once per process, and kept in the CLI's
 * cache (cache.ts, area openpayer-workers) by the digest of its text. A worker then starts without
 * tsx — no loader thread and no transpiling of its own, about 50 MB of memory and most of a
 * second of CPU less per worker. Should bundling fail (no esbuild binary for the platform, a
 * read-only install), or with OPENPAYER_WORKERS_FROM_SOURCE=1, the worker runs from source
 * through tsx (bin/<name>-worker.mjs), as the command itself does.
 */
export function workerScript(name: WorkerName): URL {
  const fromSource = FROM_SOURCE[name];
  if (process.env[WORKERS_FROM_SOURCE_ENV] === '1') return fromSource;
  const known = built.get(name);
  if (known !== undefined) return known;
  let script = fromSource;
  try {
    const result = buildSync({
      entryPoints: [path.join(CLI_ROOT, 'src', name, 'worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // A CommonJS dependency bundled into the module finds `require` here.
      banner: {
        js: "import { createRequire as __openpayerCreateRequire } from 'node:module'; const require = __openpayerCreateRequire(import.meta.url);",
      },
    });
    const text = result.outputFiles[0]?.contents;
    if (text !== undefined) {
      const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
      script = pathToFileURL(
        cachedFile('openpayer-workers', `${name}-worker-${digest}.mjs`, () => text),
      );
    }
  } catch {
    // Bundling is an optimisation: the sources through tsx run the same worker.
  }
  built.set(name, script);
  return script;
}
