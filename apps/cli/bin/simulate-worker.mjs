// Runs the TypeScript worker from source (no build): the same loader as bin/openpayer.mjs.
import { register } from 'tsx/esm/api';

register();
await import('../src/simulate/worker.ts');
