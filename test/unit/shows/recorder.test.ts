/** Show aggregates (issue 16): per-minute buckets, a restart in the middle of a show, bounded records. Real SQLite file, injected clock. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import type { ClusterView, MoodView } from '../../../config/views.js';
import { ShowRecorder, priceText } from '../../../server/shows/recorder.js';
import { buildReview, loadShow, reviewCsv, reviewText } from '../../../server/shows/review.js';
import { Sketch } from '../../../server/shows/sketch.js';
import { Store } from '../../../server/store/store.js';
import { tmpDbPath } from '../../support/app.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function ann(i: number, user: string, action: Annotated['verdict']['action'], opts: { q?: boolean; s?: number; text?: string; filter?: string; first?: boolean } = {}): Annotated {
  return {
    message: { id: `m${i}`, platform: 'twitch', channel: 'shop', user: { id: user, name: user, displayName: user, roles: [], ...(opts.first ? { firstMessage: true } : {}) }, text: opts.text ?? 'hello', emotes: [], receivedAt: 0 },
    verdict: { action, reasons: action === 'allow' ? [] : [{ filter: opts.filter ?? 'profanity', detail: 'x', severity: 0.9, span: null }], score: 0.9 },
    lang: 'en',
    isQuestion: opts.q ?? false,
    sentiment: opts.s ?? 0,
  } as unknown as Annotated;
}

const mood: MoodView = { index: -0.2, negativeShare: 0.3, alert: null, timeline: [] };
const cluster = (id: string, askers: number, faq = false): ClusterView => ({ id, representative: `question ${id}?`, askers, count: askers, trend: 'rising', examples: [], lang: 'en', lastAt: 0, faq: faq ? { id: 'f', answer: 'a' } : null });

describe('show recorder', () => {
  it('writes per-minute aggregates and keeps the whole show across a restart in the middle', () => {
    const path = tmpDbPath();
    let now = Date.UTC(2026, 10, 29, 20, 0, 0);
    let store = new Store(path);
    stores.push(store);
    let rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    const show = rec.start('Friday sale', false);
    // minute 1: 10 messages from 4 viewers, 2 held (spam), 1 blocked, 1 negative about shipping
    for (let i = 0; i < 10; i++) rec.observe(ann(i, `u${i % 4}`, i < 2 ? 'hold' : i === 2 ? 'block' : 'allow', { filter: i < 2 ? 'spam' : 'profanity', q: i === 5, s: i === 6 ? -2 : 0, text: i === 6 ? 'still not shipped, where is my package' : 'hi', first: i === 3 }), now);
    // the mood's complaint themes arrive with the tick (insights drainThemes)
    rec.tick({ clusters: [cluster('c1', 3)], mood }, [{ themes: ['shipping'] }], { shipping: 1 });
    now += 61_000;
    rec.tick({ clusters: [cluster('c1', 5)], mood });
    // minute 2: 5 messages, then the process stops (close flushes) and starts again
    for (let i = 10; i < 15; i++) rec.observe(ann(i, `u${i}`, 'allow'), now);
    rec.flush();
    store.close();

    store = new Store(path);
    stores.push(store);
    rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    expect(rec.active?.id).toBe(show.id);
    // same minute continues where the stored bucket ended
    for (let i = 15; i < 20; i++) rec.observe(ann(i, `u${i}`, 'flag', { filter: 'caps' }), now);
    now += 60_000;
    rec.tick({ clusters: [cluster('c1', 4, true)], mood });
    rec.end();

    const loaded = loadShow(store, show.id);
    expect(loaded).not.toBeNull();
    const r = buildReview(loaded!.meta, loaded!.minutes);
    expect(r.minutes.map((m) => m.msgs)).toEqual([10, 10, 0]);
    expect(r.totals).toMatchObject({ msgs: 20, allow: 12, hold: 2, block: 1, flag: 5, questions: 1, negative: 1, first: 1, alerts: 1 });
    expect(r.totals.chatters).toBeGreaterThanOrEqual(13);
    expect(r.totals.chatters).toBeLessThanOrEqual(15);
    expect(r.holdReasons).toEqual({ spam: 2 });
    expect(r.themes['shipping']).toBe(1);
    // one record across the restart (the same question: the same text), whatever id this process gave its card
    expect(r.questions).toHaveLength(1);
    expect(r.questions[0]).toMatchObject({ text: 'question c1?', peakAskers: 5, answeredBy: 'faq' });
    expect(r.questions[0]!.peakAt - r.show.startedAt).toBe(61_000);
    expect(r.show.endedAt).toBe(now);
    expect(rec.active).toBeNull();
    const csv = reviewCsv(r).split('\r\n');
    expect(csv[0]).toMatch(/^minute,messages,chatters/);
    expect(csv[1]).toMatch(/^2026-11-29T20:00:00.000Z,10,4,1,7,0,2,1,spam:2,/);
    // the terminal review names a detector as people read it, in its language
    const linked = { ...r, holdReasons: { 'spam.link': 3, 'spam.raid': 1 }, themes: { shipping: 2 } };
    expect(reviewText(linked, 'en')).toContain('holds by reason: link 3, copy-paste raid 1');
    expect(reviewText(linked, 'zh')).toContain('待审原因: 链接 3, 组团刷屏 1');
    expect(reviewText(linked, 'zh')).toContain('投诉主题: 物流 2');
    // a show an older version kept without a title is named as the review page names it (it read ' — 2026-…')
    const untitled = { ...r, show: { ...r.show, title: '' } };
    expect(reviewText(untitled, 'en').split('\n')[0]).toMatch(/^Untitled show — 2026-/);
    expect(reviewText(untitled, 'zh').split('\n')[0]).toMatch(/^未命名场次 — 2026-/);
  });

  it('keeps at most 100 question records, the most asked ones', () => {
    const store = new Store(':memory:');
    stores.push(store);
    const rec = new ShowRecorder({ store, now: () => 0, mask: (t) => t });
    const show = rec.start('', false);
    for (let i = 0; i < 150; i++) rec.tick({ clusters: [cluster(`c${i}`, i)], mood });
    rec.end();
    const meta = loadShow(store, show.id)!.meta;
    expect(meta.questions.length).toBe(100);
    expect(Math.min(...meta.questions.map((q) => q.peakAskers))).toBe(50);
  });

  it('keeps at most 100 shows: the oldest show and its minutes go', () => {
    const store = new Store(':memory:');
    stores.push(store);
    let now = 0;
    const rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    const first = rec.start('first', false);
    rec.observe(ann(0, 'u', 'allow'), now);
    rec.end();
    for (let i = 0; i < 100; i++) {
      now += 60_000;
      rec.start(`s${i}`, false);
      rec.end();
    }
    expect(rec.list().length).toBe(100);
    expect(loadShow(store, first.id)).toBeNull();
    expect(store.jsonKeys(`show:${first.id}:`)).toEqual([]);
  });

  it('counts distinct chatters with a sketch within a few per cent', () => {
    const s = new Sketch();
    for (let i = 0; i < 50_000; i++) s.add(`viewer-${i}`);
    for (let i = 0; i < 50_000; i++) s.add(`viewer-${i}`);
    const back = new Sketch(s.toBase64());
    expect(Math.abs(back.estimate() - 50_000) / 50_000).toBeLessThan(0.06);
    const small = new Sketch();
    for (let i = 0; i < 30; i++) small.add(`v${i}`);
    expect(small.estimate()).toBe(30);
  });

  it('records decisions with their waits per moderator, pinned answers, and moments', () => {
    const store = new Store(':memory:');
    stores.push(store);
    let now = Date.UTC(2026, 10, 29, 20, 0, 0);
    const rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    const show = rec.start('', false);
    rec.tick({ clusters: [cluster('c1', 4)], mood });
    rec.afterCommand({ kind: 'moderation.decide', itemIds: ['a', 'b'], decision: 'approve' } as never, 'moderator:ana', { decided: ['a', 'b'] }, () => [{ actor: 'moderator:ana', waitedMs: 4000 }, { actor: 'moderator:ana', waitedMs: 8000 }]);
    rec.afterCommand({ kind: 'moderation.decide', itemIds: ['c'], decision: 'reject' } as never, 'moderator:bo', { decided: ['c'] }, () => [{ actor: 'moderator:bo', waitedMs: 30_000 }]);
    now += 20_000;
    rec.afterCommand({ kind: 'pin.set', question: 'question c1?', answer: 'free over $30', saveToFaq: false }, 'producer:x', {});
    rec.afterCommand({ kind: 'obs.scene', scene: 'Close-up' }, 'producer:x', { ok: true });
    rec.afterCommand({ kind: 'obs.scene', scene: 'Missing' }, 'producer:x', { ok: false });
    rec.end();
    const { meta, minutes } = loadShow(store, show.id)!;
    const r = buildReview(meta, minutes);
    expect(r.moderators).toEqual([{ actor: 'moderator:ana', decisions: 2, avgWaitMs: 6000 }, { actor: 'moderator:bo', decisions: 1, avgWaitMs: 30_000 }]);
    expect(r.totals).toMatchObject({ decisions: 3, waitP50: 8000, waitP90: 30_000 });
    expect(r.questions[0]).toMatchObject({ answeredBy: 'pin', answeredAt: now });
    expect(minutes[0]!.events.map((e) => `${e.kind}:${e.detail}`)).toEqual(['pin:question c1?', 'scene:Close-up']);
  });

  it('keeps both lines of a card asked in both languages, across a restart, and a pin in either language answers it', () => {
    const path = tmpDbPath();
    let now = Date.UTC(2026, 10, 29, 20, 0, 0);
    let store = new Store(path);
    stores.push(store);
    let rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    const show = rec.start('Bilingual', false);
    // first asked in English only; the Chinese askers join the same card a minute later
    const en: ClusterView = { ...cluster('c1', 3), representative: 'when will it ship??' };
    rec.tick({ clusters: [en], mood });
    now += 60_000;
    rec.tick({ clusters: [{ ...en, askers: 6, representativeAlt: '几天发货呀？？？', representativeZh: false }], mood });
    rec.flush();
    store.close();
    store = new Store(path);
    stores.push(store);
    rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    now += 10_000;
    // the producer pins it by its Chinese line
    rec.afterCommand({ kind: 'pin.set', question: '几天发货呀', answer: '48小时内发货', saveToFaq: false }, 'producer:x', {});
    rec.end();
    const { meta, minutes } = loadShow(store, show.id)!;
    const r = buildReview(meta, minutes);
    expect(r.questions).toHaveLength(1);
    expect(r.questions[0]).toMatchObject({ text: 'when will it ship??', alt: '几天发货呀？？？', zh: false, peakAskers: 6, answeredBy: 'pin', answeredAt: now });
    // the terminal review reads the reader's language first, marks tidied
    expect(reviewText(r, 'zh')).toContain('6 人问 · 几天发货呀？ · when will it ship?');
    expect(reviewText(r, 'en')).toContain('6 asked · when will it ship? · 几天发货呀？');
  });

  it('writes a sale’s price in its record as people write it', () => {
    expect(priceText(9.9, '$')).toBe('$9.90');
    expect(priceText(34, '$')).toBe('$34');
    expect(priceText(19.9, '元')).toBe('19.90元');
    expect(priceText(12.5, 'EUR')).toBe('12.50 EUR');
  });
});
