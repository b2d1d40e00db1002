import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files the CLI derives from its own sources and inputs to start batch workers faster (worker
 * bundles, imported catalogs), kept under its node_modules/.cache/<area>: there the workspace
 * packages resolve as they do from the CLI. A file's name holds the digest of everything it was
 * made from, so an entry is never stale, only unused; each area keeps its `KEPT` most recently
 * used entries and drops the rest when it writes a new one.
 */

export const CLI_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The cache area of the batch workers' bundles (worker-script.ts). */
export const WORKER_BUNDLES = 'openpayer-workers';

/** A worker bundle's file name: the worker, and the digest (hex) of the bundle's text. */
export function workerBundleName(worker: string, digest: string): string {
  return `${worker}-worker-${digest.slice(0, 16)}.mjs`;
}

const HERE = fileURLToPath(import.meta.url);

/**
 * The worker bundle this code runs from, by its name without `.mjs` (the name holds the
 * bundle's digest); undefined when it runs from source.
 */
export const RUNNING_BUNDLE: string | undefined =
  path.basename(path.dirname(HERE)) === WORKER_BUNDLES &&
  /^[a-z]+-worker-[0-9a-f]{16}\.mjs$/u.test(path.basename(HERE))
    ? path.basename(HERE, '.mjs')
    : undefined;

/**
 * The CLI's node_modules/.cache: found from its sources, or — when this code runs in a worker
 * bundle, which is kept in an area of the cache itself — from the bundle's place.
 */
const CACHE_ROOT =
  RUNNING_BUNDLE === undefined
    ? path.join(CLI_ROOT, 'node_modules', '.cache')
    : path.dirname(path.dirname(HERE));

/** The directory of the cache area `area`. */
export function cacheArea(area: string): string {
  return path.join(CACHE_ROOT, area);
}

/** Entries kept per area: a few versions of the sources side by side (branches, bisecting). */
export const KEPT = 12;

/**
 * The path of the cached file `name` in `area`, made by `make` when it is not there yet. Written
 * whole, then renamed: a process reading the cache never sees half a file. Throws what the file
 * system throws (a read-only install): callers fall back to working without the cache.
 */
export function cachedFile(area: string, name: string, make: () => string | Uint8Array): string {
  const dir = cacheArea(area);
  const file = path.join(dir, name);
  if (existsSync(file)) {
    const now = new Date();
    utimesSync(file, now, now);
    return file;
  }
  const content = make();
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.${String(process.pid)}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, file);
  prune(dir);
  return file;
}

/** Drops all but the KEPT most recently used entries (a file another process removes is skipped). */
function prune(dir: string): void {
  const entries: { file: string; used: number }[] = [];
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.partial')) continue;
    const file = path.join(dir, name);
    try {
      entries.push({ file, used: statSync(file).mtimeMs });
    } catch {
      // Pruned by another process meanwhile.
    }
  }
  entries.sort((a, b) => b.used - a.used);
  for (const { file } of entries.slice(KEPT)) {
    try {
      unlinkSync(file);
    } catch {
      // Pruned by another process meanwhile.
    }
  }
}
