import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../server/errors.js';

describe('the error catalogue', () => {
  it('lists exactly the codes the server uses, with their explanation', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    const documented = [...doc.matchAll(/^\| `(SR_[A-Z_]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(documented)).toEqual(ERROR_CODES);
  });
  it('has a Chinese page with a row for every code, linked both ways and from the Chinese README', () => {
    const zh = readFileSync('docs/errors.zh-CN.md', 'utf8');
    const codes = [...zh.matchAll(/^\| `(SR_[A-Z_]+)` \| (.+) \|$/gm)].map((m) => {
      expect(m[2], m[1]).toMatch(/[\u3400-\u9fff]/);
      return m[1];
    });
    expect(codes.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(zh).toContain('(errors.md)');
    expect(readFileSync('docs/errors.md', 'utf8')).toContain('(errors.zh-CN.md)');
    expect(readFileSync('README.zh-CN.md', 'utf8')).toContain('(docs/errors.zh-CN.md)');
  });
});
