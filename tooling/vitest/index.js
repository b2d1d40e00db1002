// Shared vitest preset: tests sit beside the code as `x.test.ts`; no test may be skipped,
// focused or left empty (CI fails on any of them).
import { defineConfig } from 'vitest/config';

/** @param {import('vitest/config').ViteUserConfig['test']} [test] */
export function vitestConfig(test = {}) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
      passWithNoTests: false,
      allowOnly: false,
      testTimeout: 20_000,
      ...test,
    },
  });
}
