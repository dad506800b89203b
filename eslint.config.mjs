// One lint configuration for the repository: `npm run lint` (and CI) runs it with --max-warnings 0.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';
import tseslint from 'typescript-eslint';

const typeScriptFiles = ['**/*.ts', '**/*.tsx', '**/*.mts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.cache/**',
      'data/**',
      'coverage/**',
      '.nx/**',
      'apps/hub/src/generated/**',
      'apps/wordpress-plugin/tagphoto/build/**',
      'apps/wordpress-plugin/.staging-*/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  // Plain JavaScript: build tools and scripts are CommonJS on Node unless their extension says ESM.
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module', globals: { ...globals.node } } },
  // Browser scripts shipped as they are: the WordPress plugin's admin and editor scripts, the Shopify app's page.
  {
    files: ['apps/shopify-app/web/**/*.js', 'tests/shopify/stand-ins/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['apps/wordpress-plugin/tagphoto/src/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  // TypeScript, checked with type information from the project that compiles each file.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: typeScriptFiles })),
  {
    files: typeScriptFiles,
    languageOptions: {
      parserOptions: {
        project: [
          './apps/hub/dashboard/tsconfig.json',
          './apps/figma-plugin/tsconfig.json',
          './apps/figma-plugin/tsconfig.ui.json',
          './tsconfig.eslint.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-use-before-define': 'off',
      '@typescript-eslint/no-use-before-define': ['error', { functions: false, classes: false, typedefs: false }],
      eqeqeq: ['error', 'smart'],
      // A timer declared before the callback that clears it is assigned once, after that callback exists.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Async methods that implement a Promise-returning interface stay async so a throw becomes a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Vite's config is compiled by Vite itself, outside every tsconfig: syntax rules only.
  { files: ['**/*.mts'], ...tseslint.configs.disableTypeChecked },
  // Tests read untyped bodies (supertest's `body` is `any`, JSON fixtures) and pass jest mocks' methods around.
  {
    files: ['tests/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // Specs load the repository's plain-JavaScript tools, which ship no ES module interface.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  { files: ['tests/**/*.js'], languageOptions: { globals: { ...globals.jest } } },
  // The dashboard is React: the rules of hooks hold everywhere in it.
  {
    files: ['apps/hub/dashboard/src/**/*.tsx', 'apps/hub/dashboard/src/**/*.ts'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  // Every text a person reads in the dashboard comes from the translations (src/i18n), none is written in the JSX.
  {
    files: ['apps/hub/dashboard/src/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        // Punctuation, codes in capitals and product names are the same in every language.
        { mode: 'jsx-text-only', words: { exclude: ['[0-9!-/:-@[-`{-~]+', '[A-Z_-]+', 'TagPhoto', 'Figma'] } },
      ],
    },
  },
  // Layout is Prettier's job; this turns off every rule that would argue with it.
  prettier,
);
