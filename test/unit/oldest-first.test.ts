import { describe, expect, it } from 'vitest';
import { OldestFirst } from '../../config/oldest-first.js';
import { seededRandom } from '../../filters/random.js';

describe('OldestFirst', () => {
  it('evicts exactly what keys().next() would, under 20,000 seeded sets, refreshes, deletes and clears', () => {
    const rnd = seededRandom(7);
    const a = new Map<string, number>();
    const b = new Map<string, number>();
    const oldest = new OldestFirst(a);
    let evicted = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = rnd();
      const key = `k${Math.floor(rnd() * 300)}`;
      if (r < 0.6) {
        // set or refresh (an LRU moves a key to the end by deleting it first)
        for (const m of [a, b]) {
          m.delete(key);
          m.set(key, step);
        }
      } else if (r < 0.75) {
        a.delete(key);
        b.delete(key);
      } else if (r < 0.9995) {
        const got = oldest.shift();
        const first = b.entries().next();
        if (first.done) expect(got).toBeUndefined();
        else {
          b.delete(first.value[0]);
          expect(got).toEqual(first.value);
          evicted++;
        }
      } else {
        a.clear();
        b.clear();
      }
      expect(a.size).toBe(b.size);
    }
    expect([...a]).toEqual([...b]);
    expect(evicted).toBeGreaterThan(3000);
  });

  it('starts again after the map was emptied and filled', () => {
    const m = new Map([['a', 1]]);
    const oldest = new OldestFirst(m);
    expect(oldest.shift()).toEqual(['a', 1]);
    expect(oldest.shift()).toBeUndefined();
    m.set('b', 2);
    m.set('c', 3);
    expect(oldest.shift()).toEqual(['b', 2]);
    expect([...m.keys()]).toEqual(['c']);
  });
});
