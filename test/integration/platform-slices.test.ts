/**
 * Platform chat (Twitch, TikTok, YouTube: sources marked `sliced`) reaches the pipeline through the
 * ingest's slices, like /api/ingest: a socket read of many comments is not handled inside the
 * socket's callback with one SQLite commit per held or blocked comment, but in slices of at most
 * `ingest.sliceMs`, each one transaction, so the hub's flush gets its turn between slices. Over the
 * ingest budget a platform message is refused and counted, never lost unseen. Sources without the
 * mark (tests' fakes, the replay) still go straight in.
 */
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../config/chat.js';
import type { SourceStatus } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { tiktokSource } from '../../server/sources/tiktok.js';
import { twitchSource } from '../../server/sources/twitch.js';
import { youtubeSource } from '../../server/sources/youtube.js';
import { testConfig } from '../support/app.js';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const chat = (i: number, text: string, platform = 'twitch'): ChatMessage => ({
  id: `m${i}`,
  platform,
  channel: 'shop',
  user: { id: `u${i}`, name: `user${i}`, displayName: `User${i}`, roles: [] },
  text,
  emotes: [],
  receivedAt: 1,
});

describe('platform sources go through the ingest slices', () => {
  it('marks Twitch, TikTok and YouTube as sliced', () => {
    const c = testConfig({ twitch: { channels: ['luna'] }, tiktok: { username: 'shop' }, youtube: { videoId: 'abcdefghijk', apiKey: 'AIzaKey_0123456789abcdefghijklmn' } });
    const sources = [twitchSource(c.twitch), tiktokSource(c.tiktok), youtubeSource(c.youtube)];
    expect(sources.map((s) => s.sliced)).toEqual([true, true, true]);
    for (const s of sources) s.stop();
  });

  it('handles a burst in slices, each one transaction; an unmarked source still goes straight in', async () => {
    const slices: (() => void)[] = [];
    const platform$ = new Subject<ChatMessage>();
    const direct$ = new Subject<ChatMessage>();
    app = await startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } }), {
      log: () => {},
      ingestDefer: (fn) => slices.push(fn),
      sources: () => [
        { name: 'twitch', sliced: true, messages$: platform$, stop: () => platform$.complete() },
        { name: 'fake', messages$: direct$, stop: () => direct$.complete() },
      ],
    });
    let transactions = 0;
    const store = app.store;
    const original = store.transaction.bind(store);
    store.transaction = <T>(fn: () => T): T => {
      transactions++;
      return original(fn);
    };
    // one socket read: 50 comments, half of them held
    for (let i = 0; i < 50; i++) platform$.next(chat(i, i % 2 ? 'you are a fucking idiot' : `hello ${i}`));
    expect(app.counters.in).toBe(0);
    expect(app.ingest.buffered).toBe(50);
    direct$.next(chat(100, 'straight in', 'replay'));
    expect(app.counters.in).toBe(1);
    let ran = 0;
    while (slices.length) {
      slices.shift()!();
      ran++;
    }
    expect(app.counters.in).toBe(51);
    expect(app.counters.held).toBe(25);
    expect(app.queue.size).toBe(25);
    // 25 holds (and their viewers' context): one transaction a slice (the budget is looked at every 32 items), not 25+ commits
    expect(ran).toBeLessThanOrEqual(2);
    expect(transactions).toBe(ran);
  });

  it('refuses and counts platform messages over the budget (in + refused = sent)', async () => {
    const slices: (() => void)[] = [];
    const platform$ = new Subject<ChatMessage>();
    app = await startApp(testConfig({ ingest: { maxBatch: 100, maxBuffered: 100 } }), {
      log: () => {},
      ingestDefer: (fn) => slices.push(fn),
      sources: () => [{ name: 'tiktok', sliced: true, messages$: platform$, stop: () => platform$.complete() }],
    });
    for (let i = 0; i < 130; i++) platform$.next(chat(i, `hi ${i}`, 'tiktok'));
    expect(app.ingest.buffered).toBe(100);
    expect(app.ingest.pressured).toBe(true);
    expect(app.counters.refused).toBe(30);
    while (slices.length) slices.shift()!();
    expect(app.counters.in).toBe(100);
    expect(app.ingest.pressured).toBe(false);
    expect(app.counters.in + app.counters.refused).toBe(130);
    expect(app.ingest.offered).toBe(100);
  });

  it("shows the refused messages on their source's own console line, not only under ingest busy", async () => {
    const slices: (() => void)[] = [];
    const platform$ = new Subject<ChatMessage>();
    const status$ = new Subject<SourceStatus>();
    app = await startApp(testConfig({ ingest: { maxBatch: 100, maxBuffered: 100 } }), {
      log: () => {},
      ingestDefer: (fn) => slices.push(fn),
      sources: () => [{ name: 'tiktok', sliced: true, messages$: platform$, status$, stop: () => platform$.complete() }],
    });
    for (let i = 0; i < 130; i++) platform$.next(chat(i, `hi ${i}`, 'tiktok'));
    while (slices.length) slices.shift()!();
    // the source's next status goes out with its platform's counts
    status$.next({ name: 'tiktok', kind: 'tiktok', state: 'connected', detail: 'live', since: 0, gaps: [] });
    const line = (app.hub.state as { sources: Record<string, SourceStatus> }).sources['tiktok'];
    expect(line?.counts).toMatchObject({ refused: 30, held: 0 });
    expect(app.counters.refused).toBe(30);
  });
});
