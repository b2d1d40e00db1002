import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKERS_FROM_SOURCE_ENV, workerScript } from './worker-script.ts';

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

  it('runs the worker from source when asked to', () => {
    process.env[WORKERS_FROM_SOURCE_ENV] = '1';
    expect(fileURLToPath(workerScript('settle'))).toMatch(/bin\/settle-worker\.mjs$/u);
  });
});
