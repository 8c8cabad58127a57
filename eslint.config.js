import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/', 'web/dist/', 'data/', 'node_modules/', '.tmp/', 'web/src/api.gen.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests index into fixtures they just built; a failed `!` throws, which fails the test as it should.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The domain layer stays free of I/O and of the other layers (docs/architecture.md).
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**', '**/store/**', '**/http/**', '**/seed/**'],
              message: 'domain imports nothing of the other layers',
            },
            {
              group: ['node:*', 'fs', 'pg', '@electric-sql/*', 'fastify'],
              message: 'domain code is free of I/O',
            },
          ],
        },
      ],
    },
  },
  {
    // Contracts describe the API: zod and the domain's types, nothing that runs.
    files: ['src/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|\\.)', message: 'contracts import only zod and the domain' },
            {
              group: [
                '**/app/**',
                '**/store/**',
                '**/http/**',
                '**/seed/**',
                '**/integrations/**',
                '**/jobs/**',
              ],
              message: 'contracts import only zod and the domain',
            },
          ],
        },
      ],
    },
  },
  {
    // Connectors talk to other systems; the use cases call them, never the other way round.
    files: ['src/integrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./\\.\\./(app|http)/', message: 'integrations do not import app or http' },
          ],
        },
      ],
    },
  },
  {
    // The web app shares the API's contracts and the pure domain, nothing of the server.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src/app/**',
                '**/src/store/**',
                '**/src/http/**',
                '**/src/integrations/**',
                '**/src/seed/**',
                '**/src/jobs/**',
                '**/src/cli*',
                '**/src/config*',
              ],
              message: 'web imports only src/contracts and src/domain',
            },
          ],
        },
      ],
    },
  },
);
