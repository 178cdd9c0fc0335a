// Lint rules, including the boundaries docs/architecture.md describes: shared/ imports nothing from
// the app, client/ never imports server/, no feature imports another's transport code (its routes
// or socket handlers), and no module imports itself back through others (import cycles).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const appFolders = (...folders) =>
  folders.flatMap((folder) => [`**/${folder}/**`, `../${folder}/*`, `../../${folder}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // A module never imports itself back through others (type-only imports aside).
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      // Imported modules are read with the TypeScript parser, so the cycle check sees their imports.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: appFolders('server', 'client', 'scripts', 'loadtest'),
              message: 'shared/ imports nothing from the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: appFolders('server', 'scripts', 'loadtest'),
              message: 'client/ never imports server code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/*/**/*.ts'],
    ignores: ['server/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./[^/]+/[^/]+\.(routes|handlers)$`,
              message:
                "A feature never imports another feature's transport code: depend on its service, or on a guard in server/guards/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/*/*.routes.ts', 'server/*/*.handlers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.{1,2}/([^/]+/)?[^/]+\.(routes|handlers)$`,
              message: 'HTTP routes and socket handlers share through the service or a module beside them.',
            },
          ],
        },
      ],
    },
  },
  {
    // The rules of hooks, and the React Compiler's checks of what components and hooks may do
    // (recommended set). Every rule is an error: lint allows no warnings, and a missed dependency
    // is a stale-closure bug, not a matter of style.
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...Object.fromEntries(
        Object.keys(reactHooks.configs.flat.recommended.rules).map((rule) => [rule, 'error']),
      ),
      // useAsync(load, deps) takes its deps as useEffect does: check them at every call.
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useAsync$' }],
    },
  },
  {
    // Command-line tools print to the terminal by design.
    files: ['scripts/**/*.ts', 'loadtest/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
