import { describe, expect, it } from 'vitest';
import { RankedSet } from '../../../server/moderation/ranked.js';
import { seededRandom } from '../../../filters/random.js';

interface Item {
  readonly p: number;
  readonly id: number;
}
/** Higher p first, then lower id (the queue's shape: priority, then a unique tie-break). */
const before = (a: Item, b: Item): boolean => (a.p !== b.p ? a.p > b.p : a.id < b.id);
const cmp = (a: Item, b: Item): number => (before(a, b) ? -1 : before(b, a) ? 1 : 0);

describe('the ranked set (the queue order)', () => {
  it('agrees with a sorted array over 20,000 seeded inserts, deletes, ranks and k-th reads', () => {
    const rand = seededRandom(12);
    const set = new RankedSet<Item>(before);
    const ref: Item[] = [];
    let nextId = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = rand();
      if (r < 0.55 || ref.length === 0) {
        // few distinct priorities: most order decisions fall to the tie-break
        const x = { p: Math.floor(rand() * 6), id: nextId++ };
        const at = set.insert(x);
        const want = ref.findIndex((y) => before(x, y));
        const idx = want < 0 ? ref.length : want;
        ref.splice(idx, 0, x);
        expect(at).toBe(idx);
      } else if (r < 0.9) {
        const idx = Math.floor(rand() * ref.length);
        const [x] = ref.splice(idx, 1);
        expect(set.delete(x!)).toBe(idx);
        expect(set.delete(x!)).toBe(-1);
        expect(set.rank(x!)).toBe(-1);
      } else {
        const k = Math.floor(rand() * (ref.length + 2));
        expect(set.at(k)).toBe(ref[k]);
        if (k < ref.length) expect(set.rank(ref[k]!)).toBe(k);
        expect(set.head(7)).toEqual(ref.slice(0, 7));
      }
      expect(set.size).toBe(ref.length);
    }
    expect(set.toArray()).toEqual(ref);
  });

  it('builds from a sorted list and keeps working after it (a restart, then holds and decisions)', () => {
    const rand = seededRandom(5);
    const items = Array.from({ length: 5_000 }, (_, id) => ({ p: Math.floor(rand() * 4), id })).sort(cmp);
    const set = new RankedSet<Item>(before);
    set.reset(items);
    expect(set.size).toBe(5_000);
    expect(set.toArray()).toEqual(items);
    expect(set.at(1234)).toBe(items[1234]);
    const ref = items.slice();
    for (let i = 0; i < 2_000; i++) {
      const x = { p: Math.floor(rand() * 4), id: 10_000 + i };
      set.insert(x);
      ref.push(x);
      const gone = ref.splice(Math.floor(rand() * ref.length), 1)[0]!;
      set.delete(gone);
    }
    expect(set.toArray()).toEqual(ref.sort(cmp));
    set.reset([]);
    expect(set.size).toBe(0);
    expect(set.head(3)).toEqual([]);
  });

  it('costs O(log n) comparisons per operation: 100,000 items, about 20 levels, not 50,000 moves', () => {
    let comparisons = 0;
    const set = new RankedSet<Item>((a, b) => (comparisons++, before(a, b)));
    const rand = seededRandom(99);
    const n = 100_000;
    for (let id = 0; id < n; id++) set.insert({ p: Math.floor(rand() * 10), id });
    const perInsert = comparisons / n;
    comparisons = 0;
    const probe = set.toArray().filter((_, i) => i % 100 === 0);
    for (const x of probe) set.rank(x);
    const perRank = comparisons / probe.length;
    comparisons = 0;
    for (const x of probe) set.delete(x);
    const perDelete = comparisons / probe.length;
    // log2(100,000) ≈ 17; a treap's expected depth is about 1.4 × that; each level costs one or two comparisons
    expect(perInsert).toBeLessThan(80);
    expect(perRank).toBeLessThan(80);
    expect(perDelete).toBeLessThan(80);
    expect(set.size).toBe(n - probe.length);
  });
});
