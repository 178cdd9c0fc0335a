// Lint rules, including the folder boundaries of DESIGN.md section 6:
// shared/ imports nothing from the app, client/ never imports server/.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
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
    // Command-line tools print to the terminal by design.
    files: ['scripts/**/*.ts', 'loadtest/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
