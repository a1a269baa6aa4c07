import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { EngageConfigSchema, type DrawView, type EngageView, type PollView } from '../../../config/engage.js';
import { Engage } from '../../../server/engage/engage.js';
import { loadRecord } from '../../../server/engage/draw-store.js';
import { commitOf, verifyDraw } from '../../../server/engage/fair.js';
import { Store } from '../../../server/store/store.js';
import { msg } from '../../support/engage.js';

const SEED = 'ab'.repeat(32);
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function setup(config: Record<string, unknown> = {}) {
  const scheduler = new VirtualTimeScheduler();
  const store = new Store(':memory:');
  stores.push(store);
  const tree: Record<string, unknown> = {};
  const patches: string[] = [];
  let ids = 0;
  const engage = new Engage({
    config: EngageConfigSchema.parse({ polls: [{ id: 'colour', question: 'Which colour?', options: [{ label: 'Red' }, { label: 'Blue' }], durationMs: 30_000 }], ...config }),
    scheduler,
    store,
    publish: (path, value) => {
      patches.push(path.join('.'));
      let node = tree;
      for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
      node[path[path.length - 1]!] = structuredClone(value);
    },
    newSeed: () => SEED,
    newId: () => `id${ids++}`,
  });
  const view = () => (tree['overlay'] as { engage: EngageView }).engage;
  return { scheduler, store, engage, view, patches };
}

