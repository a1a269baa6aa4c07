/**
 * Shows (issues 16 and 18): per-platform figures of a simulcast, and nothing lost when the process
 * dies without writing (a crash between two minutes): the running minute's checkpoint file, read
 * back from a real SQLite file reopened by a new recorder. Injected clock.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import type { Minute } from '../../../config/review.js';
import type { ClusterView, MoodView } from '../../../config/views.js';
import { openMinutePath, readOpenMinute, ShowRecorder } from '../../../server/shows/recorder.js';
import { buildReview, loadShow, reviewCsv } from '../../../server/shows/review.js';
import { Store } from '../../../server/store/store.js';
import { tmpDbPath } from '../../support/app.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

type Opts = { platform?: string; user?: string; action?: Annotated['verdict']['action']; filter?: string; q?: boolean; s?: number; first?: boolean };
let seq = 0;
function ann(o: Opts = {}): Annotated {
  const action = o.action ?? 'allow';
  const user = o.user ?? `u${seq}`;
  return {
    message: { id: `m${seq++}`, platform: o.platform ?? 'twitch', channel: 'shop', user: { id: user, name: user, displayName: user, roles: [], ...(o.first ? { firstMessage: true } : {}) }, text: 'hi', emotes: [], receivedAt: 0 },
    verdict: { action, reasons: action === 'allow' ? [] : [{ filter: o.filter ?? 'spam', detail: 'x', severity: 0.9, span: null }], score: 0.9 },
    lang: 'en',
    isQuestion: o.q ?? false,
    sentiment: o.s ?? 0,
  } as unknown as Annotated;
}

const mood = (index: number): MoodView => ({ index, negativeShare: 0.25, alert: null, timeline: [] });
const cluster = (id: string, askers: number): ClusterView => ({ id, representative: `question ${id}?`, askers, count: askers, trend: 'rising', examples: [], lang: 'en', lastAt: 0, faq: null });

/** A show of two minutes and a half on three platforms, with every kind of figure. */
function play(rec: ShowRecorder, clock: { now: number }, until: number): void {
  const platforms = ['twitch', 'tiktok', 'youtube'];
  for (let i = 0; clock.now < until; i++) {
    const platform = platforms[i % 3] as string;
    rec.observe(ann({ platform, user: `${platform}-${i % 11}`, action: i % 10 === 0 ? 'hold' : i % 17 === 0 ? 'block' : i % 13 === 0 ? 'flag' : 'allow', filter: i % 20 === 0 ? 'links' : 'spam', q: i % 4 === 0, s: i % 6 === 0 ? -0.6 : 0.2, first: i % 29 === 0 }), clock.now);
    clock.now += 250;
    if (i % 4 === 3) {
      rec.tick({ clusters: [cluster('c1', 2 + Math.floor(i / 40)), cluster('c2', 3)], mood: mood(Math.round(Math.sin(i) * 100) / 100) }, i % 100 === 3 ? [{ themes: ['price'] }] : [], i % 8 === 3 ? { price: 1, shipping: i % 16 === 3 ? 1 : 0 } : null);
    }
    if (i === 150) rec.afterCommand({ kind: 'moderation.decide', itemIds: ['a'], decision: 'approve' } as never, 'moderator:ana', { decided: ['a'] }, () => [{ actor: 'moderator:ana', waitedMs: 3000 }]);
  }
}

