// ESLint flat config: type-aware typescript-eslint for every workspace, React hooks rules for the client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/dist/', 'coverage/', 'test-artifacts/', 'bench/results/', 'data/', '.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  {
    // v7's flat preset (rules-of-hooks, exhaustive-deps and the React Compiler rules); `configs.recommended` is the legacy eslintrc shape.
    files: ['client/src/**/*.tsx', 'client/src/**/*.ts'],
    extends: [reactHooks.configs.flat.recommended],
    // The app reports what the user cannot see (a failed write, an unregistered service worker) on the console on purpose.
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  {
    // Tests use jest's loosely typed matchers (`expect.any`, `expect.objectContaining`) and read untyped JSON bodies;
    // `expect(mock.method).toHaveBeenCalled()` passes a method without calling it, a known unbound-method false positive.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-console': 'off',
    },
  },
  {
    // Command-line tools (chaos fuzz, benchmark) and test helpers report on the console.
    files: ['testkit/**/*.ts', 'chaos/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
