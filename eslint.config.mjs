// Lint for moult's own sources (issue 20): ESLint's recommended rules and typescript-eslint's
// recommended set (syntax only: the type-aware set would double `npm test`'s build time, and
// `tsc --strict` already checks types). Run by test/architecture/lint.test.mjs, and by hand with
// `npx eslint .`. Rules turned off below say why; everything else is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // test/corpus holds third-party and generated code on purpose (the rewrite's corpus and fuzz seeds).
  { ignores: ['dist/**', '**/node_modules/**', 'bench/results/**', '**/fixtures/**', 'test/corpus/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `catch { /* why */ }` and `() => {}` callbacks are deliberate: every empty block says why.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Unused names starting with _ are kept on purpose (a handler's signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // The runtime reaches V8 and Node internals (inspector scopes, Module._compile) whose shapes no
      // type describes; `any` stays inside those files, never at a module boundary (checked by review).
      '@typescript-eslint/no-explicit-any': 'off',
      // The runtime's generated code and the preload need `require` at run time, by design.
      '@typescript-eslint/no-require-imports': 'off',
      // A DSU runtime handles the app's functions, whatever their signature: `Function` is the honest
      // type for "a function of the app" (redefineFunction, slots, LiveEdit targets).
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // Control characters in patterns are deliberate: they are what log and terminal sanitising removes.
      'no-control-regex': 'off',
      // `let x = fallback; try { x = read() } catch { … }` reads best as written, and `big = null`
      // lets a benchmark's memory go between rounds: neither is a bug.
      'no-useless-assignment': 'off',
    },
  },
);
