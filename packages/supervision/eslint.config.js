import base from '@openpayer/eslint-config/base';

// Product code is linted with the engine tsconfig (no Node globals); tests and benchmarks with
// the Node one that also covers them.
export default base(import.meta.dirname, { projects: ['./tsconfig.json', './tsconfig.test.json'] });
