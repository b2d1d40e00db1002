#!/usr/bin/env node
// The `openpayer` command. Uses the build in dist/ when there is one; otherwise runs the
// TypeScript sources through tsx, so the command works straight after `pnpm install`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
if (existsSync(built)) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/bin.ts');
}
