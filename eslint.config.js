// ESLint (flat config), run by `npm run lint` next to dependency-cruiser's layering rules and
// Prettier's check. TypeScript is linted with type information (typescript-eslint's project
// service: each file is checked against the tsconfig of its environment, as `npm run
// typecheck` does), so rules such as no-floating-promises see real types.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import fileNames from './scripts/eslint-file-names.js';

export default tseslint.config(
  {
    // native/lib/constants.ts is generated (native/scripts/gen-constants.mjs).
    ignores: ['**/node_modules/', '**/dist/', 'native/build/', 'test-results/', '.cache/', 'test/fixtures/', 'native/lib/constants.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The typecheck already reports unused locals and parameters (tsconfig.base.json).
      '@typescript-eslint/no-unused-vars': 'off',
      // Type-only imports stay visibly type-only (verbatimModuleSyntax needs them anyway).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Promise-returning handlers on DOM/Node events are common and deliberate here (their
      // errors are caught inside); what must not happen is a promise nobody awaits.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // Every method of the binding and of the contract returns a promise by design (libvirt
      // calls run off the JS thread), also where a value is at hand and nothing is awaited.
      '@typescript-eslint/require-await': 'off',
      // Callbacks in props and options are declared in method syntax (`onClose(): void`) but are
      // plain functions, never bound to their holder: the rule would report every use of them.
      '@typescript-eslint/unbound-method': 'off',
      // Validating and escaping user input (XML, key files, ISO names) matches control
      // characters on purpose, in many places.
      'no-control-regex': 'off',
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] }],
    },
  },
  {
    // Plain JavaScript (build scripts, configs) sits in no tsconfig: lint it without types.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    // The two rules of hooks. The plugin's React Compiler rules (set-state-in-effect, refs,
    // immutability, ...) judge code by what the compiler can memoize; Virtdeck does not build
    // with the React Compiler, so they are not turned on.
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // A missing dependency is a stale-closure bug, not a style point.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    plugins: { virtdeck: { rules: { 'file-names': fileNames } } },
    rules: { 'virtdeck/file-names': 'error' },
  },
);
