/**
 * Shows started and ended by the chat (`shows.auto`), in virtual time: an RxJS VirtualTimeScheduler
 * is the app's clock, its interval drives the once-a-second tick as the app's does, and chat
 * arrives at scheduled moments. Two hours of show in a few milliseconds.
 */
import { interval, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotated } from '../../../config/chat.js';
import { ShowsConfigSchema } from '../../../config/review.js';
import type { ShowLive } from '../../../config/views.js';
import { createShows, type Shows } from '../../../server/shows/index.js';
import { loadShow } from '../../../server/shows/review.js';
import { Store } from '../../../server/store/store.js';

const stores: Store[] = [];
const all: Shows[] = [];
afterEach(() => {
  for (const s of all.splice(0)) s.close();
  for (const s of stores.splice(0)) s.close();
});

const MIN = 60_000;
let n = 0;
const msg = (): Annotated =>
  ({ message: { id: `m${n++}`, platform: 'tiktok', channel: 'shop', user: { id: `u${n % 5}`, name: 'u', displayName: 'U', roles: [] }, text: 'hi', emotes: [], receivedAt: 0 }, verdict: { action: 'allow', reasons: [], score: 0 }, lang: 'en', isQuestion: false, sentiment: 0 }) as unknown as Annotated;

function setup(auto: { enabled: boolean; idleMinutes?: number; title?: string }, store: Store = new Store(':memory:')) {
  const scheduler = new VirtualTimeScheduler();
  if (!stores.includes(store)) stores.push(store);
  const logs: string[] = [];
  /** What the shows part published to the control state's `show` slice, with the virtual time. */
  const published: { at: number; show: ShowLive | null }[] = [];
  const shows = createShows({
    publish: (path, value) => {
      expect(path).toEqual(['show']);
      published.push({ at: scheduler.now(), show: value as ShowLive | null });
    },
    store,
    now: () => scheduler.now(),
    mask: (t) => t,
    pagesDir: 'dist/pages',
    authenticate: () => null,
    banner: () => null,
    config: () => ({ ...defaults, shows: ShowsConfigSchema.parse({ auto }) }),
    rehearseInline: true,
    log: (line) => logs.push(line),
  });
  all.push(shows);
  interval(1000, scheduler).subscribe(() => shows.tick(null));
  /** `count` messages, one a second, starting at minute `at`. */
  const chat = (at: number, count: number): void => {
    for (let i = 0; i < count; i++) scheduler.schedule(() => shows.observe(msg(), scheduler.now()), at * MIN + i * 1000 - scheduler.now());
  };
  const until = (minute: number): void => {
    scheduler.maxFrames = minute * MIN;
    scheduler.flush();
  };
  return { scheduler, store, shows, chat, until, logs, published };
}

const defaults = { filters: undefined as never, insights: undefined as never, faqFile: 'config/faq.yaml' };

describe('shows started by chat', () => {
  it('starts with the first message, ends after the quiet time, and starts again when chat comes back', () => {
    const t = setup({ enabled: true, idleMinutes: 10, title: 'Auto' });
    t.chat(2, 30);
    t.chat(15, 30);
    const list = () => t.shows.recorder.list();
    // 30 messages from minute 2 on, quiet from 2:29: still running at minute 12 (under 10 min of quiet)
    t.until(12);
    expect(list().length).toBe(1);
    expect(list()[0]).toMatchObject({ title: 'Auto', startedAt: 2 * MIN, endedAt: null });
    // by minute 20 it ended 10 min after its last message, and the chat at minute 15 started another
    t.until(20);
    expect(list().length).toBe(2);
    const [second, ended] = list() as [ReturnType<typeof list>[number], ReturnType<typeof list>[number]];
    expect(ended.title).toBe('Auto');
    // it ended at its last message (seen at the next one-second tick), not when the quiet time ran
    // out: the review says the show ran about half a minute, not ten and a half
    expect(ended.endedAt! - (2 * MIN + 29_000)).toBeGreaterThanOrEqual(0);
    expect(ended.endedAt! - (2 * MIN + 29_000)).toBeLessThanOrEqual(1000);
    expect(second.startedAt).toBe(15 * MIN);
    expect(second.endedAt).toBeNull();
    expect(t.shows.recorder.active?.auto).toBe(true);
    expect(loadShow(t.store, ended.id)!.minutes.reduce((s, m) => s + m.msgs, 0)).toBe(30);
    t.until(40);
    expect(t.shows.recorder.active).toBeNull();
    expect(list().map((s) => s.endedAt !== null)).toEqual([true, true]);
    expect(t.logs.filter((l) => l.includes('started by chat')).length).toBe(2);
  });

  it('never ends a show the producer started by hand, and is off unless configured', () => {
    const t = setup({ enabled: true, idleMinutes: 5 });
    t.shows.recorder.start('by hand', false);
    t.chat(1, 10);
    t.until(30);
    expect(t.shows.recorder.active?.title).toBe('by hand');
    expect(t.shows.recorder.list().length).toBe(1);

    const off = setup({ enabled: false });
    off.chat(1, 10);
    off.until(5);
    expect(off.shows.recorder.active).toBeNull();
    expect(off.shows.recorder.list()).toEqual([]);
  });

  it('publishes the running show to the control state as chat starts it and silence ends it (the console bar follows)', () => {
    const t = setup({ enabled: true, idleMinutes: 10, title: 'Auto' });
    // nothing runs yet: the slice says so from the start
    expect(t.published).toEqual([{ at: 0, show: null }]);
    t.chat(2, 3);
    t.until(5);
    const id = t.shows.recorder.active?.id;
    expect(t.published.slice(1)).toEqual([{ at: 2 * MIN, show: { id, title: 'Auto', startedAt: 2 * MIN, recording: false, auto: true } }]);
    t.until(20);
    expect(t.published).toHaveLength(3);
    expect(t.published[2]?.show).toBeNull();
    // ended by silence: 10 min after the last message (2:02), at the next tick
    expect(t.published[2]!.at - (2 * MIN + 2000)).toBeGreaterThanOrEqual(10 * MIN);
    expect(t.published[2]!.at - (2 * MIN + 2000)).toBeLessThan(10 * MIN + 2000);
  });

  it('publishes a show resumed from the store as running, and a hand start over a running one as the new one', () => {
    const store = new Store(':memory:');
    const first = setup({ enabled: false }, store);
    const a = first.shows.recorder.start('Monday', false);
    first.shows.close();
    const second = setup({ enabled: false }, store);
    expect(second.published).toEqual([{ at: 0, show: { id: a.id, title: 'Monday', startedAt: a.startedAt, recording: false, auto: false } }]);
    const b = second.shows.recorder.start('Tuesday', false);
    expect(second.published.slice(1).map((p) => p.show?.id ?? null)).toEqual([null, b.id]);
    second.shows.recorder.end();
    expect(second.published.at(-1)?.show).toBeNull();
  });
});
