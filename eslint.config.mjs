// Flat config shared by every workspace (each runs `eslint src test` from its own folder).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/cdktf.out/**', '**/node_modules/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Deep imports keep synth fast: the provider barrel loads ~400 MB of bindings.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@cdktf/provider-aws', message: 'Import from @cdktf/provider-aws/lib/<resource> instead of the barrel.' },
            { name: '@cdktf/provider-null', message: 'Import from @cdktf/provider-null/lib/<resource> instead of the barrel.' },
          ],
        },
      ],
    },
  },
  {
    // Tests walk synthesized Terraform JSON, which has no static type.
    files: ['**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
