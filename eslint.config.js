// @ts-check
/**
 * Lint rules that check themselves (`npm run lint`, part of `npm test`; test/unit/lint-rules.test.ts
 * proves a broken rule fails). Three kinds:
 *  1. typescript-eslint, type-aware, for bugs the compiler lets through (floating promises,
 *     promises passed where a void callback is expected, awaiting non-promises, `any`).
 *  2. The folder rules of ARCHITECTURE.md ("a file's folder tells what it may touch"), as
 *     `no-restricted-imports` patterns anchored to the file's depth, so `server/overlay/` (the
 *     overlay reducer, a server module) is not mistaken for the top-level `overlay/`.
 *  3. No HTML sinks in overlay/: chat text is data, set with textContent.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Top-level folders and what each may not import (ARCHITECTURE.md, "Top-level layout"). */
const FORBIDDEN = {
  filters: { folders: ['insights', 'server', 'overlay', 'test', 'scripts', 'bench'], why: 'filters/ is pure moderation: it imports config/ only (insights build on filters, not the other way)' },
  insights: { folders: ['server', 'overlay', 'test', 'scripts', 'bench'], why: 'insights/ is pure: it imports filters/ and config/ only' },
  server: { folders: ['overlay', 'test', 'scripts', 'bench'], why: 'server/ may import filters/, insights/ and config/ only' },
  config: { folders: ['server', 'filters', 'insights', 'overlay', 'test', 'scripts', 'bench'], why: 'config/ imports zod and other config files only' },
  overlay: { folders: ['server', 'filters', 'insights', 'test', 'scripts', 'bench'], why: 'overlay/ imports the shared protocol types only' },
  scripts: { folders: ['overlay'], why: 'scripts/ may import anything except overlay/' },
  bench: { folders: ['overlay'], why: 'bench/ may import anything except overlay/' },
};

/** The config files overlay/ may import, as types only: a value import would pull zod into the page bundle. */
const SHARED_CONFIG = ['protocol', 'views', 'chat', 'filters-config', 'review', 'i18n'];
/** Zod-free config files (plain constants and functions) overlay/ may import as values; they import no zod themselves. */
const PLAIN_CONFIG = ['levels', 'permissions', 'status-text', 'labels'];

/** `../` repeated so that a relative import from a file `depth` folders down reaches the project root. */
const up = (depth) => '\\.\\./'.repeat(depth);

/**
 * One flat-config block per folder and depth (folder/x.ts is depth 1, folder/a/x.ts depth 2, ...):
 * each pattern is a regex on the import specifier, anchored at the root, so it means exactly
 * "the top-level folder X". Imports that go up past the root or down into the own folder are not
 * affected.
 */
function folderRules() {
  const blocks = [];
  for (const [folder, { folders, why }] of Object.entries(FORBIDDEN)) {
    for (let depth = 1; depth <= 4; depth++) {
      const files = [`${folder}/${'*/'.repeat(depth - 1)}*.ts`];
      const root = `^${up(depth)}`;
      /** @type {Array<Record<string, unknown>>} */
      const patterns = [{ regex: `${root}(${folders.join('|')})(/|$)`, message: why + '.' }];
      /** @type {Array<Record<string, unknown>>} */
      const paths = [];
      if (folder === 'config') {
        patterns.push({ regex: '^(?!zod$|\\.)', message: 'config/ imports zod and other config files only.' });
      }
      if (folder === 'overlay') {
        const shared = SHARED_CONFIG.join('|');
        patterns.push(
          { regex: `${root}config/(?!(${shared}|${PLAIN_CONFIG.join('|')})\\.js$)`, message: `overlay/ may import only the shared protocol types (config/{${SHARED_CONFIG.join(',')}}.ts) and the zod-free config/{${PLAIN_CONFIG.join(',')}}.ts.` },
          { regex: `${root}config/(${shared})\\.js$`, allowTypeImports: true, message: 'overlay/ imports the protocol as types only (`import type`): a value import pulls zod into the page bundle.' },
          { regex: '^(?!\\.)', allowTypeImports: true, message: 'overlay/ pages import no packages at run time (the OBS bundle stays small and zod-free).' },
        );
      }
      blocks.push({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
    }
  }
  return blocks;
}

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-artifacts/', 'coverage/', 'demo/', 'docs/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // `import('./x.js').T` in a type position is erased too; config/views.ts uses it to name types of modules that import it.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // `!!x` is the one idiom kept; `+x`, `'' + x` and `~s.indexOf()` are flagged.
      'no-implicit-coercion': ['error', { allow: ['!!'] }],
      // An async function without await still returns a promise on purpose (an interface's signature, a later await).
      '@typescript-eslint/require-await': 'off',
      // The "[object Object]" bug in templates is caught by restrict-template-expressions; String(x) here is
      // deliberate stringification of external data (ws frames, OBS JSON values, config values being echoed).
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Tests read untyped JSON replies (`await res.json()`) and poke at internals; `any` there is allowed.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  folderRules(),
  {
    // The console imports these as values: they stay zod-free (other config files only as types).
    files: PLAIN_CONFIG.map((f) => `config/${f}.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'a zod-free config file imports no packages.' }, { regex: '^\\./', allowTypeImports: true, message: 'a zod-free config file imports other config files as types only (they pull zod).' }] },
      ],
    },
  },
  {
    // Chat text is data: build elements and set textContent (STYLE.md, anti-patterns).
    files: ['overlay/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'createContextualFragment', 'srcdoc'].map((property) => ({
          property,
          message: 'Chat text is data: build elements and set textContent, never HTML.',
        })),
        { object: 'document', property: 'write', message: 'Chat text is data: never document.write.' },
        { object: 'document', property: 'writeln', message: 'Chat text is data: never document.writeln.' },
      ],
    },
  },
);
