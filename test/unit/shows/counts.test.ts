/** The recorder's per-message counters (issue 16): typed-array counts by small id, moved into the minute's records when it is written. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import type { Minute } from '../../../config/review.js';
import { IdCounts, newMinute, ReasonCounts, ShowRecorder } from '../../../server/shows/recorder.js';
import { Store } from '../../../server/store/store.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('IdCounts', () => {
  it('adds its counts to a record, new keys in first-counted order, existing keys kept in place', () => {
    const c = new IdCounts(2);
    const names = ['a', 'b', 'c', 'd'];
    c.add(2);
    c.add(0);
    c.add(2);
    c.add(3); // grows past the initial size
    const into: Record<string, number> = { b: 5, a: 1 };
    c.drain(into, names);
    expect(into).toEqual({ b: 5, a: 2, c: 2, d: 1 });
    expect(Object.keys(into)).toEqual(['b', 'a', 'c', 'd']);
    // drained: a second drain adds nothing
    c.drain(into, names);
    expect(into).toEqual({ b: 5, a: 2, c: 2, d: 1 });
    c.add(1);
    c.clear();
    c.drain(into, names);
    expect(Object.keys(into)).toEqual(['b', 'a', 'c', 'd']);
  });
});

describe('ReasonCounts', () => {
  it('counts reasons per action by filter name, each in the order first seen for that action', () => {
    const r = new ReasonCounts();
    r.count(1, [{ filter: 'abuse' }]); // hold
    r.count(0, [{ filter: 'spam' }, { filter: 'abuse' }]); // flag
    r.count(1, [{ filter: 'spam' }]);
    r.count(2, [{ filter: 'links' }]); // block
    r.count(1, [{ filter: 'abuse' }]);
    const b: Minute = newMinute(0);
    r.drain(b);
    expect(b.flagBy).toEqual({ spam: 1, abuse: 1 });
    expect(Object.keys(b.flagBy)).toEqual(['spam', 'abuse']);
    expect(b.holdBy).toEqual({ abuse: 2, spam: 1 });
    expect(b.blockBy).toEqual({ links: 1 });
  });
});

function ann(i: number, action: Annotated['verdict']['action'], filter: string, sentiment = 0, text = 'hi'): Annotated {
  return {
    message: { id: `m${i}`, platform: 'twitch', channel: 'shop', user: { id: `u${i}`, name: `u${i}`, displayName: `u${i}`, roles: [] }, text, emotes: [], receivedAt: 0 },
    verdict: { action, reasons: action === 'allow' ? [] : [{ filter, detail: 'x', severity: 0.9, span: null }], score: 0.9 },
    lang: 'en',
    isQuestion: false,
    sentiment,
  } as unknown as Annotated;
}

describe('show recorder counters', () => {
  it('a flush in the middle of a minute writes the counts so far, and later messages add to them', () => {
    const store = new Store(':memory:');
    stores.push(store);
    const now = Date.UTC(2026, 10, 29, 20, 0, 10);
    const rec = new ShowRecorder({ store, now: () => now, mask: (t) => t });
    const show = rec.start('mid-minute', false);
    rec.observe(ann(1, 'hold', 'spam', -0.5, 'Too EXPENSIVE and the shipping is slow'), now);
    rec.observe(ann(2, 'flag', 'caps'), now);
    rec.tick(null, [], { shipping: 1, price: 1 });
    rec.flush();
    const key = store.jsonKeys(`show:${show.id}:m:`)[0] as string;
    const first = store.getJson<Minute>(key) as Minute;
    expect(first.holdBy).toEqual({ spam: 1 });
    expect(first.flagBy).toEqual({ caps: 1 });
    expect(first.themes).toEqual({ shipping: 1, price: 1 });
    rec.observe(ann(3, 'hold', 'abuse', -0.5, 'the price, the price'), now);
    rec.observe(ann(4, 'hold', 'spam'), now);
    rec.observe(ann(5, 'block', 'links'), now);
    rec.tick(null, [], { price: 1 });
    rec.end();
    const second = store.getJson<Minute>(key) as Minute;
    expect(second.holdBy).toEqual({ spam: 2, abuse: 1 });
    expect(second.flagBy).toEqual({ caps: 1 });
    expect(second.blockBy).toEqual({ links: 1 });
    expect(second.themes).toEqual({ shipping: 1, price: 2 });
    expect(second.hold).toBe(3);
  });
});
