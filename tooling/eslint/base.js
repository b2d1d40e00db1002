// Shared flat config for every package. Type-aware rules catch the mistakes that matter in a
// money engine: floating promises, accidental `any`, unsafe arithmetic on non-numbers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const ignores = {
  ignores: ['**/dist/**', '**/.turbo/**', '**/node_modules/**', '**/*.config.*'],
};

/**
 * @param {string} tsconfigRootDir the package folder (`import.meta.dirname`)
 * @param {{ projects?: string[] }} [options] tsconfig files to lint with, when the package splits
 *   product code (engine rules, no Node globals) from tests and benchmarks (Node); by default
 *   each file's nearest tsconfig.json.
 */
export default function base(tsconfigRootDir, options = {}) {
  const parserOptions = options.projects
    ? { project: options.projects, tsconfigRootDir }
    : { projectService: true, tsconfigRootDir };
  return tseslint.config(
    ignores,
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: {
        parserOptions,
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': [
          'error',
          { fixStyle: 'inline-type-imports' },
        ],
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
        ],
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
        '@typescript-eslint/no-unnecessary-condition': [
          'error',
          { allowConstantLoopConditions: true },
        ],
        'no-restricted-syntax': [
          'error',
          {
            selector: "CallExpression[callee.object.name='Decimal'][callee.property.name='set']",
            message:
              'Never configure the global Decimal: use the cloned constructor in @openpayer/domain.',
          },
        ],
        eqeqeq: ['error', 'always'],
      },
    },
    {
      files: ['**/*.test.ts', '**/*.test.tsx', '**/__fixtures__/**', '**/bench/**', '**/e2e/**'],
      rules: {
        '@typescript-eslint/no-non-null-assertion': 'off',
      },
    },
  );
}