describe('per-platform figures', () => {
  it('counts each platform apart, per minute and for the show, and exports them', () => {
    const store = new Store(':memory:');
    stores.push(store);
    const clock = { now: Date.UTC(2026, 10, 29, 20, 0, 0) };
    const rec = new ShowRecorder({ store, now: () => clock.now, mask: (t) => t });
    const show = rec.start('simulcast', false);
    play(rec, clock, clock.now + 150_000);
    rec.end();
    const { meta, minutes } = loadShow(store, show.id)!;
    const r = buildReview(meta, minutes);
    expect(r.platforms.map((p) => p.platform).sort()).toEqual(['tiktok', 'twitch', 'youtube']);
    for (const m of r.minutes) {
      const plats = Object.values(m.plat);
      for (const k of ['msgs', 'allow', 'flag', 'hold', 'block', 'questions', 'negative', 'first'] as const) expect(plats.reduce((n, p) => n + p[k], 0)).toBe(m[k]);
    }
    for (const k of ['msgs', 'hold', 'questions'] as const) expect(r.platforms.reduce((n, p) => n + p[k], 0)).toBe(r.totals[k]);
    // 11 viewers a platform
    for (const p of r.platforms) expect(p.chatters).toBe(11);
    expect(r.totals.chatters).toBe(33);
    // the page gets neither the sketches' registers nor a checkpoint
    expect(r.minutes.every((m) => Object.keys(m.sk).length === 0 && m.ck === undefined)).toBe(true);
    const csv = reviewCsv(r).split('\r\n');
    const head = (csv[0] as string).split(',');
    expect(head).toEqual(expect.arrayContaining(['twitch_messages', 'tiktok_chatters', 'youtube_held', 'twitch_questions']));
    const col = head.indexOf('tiktok_messages');
    expect(csv.slice(1, -1).reduce((n, row) => n + Number(row.split(',')[col]), 0)).toBe(r.platforms.find((p) => p.platform === 'tiktok')!.msgs);
  });
});

