import { vitestConfig } from '@openpayer/vitest-config';

// Browser tests build the UI once, start the real `openpayer serve` once (e2e/global-setup.ts)
// and drive it in Debian's headless Chromium: give them time.
export default vitestConfig({
  include: ['e2e/**/*.test.ts'],
  globalSetup: ['e2e/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 180_000,
});
