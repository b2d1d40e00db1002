import base from '@openpayer/eslint-config/base';

// Persistence is Node code (database drivers); one tsconfig covers it and its tests.
export default base(import.meta.dirname, { projects: ['./tsconfig.json'] });
