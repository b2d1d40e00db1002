import { vitestConfig } from '@openpayer/vitest-config';

// Two projects: the pure modules' unit tests (src/**, no server), and the browser tests, which
// build the UI once, start the real `openpayer serve` once (e2e/global-setup.ts) and drive it in
// Debian's headless Chromium: give them time.
export default vitestConfig({
  projects: [
    { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
    {
      extends: true,
      test: {
        name: 'browser',
        include: ['e2e/**/*.test.ts'],
        globalSetup: ['e2e/global-setup.ts'],
        testTimeout: 60_000,
        hookTimeout: 180_000,
      },
    },
  ],
});
