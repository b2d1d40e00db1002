import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, type Metafile, buildSync, version } from 'esbuild';
import { CLI_ROOT, WORKER_BUNDLES, cacheArea, cachedFile, workerBundleName } from './cache.ts';

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

/** The cache area (cache.ts) of the bundles' manifests. */
const MANIFESTS = 'openpayer-worker-manifests';

/** How every worker is bundled (the entry point aside): part of the manifest's name. */
const BUILD_OPTIONS = {
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
} as const satisfies BuildOptions;

/**
 * The script a batch worker runs. The worker's TypeScript (src/<name>/worker.ts and all it
 * imports) is bundled by esbuild into one ES module and kept in the CLI's cache (cache.ts, area
 * openpayer-workers) by the digest of its text. A worker then starts without tsx — no loader
 * thread and no transpiling of its own, about 50 MB of memory and most of a second of CPU less
 * per worker. Beside the bundle a manifest lists what it was made from (every input file's
 * digest, and the package manifests and lockfile that decide how imports resolve): while they are
 * unchanged the bundle is reused without running esbuild again (some 0.45 s of start-up a
 * command).
 * Should bundling fail (no esbuild binary for the platform, a read-only install), or with
 * OPENPAYER_WORKERS_FROM_SOURCE=1, the worker runs from source through tsx
 * (bin/<name>-worker.mjs), as the command itself does.
 */
export function workerScript(name: WorkerName): URL {
  const fromSource = FROM_SOURCE[name];
  if (process.env[WORKERS_FROM_SOURCE_ENV] === '1') return fromSource;
  const known = built.get(name);
  if (known !== undefined) return known;
  let script = fromSource;
  try {
    script = pathToFileURL(reusedBundle(name) ?? bundle(name));
  } catch {
    // Bundling is an optimisation: the sources through tsx run the same worker.
  }
  built.set(name, script);
  return script;
}

/** What a bundle was made from: its file, and each input's digest by path (from CLI_ROOT). */
interface Manifest {
  readonly bundle: string;
  readonly inputs: Readonly<Record<string, string>>;
}

const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

/** The manifest's file: one per worker, esbuild version and build options. */
export function manifestFile(name: WorkerName): string {
  const options = sha256(JSON.stringify({ version, BUILD_OPTIONS })).slice(0, 16);
  return path.join(cacheArea(MANIFESTS), `${name}-worker-${options}.json`);
}

/** The cached bundle, when its manifest says it was made from the files as they are now. */
export function reusedBundle(name: WorkerName, from = manifestFile(name)): string | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(from, 'utf8')) as Manifest;
  } catch {
    return null;
  }
  if (typeof manifest.bundle !== 'string' || typeof manifest.inputs !== 'object') return null;
  for (const [input, digest] of Object.entries(manifest.inputs)) {
    try {
      if (sha256(readFileSync(path.resolve(CLI_ROOT, input))) !== digest) return null;
    } catch {
      return null;
    }
  }
  const file = path.join(cacheArea(WORKER_BUNDLES), path.basename(manifest.bundle));
  try {
    // Marked used, as cachedFile does, so that pruning keeps it.
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    return null;
  }
  return file;
}

/** Bundles the worker into the cache and writes its manifest. */
function bundle(name: WorkerName): string {
  const result = buildSync({
    ...BUILD_OPTIONS,
    entryPoints: [path.join('src', name, 'worker.ts')],
    absWorkingDir: CLI_ROOT,
    metafile: true,
  });
  const text = result.outputFiles[0]?.contents;
  if (text === undefined) throw new Error(`esbuild wrote no bundle for the ${name} worker`);
  const file = cachedFile(WORKER_BUNDLES, workerBundleName(name, sha256(text)), () => text);
  const inputs: Record<string, string> = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...resolutionFiles(result)]) {
    inputs[input] = sha256(readFileSync(path.resolve(CLI_ROOT, input)));
  }
  const manifest: Manifest = { bundle: path.basename(file), inputs };
  const target = manifestFile(name);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${String(process.pid)}.partial`;
  writeFileSync(partial, JSON.stringify(manifest));
  renameSync(partial, target);
  return file;
}

/**
 * Files that decide how the inputs' imports resolve without being inputs themselves: the
 * workspace lockfile and the package.json of every workspace package the bundle reads from.
 */
function resolutionFiles(result: { readonly metafile: Metafile }): string[] {
  const files = new Set<string>();
  const lockfile = path.join('..', '..', 'pnpm-lock.yaml');
  if (existsSync(path.resolve(CLI_ROOT, lockfile))) files.add(lockfile);
  files.add('package.json');
  for (const input of Object.keys(result.metafile.inputs)) {
    const workspace = /^\.\.\/\.\.\/(?:packages|apps)\/[^/]+\//u.exec(input)?.[0];
    if (workspace !== undefined) files.add(`${workspace}package.json`);
  }
  return [...files];
}
