/**
 * The once-a-second upkeep: the message rate and stats, the audit log when something outside
 * moderation wrote to it, hold timeouts and the watch list's settling, the moderators' stats.
 * The app drives `tick()` from the scheduler; the parts here keep bounded state (two minutes of
 * rate buckets) and do O(1) work per tick besides what the queue and watch list do.
 */
import type { AuditEntry, ModStatsView, StatsView } from '../config/views.js';
import type { Counters } from './pipeline/pipeline.js';
import type { Publish } from './hub/publisher.js';

/** Message rate and counters for the console and GET /api/stats. */
export class StatsTracker {
  readonly #counters: Counters;
  readonly #ingest: { readonly buffered: number; readonly pressured: boolean };
  readonly #startedAt: number;
  /** Messages in per tick, the last 120 ticks. */
  readonly #buckets: number[] = [];
  #lastIn: number;

  constructor(counters: Counters, ingest: { readonly buffered: number; readonly pressured: boolean }, startedAt: number) {
    this.#counters = counters;
    this.#ingest = ingest;
    this.#startedAt = startedAt;
    this.#lastIn = counters.in;
  }

  get startedAt(): number {
    return this.#startedAt;
  }

  /** Closes one second's bucket. */
  tick(): void {
    this.#buckets.push(this.#counters.in - this.#lastIn);
    this.#lastIn = this.#counters.in;
    if (this.#buckets.length > 120) this.#buckets.shift();
  }

  view(): StatsView {
    const recent = this.#buckets.slice(-10);
    return {
      ...this.#counters,
      rate: recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : 0,
      startedAt: this.#startedAt,
      rateHistory: this.#buckets.slice(-60),
      ingestBuffered: this.#ingest.buffered,
      ingestBusy: this.#ingest.pressured,
    };
  }
}

/** The console's audit slice: published at once after a moderation action, or with the next tick after a block or a producer action. */
export class AuditPublisher {
  #dirty = false;
  readonly #read: () => AuditEntry[];
  readonly #publish: (entries: AuditEntry[]) => void;

  constructor(read: () => AuditEntry[], publish: (entries: AuditEntry[]) => void) {
    this.#read = read;
    this.#publish = publish;
  }

  now(): void {
    this.#dirty = false;
    this.#publish(this.#read());
  }

  soon(): void {
    this.#dirty = true;
  }

  flush(): void {
    if (this.#dirty) this.now();
  }
}

export interface UpkeepDeps {
  readonly stats: StatsTracker;
  readonly audit: AuditPublisher;
  readonly queue: { tick(): void; stats(): ModStatsView };
  readonly watch: { tick(): void };
  readonly publish: Publish;
}

/** One upkeep tick (the app runs it once a second). */
export function upkeepTick(d: UpkeepDeps): void {
  d.stats.tick();
  d.publish(['stats'], d.stats.view());
  d.audit.flush();
  d.queue.tick();
  d.watch.tick();
  d.publish(['modStats'], d.queue.stats());
}
