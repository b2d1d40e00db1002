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
      // Timeouts catch a hang, they do not measure speed (benchmarks do): a test that takes 5 s on
      // a quiet machine took over 20 s while the 2-core host was busy, and failed CI.
      testTimeout: 120_000,
      hookTimeout: 180_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.cache/vitest-report.json' },
      ...test,
    },
  });
}
