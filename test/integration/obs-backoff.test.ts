import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../server/obs/backoff.js';

describe('OBS reconnect backoff', () => {
  it.each([
    // attempt, random, delay (ms): half fixed, half jitter, doubling from 0.5 s, capped at 30 s
    [0, 0, 250],
    [0, 0.999999, 500],
    [1, 0.5, 750],
    [3, 0, 2000],
    [5, 1, 16_000],
    [6, 0, 15_000],
    [6, 0.999999, 30_000],
    [50, 0.5, 22_500],
    [-3, 0, 250],
  ])('attempt %i with random %f waits %i ms', (attempt, r, expected) => {
    expect(backoffDelay(attempt, () => r)).toBe(expected);
  });

  it('never exceeds the cap nor goes below half the nominal delay', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.9999]) {
        const d = backoffDelay(attempt, () => r);
        const nominal = Math.min(30_000, 500 * 2 ** attempt);
        expect(d).toBeGreaterThanOrEqual(nominal / 2);
        expect(d).toBeLessThanOrEqual(30_000);
      }
    }
  });
});
