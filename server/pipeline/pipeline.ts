/**
 * The RxJS pipeline: validated messages in, one annotated verdict out for each (conservation:
 * in = allowed + flagged + held + blocked). Stateless checks run in `map`; the filter engine's windowed
 * detectors read time from the injected scheduler, so tests run in virtual time.
 */
import { map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Annotated, ChatMessage } from '../../config/chat.js';
import { classify } from '../../insights/classify.js';
import { prepare } from '../../filters/prepare.js';
import type { FilterEngine } from '../../filters/types.js';

export interface Counters {
  in: number;
  allowed: number;
  /** Shown at once and listed for moderators. */
  flagged: number;
  held: number;
  blocked: number;
  /** Items refused at a boundary (ingest, replay lines): not part of `in`. */
  invalid: number;
  /** Ingest items refused because the server was over its budget (HTTP 429, ws SR_BUSY): not part of `in`. */
  refused: number;
}

export function newCounters(): Counters {
  return { in: 0, allowed: 0, flagged: 0, held: 0, blocked: 0, invalid: 0, refused: 0 };
}

/** Where the filters read the time: the scheduler, or a clock running faster (a replay at N×). */
export interface Clock {
  now(): number;
  /** The scheduler's time at chat time `chatMs` (a clock running faster; absent: the same time). */
  readonly wallOf?: (chatMs: number) => number;
}

/**
 * A clock that runs `speed` times as fast as the scheduler from now on: the chat's own time when a
 * replay plays at `speed`×, so per-viewer rate limits and raid windows see the pace of the original.
 */
export function chatClock(scheduler: SchedulerLike, speed: number): Clock {
  if (speed === 1) return scheduler;
  const t0 = scheduler.now();
  return { now: () => t0 + (scheduler.now() - t0) * speed, wallOf: (chatMs) => Math.round(t0 + (chatMs - t0) / speed) };
}

const COUNTER = { allow: 'allowed', flag: 'flagged', hold: 'held', block: 'blocked' } as const;

/**
 * Filters and classifies each message: exactly one Annotated out per message in, counted on both
 * sides (`in` before the filters, so a throwing detector shows as a gap between `in` and the
 * verdicts). One operator, so a message costs one subscriber hop, not three.
 */
export function filterStage(engine: FilterEngine, clock: Clock, counters: Counters): OperatorFunction<ChatMessage, Annotated> {
  return map((message) => {
    counters.in++;
    // the text is read once: detectors and classification share one Prepared
    const p = prepare(message);
    const verdict = engine.check(message, clock.now(), p);
    const c = classify(p);
    counters[COUNTER[verdict.action]]++;
    return { message, verdict, lang: c.lang, isQuestion: c.isQuestion, sentiment: c.sentiment };
  });
}

/** The whole stage chain as one operator. `filterClock`: the filters' time (default: the scheduler's). */
export function pipeline(engine: FilterEngine, counters: Counters, scheduler: SchedulerLike, filterClock: Clock = scheduler): OperatorFunction<ChatMessage, Annotated> {
  return filterStage(engine, filterClock, counters);
}
