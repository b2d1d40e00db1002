#!/usr/bin/env node
// The `openpayer` command: the TypeScript sources run through tsx's loader (a dependency), so the
// command works straight after `pnpm install`. (A bundled build was dropped: bundling the
// embedded database's WebAssembly and CommonJS drivers into ESM broke them at run time.)
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
