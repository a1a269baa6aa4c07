/** Where the insights snapshots go: console slices and the overlay, unchanged clusters not sent again. */
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ThemeSchema } from '../../../config/protocol.js';
import type { ClusterView, MoodView } from '../../../config/views.js';
import { LiveOverlay } from '../../../server/overlay/live-overlay.js';
import { initialOverlay } from '../../../server/overlay/reducer.js';
import { createInsightsView, onClock } from '../../../server/pipeline/insights-view.js';

const mood = (index: number): MoodView => ({ index, negativeShare: 0, alert: null, timeline: [] });
const cluster = (id: string, representative: string, askers: number): ClusterView => ({ id, representative, askers, count: askers, trend: 'steady', examples: [], lang: 'en', lastAt: 0, faq: null });

function setup(alerts: { themes: string[] }[][] = []) {
  const sent: string[] = [];
  const saves: unknown[] = [];
  const logs: string[] = [];
  const overlay = new LiveOverlay(initialOverlay(ThemeSchema.parse({})), { save: (s) => saves.push(s), publish: (p) => sent.push(p.join('.')) });
  const show = createInsightsView({ publish: (p) => sent.push(p.join('.')), overlay, drainAlerts: () => alerts.shift() ?? [], log: (l) => logs.push(l) });
  return { show, sent, saves, logs, overlay };
}

describe('the insights view', () => {
  it('sends clusters only when they changed; the overlay gets the top three (bidi stripped) and the rounded mood', () => {
    const t = setup();
    const cs = [{ ...cluster('a', 'shipping?\u202e', 5), representativeAlt: '\u202e运费多少' }, cluster('b', 'size?', 3), cluster('c', 'colour?', 2), cluster('d', 'when?', 2)];
    t.show({ clusters: cs, mood: mood(0.123) });
    expect(t.sent).toEqual(['clusters', 'overlay.topQuestions', 'mood', 'overlay.mood']);
    // a card asked in both languages carries its other line, for an overlay in the other language
    expect(t.overlay.current.topQuestions).toEqual([{ text: 'shipping?', askers: 5, alt: '运费多少', zh: false }, { text: 'size?', askers: 3 }, { text: 'colour?', askers: 2 }]);
    expect(t.overlay.current.mood).toBe(0.12);
    t.sent.length = 0;
    t.show({ clusters: structuredClone(cs), mood: mood(0.1249) });
    expect(t.sent).toEqual(['mood']);
    expect(t.saves).toHaveLength(2);
    t.sent.length = 0;
    // a fourth cluster changed: the console hears of it, the overlay's top three did not change
    t.show({ clusters: [...cs.slice(0, 3), cluster('d', 'when?', 3)], mood: mood(0.12) });
    expect(t.sent).toEqual(['clusters', 'mood']);
  });

  it('logs the mood alerts raised since the last snapshot', () => {
    const t = setup([[{ themes: ['shipping', 'refund'] }, { themes: [] }]]);
    t.show({ clusters: [], mood: mood(0) });
    t.show({ clusters: [], mood: mood(0) });
    expect(t.logs).toEqual(['mood: negative mood rising (shipping, refund)', 'mood: negative mood rising (no clear theme)']);
  });
});

describe('onClock', () => {
  it('tells the clock’s time but waits on the scheduler', () => {
    const sched = new VirtualTimeScheduler(VirtualAction, Infinity);
    const fast = onClock(sched, { now: () => sched.now() * 10 });
    const seen: number[] = [];
    fast.schedule(() => void seen.push(fast.now()), 1000);
    sched.flush();
    expect(seen).toEqual([10_000]);
    expect(onClock(sched, sched)).toBe(sched);
  });
});
