import { describe, expect, it } from 'vitest';
import { fnv1a, keyBits, mayHave } from '../../../filters/hash.js';
import { seededRandom } from '../../../filters/random.js';

describe('fnv1a', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('%j → %i', (s, h) => {
    expect(fnv1a(s)).toBe(h);
  });
});

describe('key filters', () => {
  it('has every key, and no key whose low 16 bits no key shares', () => {
    const rand = seededRandom(7);
    const keys = Array.from({ length: 300 }, () => Math.floor(rand() * 2 ** 32) | 0);
    const bits = keyBits(keys);
    expect(bits.byteLength).toBe(8192);
    for (const k of keys) expect(mayHave(bits, k)).toBe(true);
    const low = new Set(keys.map((k) => k & 0xffff));
    let absent = 0;
    for (let i = 0; i < 2000; i++) {
      const k = Math.floor(rand() * 2 ** 32) | 0;
      expect(mayHave(bits, k)).toBe(low.has(k & 0xffff));
      if (!low.has(k & 0xffff)) absent++;
    }
    expect(absent).toBeGreaterThan(1900);
  });

  it('reads only the low 16 bits: a key differing above them shares its bit', () => {
    const bits = keyBits([0x1234]);
    expect(mayHave(bits, 0x7fff1234)).toBe(true);
    expect(mayHave(bits, -0x10000 + 0x1234)).toBe(true);
    expect(mayHave(bits, 0x1235)).toBe(false);
  });
});
