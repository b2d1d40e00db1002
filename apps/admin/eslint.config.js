import react from '@openpayer/eslint-config/react';

export default react(import.meta.dirname, {
  projects: ['./tsconfig.json', './tsconfig.node.json'],
});