describe('a lucky draw', () => {
  it('publishes the commitment before entries, ticks the count in small patches, draws at its end time and reveals the seed', () => {
    const { scheduler, store, engage, view, patches } = setup();
    const r = engage.run({ kind: 'draw.open', keyword: '想要', durationMs: 60_000, winners: 2 }, 'producer:Li') as { draw: DrawView };
    expect(view().draw).toMatchObject({ phase: 'open', keyword: '想要', entries: 0, endsAt: 60_000, commit: commitOf(SEED), seed: null });
    expect(r.draw.commit).toBe(commitOf(SEED));
    patches.length = 0;
    for (let i = 0; i < 20; i++) engage.observe(msg(`v${i}`, '想要'));
    engage.observe(msg('v3', 'rude', 'flag'));
    engage.observe(msg('x', '想要', 'hold'));
    expect(view().draw?.entries).toBe(19);
    expect(new Set(patches)).toEqual(new Set(['overlay.engage.draw.entries']));
    scheduler.flush(); // the window ends by itself at 60 s
    const d = view().draw!;
    expect(d).toMatchObject({ phase: 'drawn', seed: SEED, entries: 19, drawnAt: 60_000 });
    expect(d.winners).toHaveLength(2);
    expect(d.winners.map((w) => w.key)).not.toContain('twitch:v3');
    const rec = loadRecord(store, d.id)!.record;
    expect(rec.entrants).toHaveLength(19);
    expect(verifyDraw(rec)).toEqual({ ok: true, problems: [] });
    expect(rec.excluded).toMatchObject({ 'held-or-flagged': 1 });
  });

  it('entries after the end time do not count; a redraw replaces a no-show with the next pick, still verifiable', () => {
    const { scheduler, store, engage, view } = setup();
    engage.run({ kind: 'draw.open', keyword: '!join', durationMs: 10_000, winners: 1 }, 'p');
    for (let i = 0; i < 5; i++) engage.observe(msg(`v${i}`, '!join'));
    scheduler.flush();
    engage.observe(msg('late', '!join'));
    const first = view().draw!.winners[0]!;
    expect(view().draw?.entries).toBe(5);
    const rd = engage.run({ kind: 'draw.redraw', userKey: first.key }, 'p') as { winner: { key: string } };
    expect(rd.winner.key).not.toBe(first.key);
    expect(view().draw!.winners).toEqual([{ ...first, replaced: true }, { key: rd.winner.key, name: expect.any(String), replaced: false }]);
    const rec = loadRecord(store, view().draw!.id)!.record;
    expect(rec.picks).toEqual([first.key, rd.winner.key]);
    expect(verifyDraw(rec).ok).toBe(true);
    expect(() => engage.run({ kind: 'draw.redraw', userKey: 'twitch:nobody' }, 'p')).toThrow(/not a current winner/);
    const csv = (engage.run({ kind: 'draw.export', format: 'csv' }, 'p') as { body: string }).body;
    expect(csv).toContain(`# seed ${SEED}`);
    expect(csv.split('\n').filter((l) => l.includes('"no-show"'))).toHaveLength(1);
    expect(store.allAudit().map((a) => a.action)).toEqual(['draw.open', 'draw.drawn', 'draw.redraw']);
  });

  it('after a restart shows the drawn draw and the coupon again, can still redraw, and closes a poll that was open with its votes kept', () => {
    const { scheduler, store, engage, view } = setup();
    engage.run({ kind: 'draw.open', keyword: '想要', durationMs: 10_000, winners: 1 }, 'p');
    for (let i = 0; i < 8; i++) engage.observe(msg(`v${i}`, '想要'));
    engage.run({ kind: 'draw.close' }, 'p');
    engage.run({ kind: 'coupon.start', text: 'Add to cart · 立即加购', durationMs: 60_000 }, 'p');
    engage.run({ kind: 'poll.open', preset: 'colour' }, 'p');
    // three votes in the same instant: the first is saved at once, the other two only at stop
    for (const [u, v] of [['a', '1'], ['b', '2'], ['c', '2']] as const) engage.observe(msg(u, v));
    const before = view();
    engage.stop();
    const tree: Record<string, unknown> = {};
    const logs: string[] = [];
    const again = new Engage({ config: EngageConfigSchema.parse({}), scheduler, store, publish: (path, value) => void (tree[path.join('.')] = value), log: (l) => logs.push(l) });
    const restored = tree['overlay.engage'] as EngageView;
    expect(restored.draw).toEqual(before.draw);
    expect(restored.coupon).toEqual(before.coupon);
    expect(restored.poll).toEqual({ ...before.poll, phase: 'closed', counts: [1, 2], endsAt: scheduler.now(), closedByRestart: true });
    expect(store.getJson<PollView>(`engage.poll:${before.poll!.id}`)).toMatchObject({ counts: [1, 2], closedByRestart: true });
    expect(store.allAudit().at(-1)).toMatchObject({ action: 'poll.result', detail: expect.stringContaining('closed by a restart') });
    expect(logs.join('\n')).toMatch(/was open at the restart/);
    // no vote reopens it
    again.observe(msg('d', '1'));
    expect((tree['overlay.engage'] as EngageView).poll?.counts).toEqual([1, 2]);
    const r = again.run({ kind: 'draw.redraw', userKey: before.draw!.winners[0]!.key }, 'p') as { winner: { key: string } };
    expect(r.winner.key).toMatch(/^twitch:v\d$/);
    expect(verifyDraw(loadRecord(store, before.draw!.id)!.record).ok).toBe(true);
  });

  it('a quiz open at a restart is closed with its counts and its correct answer (saved when it opened), and no winners: who answered was in memory only', () => {
    const { scheduler, store, engage, view } = setup();
    engage.run({ kind: 'poll.open', question: 'Which is cotton?', options: [{ label: 'A', keywords: [] }, { label: 'B', keywords: [] }], durationMs: 60_000, counts: 'first', quiz: { correct: 1, winners: 3 } }, 'p');
    // the answer is not shown while the quiz runs
    expect(view().poll).toMatchObject({ quiz: true, correct: null });
    for (const [u, v] of [['a', '2'], ['b', '1'], ['c', '2']] as const) engage.observe(msg(u, v));
    const before = view();
    engage.stop();
    const tree: Record<string, unknown> = {};
    new Engage({ config: EngageConfigSchema.parse({}), scheduler, store, publish: (path, value) => void (tree[path.join('.')] = value) });
    const restored = (tree['overlay.engage'] as EngageView).poll;
    // it came back with no correct answer: the overlay then read 'Correct answer: 1'
    expect(restored).toEqual({ ...before.poll, phase: 'closed', counts: [1, 2], endsAt: scheduler.now(), correct: 1, winners: [], closedByRestart: true });
    expect(store.getJson<PollView>(`engage.poll:${before.poll!.id}`)).toMatchObject({ correct: 1, winners: [], closedByRestart: true });
    expect(store.allAudit().at(-1)?.detail).toMatch(/correct 2; closed by a restart \(counts as last saved; no quiz winners/);
    // the answer is kept only while its quiz runs
    expect(store.jsonKeys('engage.quiz:')).toEqual([]);
  });

  it('a quiz closed as usual names its first correct answers and keeps no answer key behind', () => {
    const { scheduler, store, engage, view } = setup();
    engage.run({ kind: 'poll.open', question: 'Which is cotton?', options: [{ label: 'A', keywords: [] }, { label: 'B', keywords: [] }], durationMs: 60_000, counts: 'first', quiz: { correct: 1, winners: 3 } }, 'p');
    for (const [u, v] of [['a', '2'], ['b', '1'], ['c', '2']] as const) engage.observe(msg(u, v));
    scheduler.flush();
    expect(view().poll).toMatchObject({ phase: 'closed', correct: 1, winners: [{ key: 'twitch:a' }, { key: 'twitch:c' }] });
    expect(store.jsonKeys('engage.quiz:')).toEqual([]);
  });

  it('a draw taking entries at a restart is voided, not drawn, and says so until the next draw (it vanished without a word)', () => {
    const { scheduler, store, engage, view } = setup();
    engage.run({ kind: 'draw.open', keyword: '想要', prize: 'Scarf', durationMs: 60_000, winners: 1 }, 'p');
    for (let i = 0; i < 3; i++) engage.observe(msg(`v${i}`, '想要'));
    const open = view().draw!;
    engage.stop();
    const tree: Record<string, unknown> = {};
    const logs: string[] = [];
    const restart = () => new Engage({ config: EngageConfigSchema.parse({}), scheduler, store, publish: (path, value) => void (tree[path.join('.')] = value), log: (l) => logs.push(l) });
    const again = restart();
    const restored = () => tree['overlay.engage'] as EngageView;
    expect(restored().draw).toBeNull();
    expect(restored().voidedDraw).toEqual({ id: open.id, keyword: '想要', prize: 'Scarf', at: scheduler.now() });
    expect(store.allAudit().at(-1)).toMatchObject({ action: 'draw.void', detail: expect.stringContaining('voided, not drawn') });
    expect(logs.join('\n')).toMatch(/was taking entries at the restart/);
    // still said after one more restart, gone with the next draw
    again.stop();
    restart();
    expect(restored().voidedDraw?.id).toBe(open.id);
    expect(store.allAudit().filter((a) => a.action === 'draw.void')).toHaveLength(1);
    const third = restart();
    third.run({ kind: 'draw.open', keyword: '要', durationMs: 60_000 }, 'p');
    expect(restored().voidedDraw).toBeNull();
  });

  it('a crash (no stop) keeps the votes of a poll saved within a second of the last one', () => {
    const { scheduler, store, engage } = setup();
    engage.run({ kind: 'poll.open', preset: 'colour' }, 'p');
    for (const [u, v] of [['a', '1'], ['b', '2'], ['c', '2']] as const) engage.observe(msg(u, v));
    const counts = () => store.getJson<EngageView>('engage.view')?.poll?.counts;
    expect(counts()).toEqual([1, 0]); // the first vote at once, the burst after it not yet
    scheduler.maxFrames = 999;
    scheduler.flush();
    expect(counts()).toEqual([1, 0]);
    scheduler.maxFrames = 1000;
    scheduler.flush();
    expect(counts()).toEqual([1, 2]); // a second after the first save
    const tree: Record<string, unknown> = {};
    new Engage({ config: EngageConfigSchema.parse({}), scheduler, store, publish: (path, value) => void (tree[path.join('.')] = value) });
    expect((tree['overlay.engage'] as EngageView).poll).toMatchObject({ phase: 'closed', counts: [1, 2], closedByRestart: true });
  });

  it('refuses a second open draw and a draw without a keyword', () => {
    const { engage } = setup();
    expect(() => engage.run({ kind: 'draw.open', durationMs: 10_000 }, 'p')).toThrow(/needs a keyword/);
    expect(() => engage.run({ kind: 'draw.open', preset: 'nope' }, 'p')).toThrow(/no draw preset "nope"/);
    engage.run({ kind: 'draw.open', preset: 'want' }, 'p');
    expect(() => engage.run({ kind: 'draw.open', preset: 'want' }, 'p')).toThrow(/already taking entries/);
  });
});

describe('a poll and a quiz', () => {
  it('opens from a preset, moves the bars per vote, closes at its end time and stores the result', () => {
    const { scheduler, store, engage, view } = setup();
    engage.run({ kind: 'poll.open', preset: 'colour' }, 'p');
    engage.observe(msg('a', '1'));
    engage.observe(msg('b', '2'));
    engage.observe(msg('c', 'blue'));
    engage.observe(msg('d', '2', 'flag'));
    expect(view().poll).toMatchObject({ phase: 'open', counts: [1, 2], endsAt: 30_000, correct: null });
    scheduler.flush();
    const p = view().poll!;
    expect(p).toMatchObject({ phase: 'closed', counts: [1, 2] });
    expect(store.getJson<PollView & { voters: number }>(`engage.poll:${p.id}`)).toMatchObject({ counts: [1, 2], voters: 3 });
  });

  it('keeps the correct answer off the overlay until the end, then names the first correct answers', () => {
    const { engage, view } = setup();
    engage.run({ kind: 'poll.open', question: '2+2?', options: [{ label: '3', keywords: [] }, { label: '4', keywords: [] }], durationMs: 20_000, quiz: { correct: 1, winners: 2 } }, 'p');
    expect(JSON.stringify(view().poll)).not.toMatch(/"correct":1/);
    for (const [u, v] of [['a', '1'], ['b', '2'], ['c', '2'], ['d', '2']] as const) engage.observe(msg(u, v));
    engage.run({ kind: 'poll.close' }, 'p');
    expect(view().poll).toMatchObject({ correct: 1, winners: [{ key: 'twitch:b' }, { key: 'twitch:c' }] });
    expect(() => engage.run({ kind: 'poll.open', question: 'q', options: [{ label: 'a', keywords: [] }, { label: 'b', keywords: [] }], durationMs: 20_000, quiz: { correct: 4, winners: 1 } }, 'p')).toThrow(/there are 2 options/);
  });
});

describe('a coupon drop', () => {
  it('shows a code with its end time and a claim counter capped at the total', () => {
    const { engage, view } = setup();
    engage.run({ kind: 'coupon.start', code: 'LIVE20', text: '20% off now · 立减20%', durationMs: 60_000, total: 100 }, 'p');
    engage.run({ kind: 'coupon.claim', delta: 30 }, 'p');
    engage.run({ kind: 'coupon.claim', delta: 90 }, 'p');
    expect(view().coupon).toMatchObject({ code: 'LIVE20', claimed: 100, total: 100, endsAt: 60_000, endedAt: null });
    engage.run({ kind: 'coupon.end' }, 'p');
    expect(view().coupon?.endedAt).toBe(0);
    expect(() => engage.run({ kind: 'coupon.claim', delta: 1 }, 'p')).toThrow(/no coupon drop running/);
  });
});
