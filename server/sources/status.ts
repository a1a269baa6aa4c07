/**
 * SourceStatus bookkeeping shared by the sources: the state, a human detail, since when, and the gaps
 * (periods without a connection after having had one), so a console can show "chat missed 12 s at 20:14".
 */
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { bothLanguages, type StatusMessage } from '../../config/status-text.js';
import type { SourceStatus } from '../../config/views.js';

export type SourceState = SourceStatus['state'];
export type SourceCondition = NonNullable<SourceStatus['condition']>;

/** Keeps the last `maxGaps` gaps; older ones are dropped. */
export const MAX_GAPS = 20;

/** Pure step: the status after a transition to `state` at `now`. Opens a gap on leaving 'connected', closes it on returning. */
export function stepStatus(prev: SourceStatus, state: SourceState, detail: string, now: number, maxGaps = MAX_GAPS): SourceStatus {
  let gaps = prev.gaps;
  const open = gaps.length > 0 && gaps[gaps.length - 1]!.to === null;
  if (prev.state === 'connected' && (state === 'disconnected' || state === 'connecting' || state === 'error') && !open) {
    gaps = [...gaps, { from: now, to: null }].slice(-maxGaps);
  } else if (state === 'connected' && open) {
    gaps = [...gaps.slice(0, -1), { from: gaps[gaps.length - 1]!.from, to: now }];
  } else if (state === 'stopped' && open) {
    // A stop is not a gap to report as ongoing: close it where it stopped.
    gaps = [...gaps.slice(0, -1), { from: gaps[gaps.length - 1]!.from, to: now }];
  }
  const since = state === prev.state ? prev.since : now;
  return { ...prev, state, detail, since, gaps };
}

/** A detail as the status carries it: plain text, or a message and its "English · 中文" text. */
function said(detail: string | StatusMessage): { detail: string; message?: StatusMessage } {
  return typeof detail === 'string' ? { detail } : { detail: bothLanguages(detail), message: detail };
}

export class StatusTracker {
  readonly #subject: BehaviorSubject<SourceStatus>;
  readonly #now: () => number;
  readonly status$: Observable<SourceStatus>;

  constructor(name: string, kind: SourceStatus['kind'], now: () => number, detail: string | StatusMessage = '') {
    this.#now = now;
    this.#subject = new BehaviorSubject<SourceStatus>({ name, kind, state: 'connecting', ...said(detail), since: now(), gaps: [] });
    this.status$ = this.#subject.pipe(
      distinctUntilChanged((a, b) => a.state === b.state && a.detail === b.detail && a.gaps === b.gaps && a.condition === b.condition && a.figures === b.figures),
    );
  }

  get current(): SourceStatus {
    return this.#subject.value;
  }

  /**
   * A transition; `condition` says why (platform sources), and is cleared when not given. A detail
   * given as a message goes out as the message (the console's language) and its plain text.
   */
  set(state: SourceState, detail: string | StatusMessage, condition?: SourceCondition): void {
    if (this.#subject.closed) return;
    const d = said(detail);
    const { condition: _old, message: _said, ...next } = stepStatus(this.#subject.value, state, d.detail, this.#now());
    const out: SourceStatus = d.message ? { ...next, message: d.message } : next;
    this.#subject.next(condition ? { ...out, condition } : out);
  }

  /** Replaces the figures (gifts, likes, quota...), keeping everything else. */
  figures(figures: Readonly<Record<string, number>>): void {
    if (this.#subject.closed) return;
    this.#subject.next({ ...this.#subject.value, figures: { ...figures } });
  }

  /** Updates the detail only (e.g. a counter), keeping the state and its `since`. */
  detail(detail: string | StatusMessage): void {
    this.set(this.current.state, detail, this.current.condition);
  }

  complete(): void {
    this.#subject.complete();
  }
}
