/**
 * Reconnect delays for the OBS controller: exponential from `baseMs`, capped at `capMs`, with
 * "equal jitter" (half fixed, half random) so several Showrunner instances do not retry in step,
 * and a retry never comes sooner than half the nominal delay.
 *
 *   attempt 0 → 250–500 ms, 1 → 0.5–1 s, 2 → 1–2 s, …, ≥6 → 15–30 s
 */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/** The delay before retry number `attempt` (0-based); `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(exp / 2 + (exp / 2) * r);
}
