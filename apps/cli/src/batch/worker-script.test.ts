import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  WORKERS_FROM_SOURCE_ENV,
  manifestFile,
  reusedBundle,
  workerScript,
} from './worker-script.ts';

describe('workerScript', () => {
  afterEach(() => {
    Reflect.deleteProperty(process.env, WORKERS_FROM_SOURCE_ENV);
  });

  it('bundles each worker once into the CLI’s cache, as plain JavaScript', () => {
    for (const name of ['settle', 'supervise', 'simulate'] as const) {
      const script = workerScript(name);
      const file = fileURLToPath(script);
      expect(file).toMatch(
        new RegExp(
          `node_modules/\\.cache/openpayer-workers/${name}-worker-[0-9a-f]{16}\\.mjs$`,
          'u',
        ),
      );
      expect(existsSync(file)).toBe(true);
      // No TypeScript loader in it, and the workspace packages bundled in.
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('tsx/esm/api');
      expect(text).toContain('parentPort');
      expect(workerScript(name)).toBe(script);
    }
  });

  it('reuses the bundle while the files it was made from are unchanged, and only then', () => {
    const file = fileURLToPath(workerScript('settle'));
    expect(reusedBundle('settle')).toBe(file);
    const manifest = JSON.parse(readFileSync(manifestFile('settle'), 'utf8')) as {
      bundle: string;
      inputs: Record<string, string>;
    };
    // Every source file, the workspace packages' manifests and the lockfile.
    expect(Object.keys(manifest.inputs)).toEqual(
      expect.arrayContaining([
        'src/settle/worker.ts',
        '../../packages/pricing/src/settlement/settle.ts',
        '../../packages/pricing/package.json',
        '../../pnpm-lock.yaml',
      ]),
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'openpayer-manifest-'));
    try {
      const changed = path.join(dir, 'changed.json');
      const input = 'src/settle/worker.ts';
      writeFileSync(
        changed,
        JSON.stringify({ ...manifest, inputs: { ...manifest.inputs, [input]: '0'.repeat(64) } }),
      );
      expect(reusedBundle('settle', changed)).toBeNull();
      const gone = path.join(dir, 'gone.json');
      writeFileSync(gone, JSON.stringify({ ...manifest, bundle: 'settle-worker-0.mjs' }));
      expect(reusedBundle('settle', gone)).toBeNull();
      expect(reusedBundle('settle', path.join(dir, 'absent.json'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the worker from source when asked to', () => {
    process.env[WORKERS_FROM_SOURCE_ENV] = '1';
    expect(fileURLToPath(workerScript('settle'))).toMatch(/bin\/settle-worker\.mjs$/u);
  });
});
