import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { boundariesConfig } from './eslint.boundaries.js'

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.crossdock/', 'coverage/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['bin/**/*.js', 'src/server/ui/assets/**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        document: 'readonly',
        window: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  await boundariesConfig(),
)
