import { asyncScheduler, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import { InsightsConfigSchema } from '../../../config/insights-config.js';
import type { FaqEntry } from '../../../config/views.js';
import { classify } from '../../../insights/classify.js';
import { createInsights, insightsSnapshots$, insightsStage } from '../../../server/pipeline/insights-stage.js';

const rx = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const faq: FaqEntry[] = [{ id: 'shipping-cost', keywords: ['包邮', '运费', 'free shipping'], answer: 'Free shipping tonight' }];

let seq = 0;
function ann(text: string, user: string, action: 'allow' | 'flag' | 'hold' | 'block' = 'allow', filter?: string): Annotated {
  const c = classify(text);
  return {
    message: { id: `m${seq++}`, platform: 'test', channel: 'c', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: 0 },
    verdict: { action, reasons: filter ? [{ filter, severity: 'low', detail: 'd' }] : [], score: 0 },
    lang: c.lang,
    isQuestion: c.isQuestion,
    sentiment: c.sentiment,
  };
}

describe('createInsights', () => {
  it('clusters questions from different viewers and attaches the FAQ answer', () => {
    const ins = createInsights(InsightsConfigSchema.parse({}), faq);
    ins.observe(ann('包邮吗', 'a'), 0);
    ins.observe(ann('运费多少', 'b'), 1000);
    ins.observe(ann('love it', 'c'), 1500);
    const snap = ins.snapshot(2000);
    expect(snap.clusters).toHaveLength(1);
    expect(snap.clusters[0]).toMatchObject({ askers: 2, lang: 'zh', faq: { id: 'shipping-cost', answer: 'Free shipping tonight' } });
  });

  it('ignores blocked messages and picks up FAQ edits', () => {
    const ins = createInsights(InsightsConfigSchema.parse({}), []);
    ins.observe(ann('包邮吗', 'a', 'block'), 0);
    ins.observe(ann('包邮吗', 'b'), 0);
    ins.observe(ann('包邮吗？', 'c'), 10);
    expect(ins.snapshot(20).clusters[0]?.askers).toBe(2);
    expect(ins.snapshot(20).clusters[0]?.faq).toBeNull();
    ins.setFaq(faq);
    expect(ins.snapshot(20).clusters[0]?.faq?.id).toBe('shipping-cost');
  });
});

describe('flagged lines', () => {
  it('an abusive one that stayed up counts for the mood but never joins a question card; other flags do', () => {
    const ins = createInsights(InsightsConfigSchema.parse({}), []);
    ins.observe(ann('why are you so fucking ugly?', 'a', 'flag', 'abuse.en'), 0);
    ins.observe(ann('why are you so fucking ugly??', 'b', 'flag', 'abuse.model'), 10);
    ins.observe(ann('WHEN DOES IT SHIP?', 'c', 'flag', 'spam.caps'), 20);
    ins.observe(ann('when does it ship?', 'd'), 30);
    const snap = ins.snapshot(40);
    expect(snap.clusters.map((c) => c.askers)).toEqual([2]);
    expect(snap.clusters[0]?.representative.toLowerCase()).toBe('when does it ship?');
    // the abusive lines were read by the mood: the share is above that of the two other lines alone
    const without = createInsights(InsightsConfigSchema.parse({}), []);
    without.observe(ann('WHEN DOES IT SHIP?', 'c', 'flag', 'spam.caps'), 20);
    without.observe(ann('when does it ship?', 'd'), 30);
    expect(snap.mood.negativeShare).toBeGreaterThan(without.snapshot(40).mood.negativeShare + 0.2);
  });
});

describe('insightsStage', () => {
  it('passes every message through unchanged, feeding insights at virtual time', () => {
    rx().run(({ hot, expectObservable, expectSubscriptions }) => {
      const ins = createInsights(InsightsConfigSchema.parse({}), []);
      const a = ann('包邮吗', 'a');
      const b = ann('运费多少', 'b');
      const src = hot('  -a 5s b |', { a, b });
      const subs = '     ^ 5002ms !';
      expectObservable(src.pipe(insightsStage(ins, asyncScheduler))).toBe('-a 5s b |', { a, b });
      expectSubscriptions(src.subscriptions).toBe(subs);
    });
  });

  it('passes an upstream error on', () => {
    rx().run(({ cold, expectObservable }) => {
      const ins = createInsights(InsightsConfigSchema.parse({}), []);
      expectObservable(cold<Annotated>('-#', {}, new Error('boom')).pipe(insightsStage(ins, asyncScheduler))).toBe('-#', {}, new Error('boom'));
    });
  });
});


describe('insightsSnapshots$', () => {
  it('emits at most one snapshot a second: the first at once, the last after the burst', () => {
    rx().run(({ hot, expectObservable }) => {
      const ins = createInsights(InsightsConfigSchema.parse({}), faq);
      // a burst of 4 questions in 300 ms, then one at 2 s
      const src = hot('a 99ms b 99ms c 99ms d 1699ms e', { a: ann('包邮吗', 'a'), b: ann('运费多少', 'b'), c: ann('包不包邮', 'c'), d: ann('运费多少钱', 'd'), e: ann('包邮吗', 'e') });
      const askers = insightsSnapshots$(src, ins, asyncScheduler, 1000, 60_000).pipe(map((s) => s.clusters[0]?.askers ?? 0));
      // a at 0 (leading: only 1 asker, hidden → 0); trailing at 1000 with a-d (4); e at 2000 (leading); trailing none
      expectObservable(askers, '^ 2500ms !').toBe('z 999ms x 999ms y', { z: 0, x: 4, y: 5 });
    });
  });

  it('emits on idle ticks so an alert can end without messages, and completes after the source does', () => {
    rx().run(({ hot, expectObservable }) => {
      const ins = createInsights(InsightsConfigSchema.parse({}), []);
      const src = hot('a 25s |', { a: ann('hello', 'a') });
      const n = insightsSnapshots$(src, ins, asyncScheduler, 1000, 10_000).pipe(map((s) => s.mood.timeline.length));
      //                 a at 0      idle tick at 10 s   idle tick at 20 s      source ends at 25 001 ms
      expectObservable(n).toBe('x 9999ms x 9999ms x 5000ms |', { x: 180 });
    });
  });

  it('completes at once on an empty source, ticks on a silent one', () => {
    rx().run(({ cold, expectObservable }) => {
      const ins = createInsights(InsightsConfigSchema.parse({}), []);
      expectObservable(insightsSnapshots$(cold<Annotated>('|'), ins, asyncScheduler).pipe(map(() => 1))).toBe('|');
      expectObservable(insightsSnapshots$(cold<Annotated>('-'), ins, asyncScheduler, 1000, 10_000).pipe(map(() => 1)), '^ 25s !').toBe('10s x 9999ms x', { x: 1 });
    });
  });

  it('passes an upstream error and a throwing insights call on as errors', () => {
    rx().run(({ cold, expectObservable }) => {
      const ins = createInsights(InsightsConfigSchema.parse({}), []);
      expectObservable(insightsSnapshots$(cold<Annotated>('-#', {}, new Error('boom')), ins, asyncScheduler)).toBe('-#', {}, new Error('boom'));
      const broken = { ...ins, observe: () => { throw new Error('observe failed'); } };
      expectObservable(insightsSnapshots$(cold('-a', { a: ann('hi', 'u') }), broken, asyncScheduler)).toBe('-#', {}, new Error('observe failed'));
    });
  });

  it('raises a mood alert in virtual time when negativity rises, then ends it with hysteresis', { timeout: 60_000 }, () => {
    const seen: Array<{ at: number; alert: boolean }> = [];
    rx().run(({ hot }) => {
      const cfg = InsightsConfigSchema.parse({ moodWarmupMessages: 50, moodMinAlertMs: 20_000 });
      const ins = createInsights(cfg, []);
      // 5 msg/s: 100 s calm (10 % negative), 40 s angry (50 %), then calm again until 300 s
      const values: Record<string, Annotated> = {};
      const frames: string[] = [];
      for (let i = 0; i < 1500; i++) {
        const t = i / 5;
        const angry = t >= 100 && t < 140 ? i % 2 === 0 : i % 10 === 0;
        const key = String.fromCharCode(0x4e00 + i);
        values[key] = ann(angry ? '还没发货，骗子' : '主播好', `u${(i * 7) % 500}`);
        frames.push(key);
      }
      const src = hot(frames.join(' 199ms ') + ' 199ms |', values);
      insightsSnapshots$(src, ins, asyncScheduler, 1000, 10_000).subscribe((s) => seen.push({ at: asyncScheduler.now(), alert: s.mood.alert !== null }));
    });
    const first = seen.find((s) => s.alert);
    expect(first?.at).toBeGreaterThan(100_000);
    expect(first?.at).toBeLessThanOrEqual(120_000);
    const last = [...seen].reverse().find((s) => s.alert);
    expect(last?.at).toBeLessThan(240_000);
    expect(seen.at(-1)?.alert).toBe(false);
    // at most one snapshot per second of virtual time
    for (let i = 1; i < seen.length; i++) expect((seen[i]?.at ?? 0) - (seen[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });
});
