/**
 * YouTube's daily quota resets at midnight Pacific time (America/Los_Angeles): 00:00 PST (08:00 UTC)
 * in winter, 00:00 PDT (07:00 UTC) in summer, on the days daylight saving starts and ends too. The
 * count reads an injected clock; a fixed UTC−8 would reset an hour late all summer.
 */
import { describe, expect, it } from 'vitest';
import { pacificDay, YouTubeQuota } from '../../../server/sources/youtube.js';

const at = (iso: string): number => Date.parse(iso);

describe('YouTube quota: midnight Pacific', () => {
  it('names the Pacific day of an instant, daylight saving included', () => {
    expect(pacificDay(at('2026-01-15T07:59:59Z'))).toBe('2026-01-14'); // 23:59:59 PST
    expect(pacificDay(at('2026-01-15T08:00:00Z'))).toBe('2026-01-15');
    expect(pacificDay(at('2026-07-15T06:59:59Z'))).toBe('2026-07-14'); // 23:59:59 PDT
    expect(pacificDay(at('2026-07-15T07:00:00Z'))).toBe('2026-07-15');
  });

  it('resets at 00:00 PDT the night after daylight saving starts (2026-03-08), not at 08:00 UTC', () => {
    let t = at('2026-03-08T12:00:00Z'); // 05:00 PDT on the 8th (DST began at 02:00 PST)
    const q = new YouTubeQuota(10_000, () => t);
    q.spend(500);
    t = at('2026-03-09T06:59:59Z'); // 23:59:59 PDT on the 8th
    q.spend(5);
    expect(q.used).toBe(505);
    t = at('2026-03-09T07:00:00Z'); // midnight PDT: a new quota day
    expect(q.used).toBe(0);
    q.spend(1);
    t = at('2026-03-09T07:30:00Z');
    expect(q.used).toBe(1);
  });

  it('resets at 00:00 PST the night after daylight saving ends (2026-11-01), not at 07:00 UTC', () => {
    let t = at('2026-11-01T12:00:00Z'); // 04:00 PST on the 1st (DST ended at 02:00 PDT)
    const q = new YouTubeQuota(10_000, () => t);
    q.spend(50);
    t = at('2026-11-02T07:30:00Z'); // 23:30 PST on the 1st
    expect(q.used).toBe(50);
    t = at('2026-11-02T08:00:00Z'); // midnight PST
    expect(q.used).toBe(0);
  });

  it('over the 25-hour day the clocks go back, each Pacific midnight resets once', () => {
    let t = at('2026-10-31T20:00:00Z');
    const q = new YouTubeQuota(10_000, () => t);
    let resets = 0;
    let last = -1;
    for (let h = 0; h < 72; h++) {
      q.spend(1);
      if (q.used < last) resets++;
      last = q.used;
      t += 3_600_000;
    }
    expect(resets).toBe(3); // Nov 1, 2 and 3, Pacific
  });
});

describe('YouTube quota: when it resets, for the console', () => {
  it.each([
    ['winter: 00:00 PST is 08:00 UTC', '2026-01-15T10:00:00Z', '2026-01-16T08:00:00Z'],
    ['summer: 00:00 PDT is 07:00 UTC', '2026-07-15T06:59:59Z', '2026-07-15T07:00:00Z'],
    ['the day daylight saving starts is 23 hours long', '2026-03-08T09:00:00Z', '2026-03-09T07:00:00Z'],
    ['the day daylight saving ends is 25 hours long', '2026-11-01T08:00:00Z', '2026-11-02T08:00:00Z'],
  ])('%s', (_name, now, next) => {
    let t = at(now);
    const q = new YouTubeQuota(10_000, () => t);
    expect(new Date(q.resetsAt).toISOString()).toBe(new Date(at(next)).toISOString());
    // at the reset the next one is a day later
    t = at(next);
    expect(q.used).toBe(0);
    expect(q.resetsAt).toBeGreaterThan(at(next) + 22 * 3_600_000);
  });
});
