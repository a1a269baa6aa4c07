import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app.js';
import { MAX_TIMER_MS, scheduleLong } from '../../server/long-timer.js';
import { testConfig } from '../support/app.js';

const DAY = 24 * 3600_000;
const rx = (): TestScheduler => new TestScheduler((a, b) => expect(a).toEqual(b));

/** A scheduler that records every delay it is asked for. */
function spying(inner: SchedulerLike): SchedulerLike & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: () => inner.now(),
    schedule: (work: never, delay?: number, state?: never) => {
      delays.push(delay ?? 0);
      return inner.schedule(work, delay, state);
    },
  };
}

describe('scheduleLong', () => {
  it('fires a 30-day delay at 30 days (virtual time), never asking a timer for more than 2^31-1 ms', () => {
    const ts = rx();
    ts.run(() => {
      const spy = spying(ts);
      const fired: number[] = [];
      scheduleLong(spy, () => fired.push(ts.now()), 30 * DAY);
      ts.schedule(() => expect(fired).toEqual([]), 30 * DAY - 1);
      ts.flush();
      expect(fired).toEqual([30 * DAY]);
      expect(Math.max(...spy.delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
      expect(spy.delays).toEqual([MAX_TIMER_MS, 30 * DAY - MAX_TIMER_MS]); // one chained step of 24.8 days, then the rest
    });
  });

  it('fires short delays at once, in one step, and can be cancelled before or after a step', () => {
    const ts = rx();
    ts.run(() => {
      const fired: string[] = [];
      scheduleLong(ts, () => fired.push(`short@${ts.now()}`), 5);
      scheduleLong(ts, () => fired.push('negative'), -10);
      const cancelled = scheduleLong(ts, () => fired.push('cancelled'), 60 * DAY);
      ts.schedule(() => cancelled.unsubscribe(), 40 * DAY); // after the first chained step
      ts.flush();
      expect(fired).toEqual(['negative', 'short@5']);
    });
  });

  it('steps with a smaller cap as well (the chaining does not depend on the cap value)', () => {
    const ts = rx();
    ts.run(() => {
      const fired: number[] = [];
      scheduleLong(ts, () => fired.push(ts.now()), 1000, 300);
      ts.flush();
      expect(fired).toEqual([1000]);
    });
  });
});

describe('banner.start with startAt 30 days ahead', () => {
  let app: RunningApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('schedules the OBS cue without overflowing a Node timer', async () => {
    const spy = spying(asyncScheduler);
    app = await startApp(testConfig(), { log: () => {}, scheduler: spy });
    const startAt = spy.now() + 30 * DAY;
    await app.runCommand({ kind: 'banner.start', product: 'Later', price: 1, stock: 1, startAt });
    expect((app.hub.state['overlay'] as { banner: { startsAt: number } }).banner.startsAt).toBe(startAt);
    expect(spy.delays.length).toBeGreaterThan(0);
    expect(Math.max(...spy.delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(spy.delays).toContain(MAX_TIMER_MS); // the first step of the chain
  });
});
