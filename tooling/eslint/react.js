import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import base from './base.js';

/**
 * @param {string} tsconfigRootDir
 * @param {{ projects?: string[] }} [options] see base.js
 */
export default function react(tsconfigRootDir, options = {}) {
  return [
    ...base(tsconfigRootDir, options),
    {
      files: ['**/*.tsx', '**/*.ts'],
      plugins: { 'react-hooks': reactHooks },
      languageOptions: { globals: globals.browser },
      rules: {
        'react-hooks/rules-of-hooks': 'error',
        'react-hooks/exhaustive-deps': 'error',
      },
    },
  ];
}
