// The root config lints TypeScript with type information; these plain CommonJS scripts sit
// outside the TypeScript project, so ESLint (which uses the nearest config) lints them here.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';

const node = [
  'require',
  'module',
  '__dirname',
  'process',
  'console',
  'fetch',
  'AbortSignal',
  'performance',
];

export default [
  { ...eslint.configs.recommended, files: ['**/*.js'] },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(node.map((name) => [name, 'readonly'])),
    },
  },
  prettier,
];