describe('a crash in the middle of a minute', () => {
  it('loses nothing written before the last checkpoint: a new recorder on the reopened file continues the minute', () => {
    const path = tmpDbPath();
    const start = Date.UTC(2026, 10, 29, 20, 0, 0);
    // the reference: the same show, written normally
    const refStore = new Store(':memory:');
    stores.push(refStore);
    const ref = { now: start };
    const refRec = new ShowRecorder({ store: refStore, now: () => ref.now, mask: (t) => t });
    const refShow = refRec.start('crash', false);
    play(refRec, ref, start + 150_000);
    refRec.flush();
    const expected = buildReview(...(Object.values(loadShow(refStore, refShow.id)!) as [never, never]));

    let store = new Store(path);
    stores.push(store);
    const clock = { now: start };
    let rec = new ShowRecorder({ store, now: () => clock.now, mask: (t) => t, checkpointMs: 5000 });
    const show = rec.start('crash', false);
    play(rec, clock, start + 150_000);
    // 150 s in: the last checkpoint was at 150 s (the tick every second of chat); the minute is 30 s old
    const file = openMinutePath(store, show.id) as string;
    expect(file).toBe(join(dirname(path), 'shows', `${show.id}.open.json`));
    const open = readOpenMinute(file, show.id) as Minute;
    expect(open.t).toBe(start + 120_000);
    // the process dies: nothing flushed, the store closed under it
    store.close();

    // the review of the dead process's files (no restart): the whole show up to the checkpoint
    store = new Store(path);
    stores.push(store);
    const dead = loadShow(store, show.id, file)!;
    const deadReview = buildReview(dead.meta, dead.minutes);
    expect(deadReview.totals.msgs).toBe(expected.totals.msgs);
    expect(deadReview.minutes.map((m) => m.msgs)).toEqual(expected.minutes.map((m) => m.msgs));

    // a restart resumes the show and the minute, and writes what the checkpoint held
    rec = new ShowRecorder({ store, now: () => clock.now, mask: (t) => t, checkpointMs: 5000 });
    expect(rec.active?.id).toBe(show.id);
    rec.flush();
    const after = buildReview(...(Object.values(loadShow(store, show.id)!) as [never, never]));
    const strip = (m: Minute) => ({ ...m, chatters: 0, plat: Object.fromEntries(Object.entries(m.plat).map(([k, p]) => [k, { ...p, chatters: 0 }])) });
    expect(after.minutes.map(strip)).toEqual(expected.minutes.map(strip));
    expect(after.minutes.map((m) => m.chatters)).toEqual(expected.minutes.map((m) => m.chatters));
    expect(after.totals).toEqual(expected.totals);
    expect(after.platforms).toEqual(expected.platforms);
    // the records' ids carry each process's mark (the reference ran in another recorder)
    const noId = (qs: typeof expected.questions) => qs.map((q) => ({ ...q, id: '' }));
    expect(noId(after.questions)).toEqual(noId(expected.questions));
    expect(after.themes).toEqual(expected.themes);
    // chat goes on in the same minute, then the show ends: the file goes
    rec.observe(ann({ platform: 'tiktok' }), clock.now);
    rec.end();
    expect(buildReview(...(Object.values(loadShow(store, show.id)!) as [never, never])).totals.msgs).toBe(expected.totals.msgs + 1);
    expect(existsSync(file)).toBe(false);
  });

  it('a minute that raises more sketch registers than it lists puts the whole sketches in the meta, and a crash after it loses none', () => {
    const path = tmpDbPath();
    let store = new Store(path);
    stores.push(store);
    const clock = { now: Date.UTC(2026, 10, 29, 20, 0, 0) };
    let rec = new ShowRecorder({ store, now: () => clock.now, mask: (t) => t, checkpointMs: 5000 });
    const show = rec.start('busy', false);
    for (let i = 0; i < 6000; i++) {
      rec.observe(ann({ platform: i % 2 ? 'tiktok' : 'youtube', user: `viewer-${i}` }), clock.now);
      if (i % 500 === 499) {
        clock.now += 1000;
        rec.tick(null);
      }
    }
    // the last checkpoint (5 s on), then the crash
    clock.now += 5000;
    rec.tick(null);
    store.close();
    store = new Store(path);
    stores.push(store);
    rec = new ShowRecorder({ store, now: () => clock.now, mask: (t) => t, checkpointMs: 5000 });
    rec.end();
    const r = buildReview(...(Object.values(loadShow(store, show.id)!) as [never, never]));
    expect(r.totals.msgs).toBe(6000);
    expect(Math.abs(r.totals.chatters - 6000) / 6000).toBeLessThan(0.06);
    for (const p of r.platforms) expect(Math.abs(p.chatters - 3000) / 3000).toBeLessThan(0.06);
  });

  it('counts at most 8 platforms apart; more go under "other"', () => {
    const store = new Store(':memory:');
    stores.push(store);
    const rec = new ShowRecorder({ store, now: () => 0, mask: (t) => t });
    const show = rec.start('many', false);
    for (let i = 0; i < 12; i++) rec.observe(ann({ platform: `p${i}` }), 0);
    rec.end();
    const r = buildReview(...(Object.values(loadShow(store, show.id)!) as [never, never]));
    expect(r.platforms.length).toBe(8);
    expect(r.platforms.find((p) => p.platform === 'other')?.msgs).toBe(5);
    expect(r.totals.msgs).toBe(12);
  });

  it('an in-memory store keeps no checkpoint file', () => {
    const store = new Store(':memory:');
    stores.push(store);
    expect(openMinutePath(store, 'x')).toBeNull();
  });
});

describe("a show's files", () => {
  // they hold chat (names and lines) and were created 0644 in 0755 folders beside an owner-only store
  it('are readable by their owner only: the checkpoint, the transcript and their folders', () => {
    const path = tmpDbPath();
    const store = new Store(path);
    stores.push(store);
    const clock = { now: Date.UTC(2026, 10, 29, 20, 0, 0) };
    const rec = new ShowRecorder({ store, now: () => clock.now, mask: (t) => t, checkpointMs: 5000 });
    const show = rec.start('private', true);
    play(rec, clock, clock.now + 70_000);
    const open = openMinutePath(store, show.id) as string;
    rec.flush();
    const transcript = rec.transcriptPath(show.id);
    const mode = (file: string): string => (statSync(file).mode & 0o777).toString(8);
    expect([mode(open), mode(transcript)]).toEqual(['600', '600']);
    expect([mode(dirname(open)), mode(dirname(transcript))]).toEqual(['700', '700']);
    rec.close();
  });
});
