import { defineConfig } from 'tsup';

// The engine packages are just-in-time TypeScript: bundle them into the API's build.
export default defineConfig({
  entry: ['src/main.ts', 'src/app.ts', 'src/server.ts'],
  format: 'esm',
  target: 'node20',
  platform: 'node',
  noExternal: [/^@openpayer\//],
  clean: true,
  sourcemap: true,
});
