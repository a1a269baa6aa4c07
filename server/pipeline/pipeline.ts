/**
 * The RxJS pipeline: validated messages in, one annotated verdict out for each (conservation:
 * in = allowed + held + blocked). Stateless checks run in `map`; the filter engine's windowed
 * detectors read time from the injected scheduler, so tests run in virtual time.
 */
import { map, tap, type MonoTypeOperatorFunction, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Annotated, ChatMessage } from '../../config/chat.js';
import { classify } from '../../filters/classify.js';
import type { FilterEngine } from '../../filters/types.js';

export interface Counters {
  in: number;
  allowed: number;
  held: number;
  blocked: number;
  /** Items refused at a boundary (ingest, replay lines): not part of `in`. */
  invalid: number;
}

export function newCounters(): Counters {
  return { in: 0, allowed: 0, held: 0, blocked: 0, invalid: 0 };
}

/** Filters and classifies each message: exactly one Annotated out per message in. */
export function filterStage(engine: FilterEngine, scheduler: SchedulerLike): OperatorFunction<ChatMessage, Annotated> {
  return map((message) => {
    const verdict = engine.check(message, scheduler.now());
    const c = classify(message.text);
    return { message, verdict, lang: c.lang, isQuestion: c.isQuestion, sentiment: c.sentiment };
  });
}

/** Counts every verdict; `in` is counted before the filters so a throwing detector shows as a gap. */
export function countStage(counters: Counters): MonoTypeOperatorFunction<Annotated> {
  return tap((a) => {
    counters[a.verdict.action === 'allow' ? 'allowed' : a.verdict.action === 'hold' ? 'held' : 'blocked']++;
  });
}

export function countIn(counters: Counters): MonoTypeOperatorFunction<ChatMessage> {
  return tap(() => counters.in++);
}

/** The whole stage chain as one operator. */
export function pipeline(engine: FilterEngine, counters: Counters, scheduler: SchedulerLike): OperatorFunction<ChatMessage, Annotated> {
  return (source) => source.pipe(countIn(counters), filterStage(engine, scheduler), countStage(counters));
}
