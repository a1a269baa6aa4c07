/**
 * One clock in a replay (issue 14): the app feeds questions, mood and auto-replies the chat's time,
 * the same clock the filters get, so a replay at 10× keeps a 60-s mood window of 60 chat-seconds and
 * clusters expire after their window of chat time. Live chat (speed 1) keeps the wall clock.
 * Virtual time: the app runs on a VirtualTimeScheduler advanced by hand.
 */
import { Subject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotated, ChatMessage } from '../../config/chat.js';
import type { ClusterView, MoodView } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { createInsights } from '../../server/pipeline/insights-stage.js';
import { testConfig } from '../support/app.js';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** Starts the app on virtual time with one fake replay source at `speed`; records the times the insights were given. */
async function start(speed: number, opts: { alertAgoMs?: number } = {}) {
  const sched = new VirtualTimeScheduler(VirtualAction, 0);
  const chat$ = new Subject<ChatMessage>();
  const observedAt: number[] = [];
  const snapshotAt: number[] = [];
  const config = testConfig({ replay: { enabled: true, speed, files: ['unused.jsonl'] } });
  app = await startApp(config, {
    log: () => {},
    scheduler: sched,
    sources: () => [{ name: 'replay', messages$: chat$, stop: () => chat$.complete() }],
    insights: (c, faq) => {
      const ins = createInsights(c.insights, faq);
      return {
        ...ins,
        observe: (a: Annotated, t: number) => {
          observedAt.push(t);
          ins.observe(a, t);
        },
        snapshot: (t: number) => {
          snapshotAt.push(t);
          const snap = ins.snapshot(t);
          // a mood alert that began `alertAgoMs` of chat time ago
          return opts.alertAgoMs === undefined ? snap : { ...snap, mood: { ...snap.mood, alert: { since: t - opts.alertAgoMs, themes: ['shipping'], examples: [] } } };
        },
      };
    },
  });
  let n = 0;
  const say = (text: string, user: string): void => {
    n++;
    chat$.next({ id: `m${n}`, platform: 'replay', channel: 'shop', user: { id: user, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: sched.now() });
  };
  /** Advances the wall clock by `ms` (the once-a-second ticker runs on the way). */
  const advance = (ms: number): void => {
    sched.maxFrames = sched.now() + ms;
    sched.flush();
  };
  const state = app.hub.state as unknown as { clusters: ClusterView[]; mood: MoodView };
  return { sched, say, advance, observedAt, snapshotAt, state };
}

describe('a replay at 10× runs the insights on the chat clock', () => {
  it('gives the insights chat time: 6 wall seconds are 60 chat-seconds', async () => {
    const r = await start(10);
    r.advance(1000);
    const t0 = r.observedAt.length ? r.observedAt[0]! : r.snapshotAt[0]!;
    r.advance(5000);
    r.say('how much is shipping', 'u1');
    expect(r.observedAt.at(-1)! - t0).toBeGreaterThanOrEqual(50_000);
    r.advance(1000);
    expect(r.snapshotAt.at(-1)! - r.snapshotAt[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('a 60-s mood window is 60 chat-seconds: negative lines 7 wall seconds ago no longer count', async () => {
    const r = await start(10);
    const angry = ['my order still has not arrived', 'this is so disappointing', 'terrible quality, it broke in a day', 'worst customer service ever', 'still waiting for my refund', 'so annoyed right now', 'the color was totally wrong', 'never buying from here again'];
    angry.forEach((t, i) => r.say(t, `a${i}`));
    r.advance(1000);
    expect(r.observedAt.length).toBe(angry.length);
    expect(r.state.mood.negativeShare).toBeGreaterThan(0.5);
    r.advance(7000); // 70 chat-seconds
    ['love this color', 'so pretty', 'hi from texas', 'the blue one is nice', 'ok'].forEach((t, i) => r.say(t, `b${i}`));
    r.advance(1000);
    expect(r.state.mood.negativeShare).toBeLessThan(0.2);
  });

  it('the console is told when the mood turned on the wall clock (20 chat-seconds ago = 2 wall seconds ago)', async () => {
    const r = await start(10, { alertAgoMs: 20_000 });
    r.advance(60_000);
    // it said the replay's time at 10×: 8 min 40 s in the future
    expect(r.state.mood.alert?.since).toBe(r.sched.now() - 2_000);
  });

  it('clusters expire after their window of chat time (5 chat-minutes = 30 wall seconds)', async () => {
    const r = await start(10);
    r.say('how much is shipping', 'u1');
    r.say('how much is shipping to canada', 'u2');
    r.advance(1000);
    expect(r.state.clusters.length).toBe(1);
    r.advance(31_000);
    expect(r.state.clusters).toEqual([]);
  });
});

describe('live chat keeps the wall clock', () => {
  it('at speed 1 the mood alert keeps its time', async () => {
    const r = await start(1, { alertAgoMs: 20_000 });
    r.advance(60_000);
    expect(r.state.mood.alert?.since).toBe(r.sched.now() - 20_000);
  });

  it('at speed 1 the same 31 wall seconds leave the cluster on the console', async () => {
    const r = await start(1);
    r.say('how much is shipping', 'u1');
    r.say('how much is shipping to canada', 'u2');
    r.advance(1000);
    r.advance(31_000);
    expect(r.state.clusters.length).toBe(1);
  });
});
