import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { bin: 'src/bin.ts', 'settle-worker': 'src/settle/worker.ts' },
  format: 'esm',
  target: 'node20',
  platform: 'node',
  noExternal: [/^@openpayer\//],
  clean: true,
  sourcemap: true,
});
