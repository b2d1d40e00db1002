import base from '@openpayer/eslint-config/base';

// bin/openpayer.mjs is a five-line plain-JS launcher outside the TypeScript project.
export default [{ ignores: ['bin/**'] }, ...base(import.meta.dirname)];
