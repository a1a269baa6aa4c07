/**
 * Scheduling far ahead. Node's timers hold at most 2^31−1 ms (about 24.8 days); a longer delay
 * is clamped to 1 ms with a TimeoutOverflowWarning, so a flash sale scheduled 30 days ahead would
 * cue OBS at once (issue 12). `scheduleLong` chains steps of at most that length on any RxJS
 * SchedulerLike, re-reading the scheduler's clock at each step, so it keeps working in
 * TestScheduler virtual time and fires at the due time, not before.
 */
import { Subscription, type SchedulerLike } from 'rxjs';

/** The longest delay a Node timer holds. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `work` once, `delayMs` from now on `scheduler`'s clock; unsubscribe to cancel. */
export function scheduleLong(scheduler: SchedulerLike, work: () => void, delayMs: number, maxStepMs: number = MAX_TIMER_MS): Subscription {
  const dueAt = scheduler.now() + Math.max(0, Number.isFinite(delayMs) ? delayMs : 0);
  const sub = new Subscription();
  let current: Subscription | null = null;
  const step = (): void => {
    if (current) sub.remove(current);
    const left = dueAt - scheduler.now();
    current = left > maxStepMs ? scheduler.schedule(step, maxStepMs) : scheduler.schedule(work, Math.max(0, left));
    sub.add(current);
  };
  step();
  return sub;
}
