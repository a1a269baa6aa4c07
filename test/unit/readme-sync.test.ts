/**
 * README.zh-CN.md keeps in step with README.md: the same sections in the same order (a Chinese
 * heading starts with the English one, its Chinese name follows in brackets), the same commands
 * (every bash and yaml block identical, in the same order), as many code blocks, and each links
 * the other.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const en = readFileSync('README.md', 'utf8');
const zh = readFileSync('README.zh-CN.md', 'utf8');

const headings = (md: string) => [...md.matchAll(/^## (.+)$/gm)].map((m) => (m[1] as string).replace(/（[^）]*）$/, '').trim());
const blocks = (md: string) => [...md.matchAll(/^```([a-z]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] as string, body: m[2] as string }));

describe('README.zh-CN.md and README.md', () => {
  it('have the same sections in the same order', () => {
    expect(headings(en).length).toBeGreaterThan(5);
    expect(headings(zh)).toEqual(headings(en));
  });
  it('give the same commands in code blocks', () => {
    const commands = (md: string) => blocks(md).filter((b) => b.lang === 'bash' || b.lang === 'yaml');
    expect(commands(en).length).toBeGreaterThan(2);
    expect(commands(zh)).toEqual(commands(en));
    expect(blocks(zh).length).toBe(blocks(en).length);
  });
  it('link each other, and the Chinese one is written in Chinese', () => {
    expect(en).toContain('(README.zh-CN.md)');
    expect(zh).toContain('(README.md)');
    expect((zh.match(/[\u3400-\u9fff]/g) ?? []).length).toBeGreaterThan(2000);
  });
});

describe('docs/obs.zh-CN.md and docs/obs.md', () => {
  const enDoc = readFileSync('docs/obs.md', 'utf8');
  const zhDoc = readFileSync('docs/obs.zh-CN.md', 'utf8');
  it('give the same config, link each other, and the Chinese one is written in Chinese', () => {
    expect(blocks(zhDoc)).toEqual(blocks(enDoc));
    expect(enDoc).toContain('(obs.zh-CN.md)');
    expect(zhDoc).toContain('(obs.md)');
    expect((zhDoc.match(/[\u3400-\u9fff]/g) ?? []).length).toBeGreaterThan(500);
    // the states table has a row for each state the English one lists
    const rows = (md: string) => md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| state') && !l.startsWith('| 状态')).length;
    expect(rows(zhDoc)).toBe(rows(enDoc));
  });
});
