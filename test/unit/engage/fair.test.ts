import { describe, expect, it } from 'vitest';
import { canonicalOrder, commitOf, drawWinners, DRAW_ALGORITHM, shufflePrefix, verifyDraw, type DrawRecord } from '../../../server/engage/fair.js';

const SEED = '00'.repeat(31) + '2a';
const keys = (n: number) => Array.from({ length: n }, (_, i) => `twitch:u${i}`);

describe('the provably fair draw', () => {
  it('commits to sha256 of the seed bytes', () => {
    // sha256 of 32 zero bytes, a known vector
    expect(commitOf('00'.repeat(32))).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
    expect(commitOf(SEED)).not.toBe(commitOf('00'.repeat(32)));
  });

  it('gives the same winners whatever order the entrants arrived in, and different ones for another seed', () => {
    const list = keys(1000);
    const shuffled = [...list].reverse();
    const a = drawWinners(SEED, list, 5);
    expect(drawWinners(SEED, shuffled, 5)).toEqual(a);
    expect(new Set(a).size).toBe(5);
    expect(drawWinners('11'.repeat(32), list, 5)).not.toEqual(a);
  });

  it('is a pinned function of (seed, sorted keys): this vector must never change', () => {
    // If this fails, every stored draw stops verifying: bump the algorithm name instead.
    expect(drawWinners(SEED, keys(10), 3)).toMatchInlineSnapshot(`
      [
        "twitch:u0",
        "twitch:u5",
        "twitch:u2",
      ]
    `);
  });

  it('sorts by code units, not by locale', () => {
    expect(canonicalOrder(['b', 'B', 'a', '中', 'Z'])).toEqual(['B', 'Z', 'a', 'b', '中']);
  });

  it('picks each entrant about equally often (no modulo bias, every position reachable)', () => {
    const list = keys(7);
    const hits = new Map<string, number>();
    for (let s = 0; s < 1400; s++) {
      const seed = s.toString(16).padStart(64, '0');
      const [w] = drawWinners(seed, list, 1);
      hits.set(w!, (hits.get(w!) ?? 0) + 1);
    }
    expect(hits.size).toBe(7);
    for (const n of hits.values()) expect(n).toBeGreaterThan(140);
  });

  it('never picks more entrants than there are, and a redraw continues the same shuffle', () => {
    const sorted = canonicalOrder(keys(4));
    expect(shufflePrefix(SEED, sorted, 10)).toHaveLength(4);
    expect(new Set(shufflePrefix(SEED, sorted, 4)).size).toBe(4);
    expect(shufflePrefix(SEED, sorted, 3)).toEqual(shufflePrefix(SEED, sorted, 4).slice(0, 3));
  });

  it('verifies a record bit for bit and names what was tampered with', () => {
    const entrants = canonicalOrder(keys(50));
    const picks = drawWinners(SEED, entrants, 4);
    const rec: DrawRecord = { id: 'd1', algorithm: DRAW_ALGORITHM, commit: commitOf(SEED), seed: SEED, keyword: '想要', prize: '', openedAt: 0, closedAt: 1, winnersWanted: 3, entrants, names: entrants, picks, replaced: [picks[0]!], excluded: {} };
    expect(verifyDraw(rec)).toEqual({ ok: true, problems: [] });
    expect(verifyDraw({ ...rec, seed: '22'.repeat(32) }).ok).toBe(false);
    const swapped = [...picks];
    swapped[1] = entrants.find((e) => !picks.includes(e))!;
    expect(verifyDraw({ ...rec, picks: swapped }).problems[0]).toMatch(/^pick 2:/);
    expect(verifyDraw({ ...rec, entrants: entrants.slice(1) }).ok).toBe(false);
    expect(verifyDraw({ ...rec, entrants: [...entrants].reverse() }).problems).toContain('the entrant list is not in canonical order');
  });
});
