/**
 * A show's question records count only who asked during the show. The question clusters run all the
 * time (5-minute window): a card that filled up before "Start show" must not bring its earlier askers
 * into the review (they made "askers" exceed the show's own distinct chatters). Real SQLite file,
 * the real insights stage, an injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import type { ClusterView, MoodView } from '../../../config/views.js';
import { INSIGHTS_DEFAULTS } from '../../../config/insights-config.js';
import { createInsights } from '../../../server/pipeline/insights-stage.js';
import { ShowRecorder } from '../../../server/shows/recorder.js';
import { buildReview, loadShow } from '../../../server/shows/review.js';
import { Store } from '../../../server/store/store.js';
import { tmpDbPath } from '../../support/app.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

let seq = 0;
function question(user: string, text: string): Annotated {
  return {
    message: { id: `m${seq++}`, platform: 'tiktok', channel: 'shop', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: 0 },
    verdict: { action: 'allow', reasons: [], score: 0 },
    lang: 'en',
    isQuestion: true,
    sentiment: 0,
  } as unknown as Annotated;
}

describe('question records of a show', () => {
  it('count only the askers of the show, not those of the minutes before "Start show"', () => {
    let now = Date.UTC(2026, 10, 30, 19, 58, 0);
    const store = new Store(tmpDbPath());
    stores.push(store);
    const insights = createInsights(INSIGHTS_DEFAULTS, []);
    const rec = new ShowRecorder({ store, now: () => now, mask: (t) => t, askers: () => insights.askerCounts() });
    // warm-up: eight viewers ask about shipping in the two minutes before the show starts
    for (let i = 0; i < 8; i++) {
      insights.observe(question(`early${i}`, 'how much is shipping?'), now);
      now += 10_000;
    }
    // and two about sizes: a card nobody asks again during the show
    for (let i = 0; i < 2; i++) insights.observe(question(`early${i}`, 'what size is the red dress?'), now);
    const before = insights.snapshot(now).clusters;
    expect(before.map((c) => c.askers)).toEqual([8, 2]);
    const show = rec.start('Friday sale', false);
    // during the show: two new viewers ask the same thing (the card is still within its window)
    for (const user of ['late1', 'late2']) {
      const a = question(user, 'how much is shipping?');
      rec.observe(a, now);
      insights.observe(a, now);
      now += 5_000;
      rec.tick(insights.snapshot(now));
    }
    now += 60_000;
    rec.tick(insights.snapshot(now));
    rec.end();

    const loaded = loadShow(store, show.id);
    const r = buildReview(loaded!.meta, loaded!.minutes);
    expect(r.totals.chatters).toBe(2);
    // the size card stayed on screen, but nobody asked it during the show: not the show's question
    expect(r.questions).toHaveLength(1);
    expect(r.questions[0]).toMatchObject({ text: 'how much is shipping?', peakAskers: 2 });
    for (const q of r.questions) expect(q.peakAskers).toBeLessThanOrEqual(r.totals.chatters);
    // the minutes' cards say the same
    for (const m of r.minutes) for (const c of m.clusters) expect(c.askers).toBeLessThanOrEqual(2);
  });
});

const mood: MoodView = { index: 0, negativeShare: 0, alert: null, timeline: [] };
const card = (id: string, representative: string, askers: number): ClusterView => ({ id, representative, askers, count: askers, trend: 'steady', examples: [], lang: 'en', lastAt: 0, faq: null });

describe('question records across a restart in the middle of a show', () => {
  it('keep a card of the new process apart from an old record with the same cluster id (the clusters start again at q0)', () => {
    const path = tmpDbPath();
    let now = Date.UTC(2026, 10, 30, 20, 0, 0);
    let store = new Store(path);
    stores.push(store);
    let rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    const show = rec.start('Friday sale', false);
    rec.tick({ clusters: [card('q0', 'how much is shipping?', 5)], mood });
    rec.close();
    store.close();
    // the process restarts: the show goes on, the question clusters number from q0 again
    now += 30_000;
    store = new Store(path);
    stores.push(store);
    rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    expect(rec.active?.id).toBe(show.id);
    rec.tick({ clusters: [card('q0', 'what size is the red dress?', 3)], mood });
    now += 5_000;
    rec.tick({ clusters: [card('q0', 'what size is the red dress?', 7)], mood });
    rec.end();
    const loaded = loadShow(store, show.id);
    const r = buildReview(loaded!.meta, loaded!.minutes);
    // it kept one record: the shipping text with the size card's askers (7), the size question lost
    expect(r.questions.map((q) => [q.text, q.peakAskers])).toEqual([
      ['what size is the red dress?', 7],
      ['how much is shipping?', 5],
    ]);
  });
});
