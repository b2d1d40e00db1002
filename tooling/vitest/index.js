// Shared vitest preset: tests sit beside the code as `x.test.ts`; no test may be skipped,
// focused or left empty. Each package also writes a JSON report to .cache/vitest-report.json,
// which `npm test` sums into one closing line.
import { defineConfig } from 'vitest/config';

/** @param {import('vitest/config').ViteUserConfig['test']} [test] */
export function vitestConfig(test = {}) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
      passWithNoTests: false,
      allowOnly: false,
      testTimeout: 20_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.cache/vitest-report.json' },
      ...test,
    },
  });
}
