// typescript-eslint over every TypeScript project of the repository (root tools, core, platform,
// conformance, bench, soak, infra, lambdas/typescript): `npm run lint`, part of `npm test`, with zero
// warnings. generated/ is never edited by hand, so it is not linted. A suppression carries its
// reason after `--`; an unneeded one is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/cdk.out/**', 'generated/**', 'results/**', 'docs/site/**', '**/.venv*/**', '**/target/**', '**/.tmp-*/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `const { dropped: _dropped, ...kept } = o` and unused leading parameters (Express's error
      // handler must take four) are the idioms for "deliberately unused".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
);
