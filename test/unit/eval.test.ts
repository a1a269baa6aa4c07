import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_NEGATIVES_EN } from '../../config/lexicons/chat-negatives.js';
import { formatTable, runEval } from '../../scripts/eval.js';
import { readSets } from '../../scripts/eval/io.js';

let dir: string;
const olid = [
  { text: 'you are a fucking idiot', label: 'offensive' },
  { text: 'shut up bitch nobody asked', label: 'offensive' },
  { text: 'what a lovely sunny day at the park', label: 'not-offensive' },
  { text: 'the new album is really good', label: 'not-offensive' },
];
const cold = [
  { text: '你就是个傻逼', label: 'offensive' },
  { text: '今天天气真好', label: 'safe' },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sr-eval-'));
  const write = (set: string, file: string, rows: object[]) => {
    mkdirSync(join(dir, set), { recursive: true });
    writeFileSync(join(dir, set, file), rows.map((r, i) => JSON.stringify({ ...r, id: `${set}-${i}` })).join('\n') + '\n');
  };
  write('en-offensive-olid', 'dev.jsonl', olid.slice(0, 2));
  write('en-offensive-olid', 'test.jsonl', olid.slice(2));
  write('zh-offensive-cold', 'dev.jsonl', cold);
  write('not-a-known-set', 'dev.jsonl', [{ text: 'x', label: 'y' }]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eval command', () => {
  it('reads every *.jsonl of a set folder and knows sets by folder name', () => {
    const sets = readSets(dir);
    expect([...sets.keys()].sort()).toEqual(['en-offensive-olid', 'not-a-known-set', 'zh-offensive-cold']);
    expect(sets.get('en-offensive-olid')).toHaveLength(4);
    expect(readSets(join(dir, 'zh-offensive-cold')).get('zh-offensive-cold')).toHaveLength(2);
  });

  it('scores abuse sets with both baselines in the --json shape, listing unknown sets as skipped', async () => {
    const { results, skipped } = await runEval(dir);
    expect(skipped).toEqual(['not-a-known-set']);
    expect(Object.keys(results).sort()).toEqual(['en-offensive-olid', 'zh-offensive-cold']);
    for (const r of Object.values(results)) {
      for (const p of [r, r.baselines!['bad-words']!, r.baselines!.obscenity!]) {
        expect(Object.keys(p)).toEqual(expect.arrayContaining(['precision', 'recall', 'f1', 'n']));
        expect(p.f1).toBeGreaterThanOrEqual(0);
        expect(p.f1).toBeLessThanOrEqual(1);
      }
    }
    const en = results['en-offensive-olid']!;
    expect(en).toMatchObject({ precision: 1, recall: 1, f1: 1, n: 4, cross_validated: false });
    expect(results['zh-offensive-cold']).toMatchObject({ f1: 1, n: 2 });
    expect(results['zh-offensive-cold']!.baselines!['bad-words']!.recall).toBe(0);
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
    expect(formatTable(results, skipped)).toMatch(/en-offensive-olid\s+showrunner\s+1\.000\s+1\.000\s+1\.000\s+4\s+█+/);
  });

  it('leaves out rows the shipped model trained on when too few of its rows are there to cross-validate', async () => {
    const seen = mkdtempSync(join(tmpdir(), 'sr-eval-seen-'));
    mkdirSync(join(seen, 'en-offensive-olid'));
    // A hand-written chat negative (config/lexicons/chat-negatives.ts) is in the model's training hashes.
    const rows = [{ text: CHAT_NEGATIVES_EN[0]!, label: 'not-offensive' }, ...olid];
    writeFileSync(join(seen, 'en-offensive-olid', 'dev.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const { results } = await runEval(seen);
    expect(results['en-offensive-olid']).toMatchObject({ n: 4, seen_rows_excluded: 1, cross_validated: false });
    expect(results['en-offensive-olid']!.baselines!['bad-words']!.n).toBe(4);
    rmSync(seen, { recursive: true, force: true });
  });

  it('refuses a malformed line with its file and line number', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'sr-eval-bad-'));
    mkdirSync(join(bad, 'en-offensive-olid'));
    writeFileSync(join(bad, 'en-offensive-olid', 'dev.jsonl'), '{"text":"ok","label":"offensive"}\n{"text": 5}\n');
    await expect(runEval(bad)).rejects.toThrow(/dev\.jsonl:2/);
    rmSync(bad, { recursive: true, force: true });
  });
});
