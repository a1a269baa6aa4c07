/**
 * The lint rules check themselves: each rule that guards a project rule (folder imports, no HTML
 * sinks in overlay/, no floating promises) must fail on a small broken file, and a clean file must
 * pass. The texts are linted in memory at virtual paths with the project's own eslint.config.js.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { cycles, importGraph, reachable } from '../support/import-graph.js';

/** Type-aware, as `npm run lint`; the virtual files are not on disk, so the project service lints them in a default project built from tsconfig.json. */
let typed: ESLint;
/** The same config with the type-aware rules off: enough for the folder and HTML rules, and much faster. */
let plain: ESLint;

const VIRTUAL = ['filters/x.ts', 'filters/sub/x.ts', 'insights/x.ts', 'overlay/x.ts', 'server/x.ts', 'server/pipeline/x.ts', 'config/x.ts', 'scripts/x.ts', 'test/x.ts'];

/** The rule ids ESLint reports (errors only) for `code` placed at `filePath` (relative to the project root). */
async function errors(filePath: string, code: string, eslint = plain): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  // a parse or config failure has no rule id: show its message rather than pass silently
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

beforeAll(async () => {
  typed = new ESLint({
    cwd: process.cwd(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: { allowDefaultProject: VIRTUAL, defaultProject: 'tsconfig.json' } } } },
  });
  plain = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });
  // the first type-aware lint builds the TypeScript program (a few seconds); pay it here, not in a test's timeout
  await typed.lintText('export const x = 1;\n', { filePath: 'server/x.ts' });
}, 60_000);

describe('lint rules', () => {
  it.each([
    ['filters/x.ts', "import { AppOptions } from '../server/app.js';\nexport const f: AppOptions | null = null;\n"],
    ['filters/sub/x.ts', "export type { AppOptions } from '../../server/app.js';\n"],
    ['filters/x.ts', "import type { Hub } from '../server/hub/hub.js';\nexport type H = Hub;\n"],
    ['filters/x.ts', "import { isQuestion } from '../insights/question.js';\nexport const q = isQuestion;\n"],
    ['insights/x.ts', "import { Hub } from '../server/hub/hub.js';\nexport const h = Hub;\n"],
    ['overlay/x.ts', "import { isQuestion } from '../insights/question.js';\nexport const q = isQuestion;\n"],
    ['overlay/x.ts', "import { Hub } from '../server/hub/hub.js';\nexport const f = Hub;\n"],
    ['overlay/x.ts', "import { detectLinks } from '../filters/links.js';\nexport const f = detectLinks;\n"],
    ['overlay/x.ts', "import { ConfigSchema } from '../config/schema.js';\nexport const s = ConfigSchema;\n"],
    ['overlay/x.ts', "import { ServerFrameSchema } from '../config/protocol.js';\nexport const s = ServerFrameSchema;\n"],
    ['overlay/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['server/x.ts', "import { HubClient } from '../overlay/hub-client.js';\nexport const c = HubClient;\n"],
    ['config/x.ts', "import { detectLinks } from '../filters/links.js';\nexport const d = detectLinks;\n"],
    ['config/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['scripts/x.ts', "import { h } from '../overlay/dom.js';\nexport const f = h;\n"],
    ['overlay/x.ts', "import { LevelSchema } from '../config/filters-config.js';\nexport const s = LevelSchema;\n"],
    ['config/permissions.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['config/levels.ts', "import { CommandSchema } from './protocol.js';\nexport const s = CommandSchema;\n"],
  ])('refuses a forbidden import in %s: %s', async (path, code) => {
    expect(await errors(path, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['server/x.ts', "import { initialOverlay } from './overlay/reducer.js';\nexport const o = initialOverlay;\n"],
    ['server/pipeline/x.ts', "import { initialOverlay } from '../overlay/reducer.js';\nexport const o = initialOverlay;\n"],
    ['insights/x.ts', "import { detectLinks } from '../filters/links.js';\nexport const d = detectLinks;\n"],
    ['overlay/x.ts', "import type { ServerFrame } from '../config/protocol.js';\nexport type F = ServerFrame;\n"],
    ['overlay/x.ts', "import { mayRun } from '../config/permissions.js';\nimport { LEVELS } from '../config/levels.js';\nexport const m = [mayRun, LEVELS];\n"],
    ['config/permissions.ts', "import type { CommandKind } from './protocol.js';\nexport type K = CommandKind;\n"],
    ['config/x.ts', "import { z } from 'zod';\nimport { LangSchema } from './chat.js';\nexport const s = z.array(LangSchema);\n"],
    ['test/x.ts', "import { h } from '../overlay/dom.js';\nimport { Hub } from '../server/hub/hub.js';\nexport const f = [h, Hub];\n"],
  ])('allows what the folder may touch in %s: %s', async (path, code) => {
    expect(await errors(path, code)).toEqual([]);
  });

  it.each([
    'export function show(el: HTMLElement, text: string): void {\n  el.innerHTML = text;\n}\n',
    'export function show(el: HTMLElement, text: string): void {\n  el.insertAdjacentHTML(\'beforeend\', text);\n}\n',
    'export function show(el: HTMLElement, text: string): void {\n  el.outerHTML = text;\n}\n',
    'export function show(text: string): void {\n  document.write(text);\n}\n',
  ])('refuses an HTML sink in overlay/: %s', async (code) => {
    expect(await errors('overlay/x.ts', code)).toContain('no-restricted-properties');
  });

  it('refuses a floating promise', async () => {
    const code = 'async function save(): Promise<void> {}\nexport function onClick(): void {\n  save();\n}\n';
    expect(await errors('server/x.ts', code, typed)).toContain('@typescript-eslint/no-floating-promises');
  });

  it('refuses an async callback where a void one is expected, and explicit any', async () => {
    const code = "export function wire(el: HTMLElement, load: () => Promise<void>): void {\n  el.addEventListener('click', async () => { await load(); });\n}\nexport const x: any = 1;\n";
    expect(await errors('overlay/x.ts', code, typed)).toEqual(expect.arrayContaining(['@typescript-eslint/no-misused-promises', '@typescript-eslint/no-explicit-any']));
  });

  it('passes a clean file', async () => {
    const code = "import type { ChatMessage } from '../config/chat.js';\n\n/** The message text, shown as text. */\nexport function show(el: HTMLElement, msg: ChatMessage): void {\n  el.textContent = msg.text;\n}\n";
    expect(await errors('overlay/x.ts', code, typed)).toEqual([]);
  });
});

describe('run-time import graph', () => {
  const graph = importGraph(process.cwd(), ['server', 'filters', 'insights', 'config', 'overlay', 'scripts', 'bench', 'test']);

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the OBS overlay page free of zod and of anything outside overlay/', () => {
    const pulled = [...reachable(graph, 'overlay/overlay.ts')];
    expect(pulled).not.toContain('zod');
    expect(pulled.filter((f) => !f.startsWith('overlay/'))).toEqual([]);
  });

  it('keeps the console page free of zod too (its config imports are types or zod-free files)', () => {
    expect([...reachable(graph, 'overlay/console.ts')]).not.toContain('zod');
  });

  it('finds the cycles and the packages it is asked about (the check is not vacuous)', () => {
    const toy = new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts', 'zod']]]);
    expect(cycles(toy)).toEqual([['a.ts', 'b.ts', 'a.ts']]);
    expect(reachable(toy, 'a.ts')).toContain('zod');
    expect(reachable(graph, 'overlay/console.ts')).toContain('overlay/hub-client.ts');
  });
});
