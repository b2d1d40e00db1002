import { vitestConfig } from '@openpayer/vitest-config';

// Browser tests build the UI and drive it in Debian's headless Chromium: give them time.
export default vitestConfig({
  include: ['e2e/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
