/**
 * The generic ingest for other platforms: an HTTP POST of a batch and a ws endpoint, both behind
 * the ingest token. Each item is validated on its own: invalid items are refused with every
 * problem found (up to 20 per item and 200 per reply, the rest counted), valid items in the same
 * batch go on.
 *
 * Accepted items wait in one bounded buffer and are handed to the pipeline in slices (at most
 * `sliceMs` of work, then the event loop gets a turn), so health checks and the control sockets stay
 * responsive however fast a platform sends. A slice runs inside `runSlice` (the app wraps it in one
 * SQLite transaction: group commit). Past the budget a batch is refused whole and counted
 * (`refused`): the HTTP route answers 429 with Retry-After, the ws route an `SR_BUSY` error frame,
 * and the app pauses reading the ingest sockets while the buffer is over its high mark.
 * Conservation: every item sent is in `in` (once processed), `invalid` or `refused`.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Subject, type Observable } from 'rxjs';
import type { ChatMessage } from '../../config/chat.js';
import { batchItems, MAX_ISSUES_PER_ITEM, parseIngestItem, type IngestIssue } from './ingest-item.js';

export { IngestBatchSchema, IngestItemSchema, MAX_ISSUES_PER_ITEM, type IngestIssue } from './ingest-item.js';

/** Issues listed in one reply at most, over all its refused items (each item still counts the rest in `moreIssues`). */
export const MAX_ISSUES_PER_REPLY = 200;

export interface IngestResult {
  accepted: number;
  /**
   * Each refused item: its first problem (`reason`, `path`), every problem up to the caps (`issues`),
   * and how many more there are (`moreIssues`).
   */
  rejected: { index: number; reason: string; path: (string | number)[]; issues: IngestIssue[]; moreIssues: number }[];
}

/** A batch refused whole because the buffer is over its budget: send it again after `retryAfterMs`. */
export interface IngestBusy {
  busy: { refused: number; retryAfterMs: number; buffered: number };
}

/** Where the ingest counts what it refuses (the app's stats counters). */
export interface IngestCounters {
  invalid: number;
  refused: number;
}

export interface IngestOptions {
  readonly maxBatch: number;
  /** Accepted items waiting for the pipeline, at most (the budget). */
  readonly maxBuffered?: number;
  /** Work per slice before the event loop gets a turn, in ms. */
  readonly sliceMs?: number;
  /** Where invalid and refused items are counted (default: own counters). */
  readonly counters?: IngestCounters;
  /** Runs one slice (the app: one SQLite transaction around it). */
  readonly runSlice?: (work: () => void) => void;
  /** Queues the next slice after pending I/O (default setImmediate: it yields to sockets, it does not wait). */
  readonly defer?: (fn: () => void) => void;
  /** A monotonic clock for the slice budget (default performance.now). */
  readonly clock?: () => number;
  /** Called with true when the buffer passes its high mark (pause reading), false when it is back under the low mark. */
  readonly onPressure?: (high: boolean) => void;
}

export class Ingest {
  readonly #subject = new Subject<ChatMessage>();
  readonly messages$: Observable<ChatMessage> = this.#subject.asObservable();
  readonly #now: () => number;
  readonly #maxBatch: number;
  readonly #maxBuffered: number;
  readonly #sliceMs: number;
  readonly #counters: IngestCounters;
  readonly #runSlice: (work: () => void) => void;
  readonly #defer: (fn: () => void) => void;
  readonly #clock: () => number;
  readonly #onPressure: ((high: boolean) => void) | undefined;
  /** A ring of accepted items: `#buf[#head .. #head + #size)`, wrapping. */
  #buf: (ChatMessage | undefined)[];
  #head = 0;
  #size = 0;
  #scheduled = false;
  #pressured = false;
  #completed = false;
  /** Items ever buffered, and ever handed to the pipeline (a batch is handled once `#handed` passes its mark). */
  #pushed = 0;
  #handed = 0;
  /** Waiting for `#handed` to reach a mark, in mark order. */
  readonly #waiters: { mark: number; resolve: () => void }[] = [];
  /** Valid items accepted (they reach the pipeline's `in`). */
  received = 0;
  /** Messages platform sources handed in through offer() (they reach the pipeline's `in` too). */
  offered = 0;
  /** Average work per item (ms), to turn a backlog into a retry hint. */
  #msPerItem = 0.05;

  constructor(now: () => number, opts: IngestOptions | number) {
    const o: IngestOptions = typeof opts === 'number' ? { maxBatch: opts } : opts;
    this.#now = now;
    this.#maxBatch = o.maxBatch;
    this.#maxBuffered = Math.max(o.maxBuffered ?? 20_000, o.maxBatch);
    this.#sliceMs = o.sliceMs ?? 8;
    this.#counters = o.counters ?? { invalid: 0, refused: 0 };
    this.#runSlice = o.runSlice ?? ((work) => work());
    this.#defer = o.defer ?? ((fn) => void setImmediate(fn));
    this.#clock = o.clock ?? (() => performance.now());
    this.#onPressure = o.onPressure;
    this.#buf = new Array<ChatMessage | undefined>(this.#maxBuffered);
  }

  /** Items refused at validation. */
  get refusedInvalid(): number {
    return this.#counters.invalid;
  }

  /** Items refused because the buffer was over its budget. */
  get refusedBusy(): number {
    return this.#counters.refused;
  }

  /** Accepted items not yet handed to the pipeline. */
  get buffered(): number {
    return this.#size;
  }

  /** True while the buffer is over its high mark (ingest sockets should not be read). */
  get pressured(): boolean {
    return this.#pressured;
  }

  /** Resolves once every item accepted so far has been handed to the pipeline. */
  whenDrained(): Promise<void> {
    return this.whenHandled(this.#pushed);
  }

  /** Items accepted so far: pass it to whenHandled right after accept() to wait for that batch. */
  get mark(): number {
    return this.#pushed;
  }

  /** Resolves once the items accepted up to `mark` have been through the pipeline (and their slice committed). */
  whenHandled(mark: number): Promise<void> {
    if (this.#handed >= mark) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ mark, resolve }));
  }

  /** Kept for callers of the first version: invalid plus refused. */
  get refused(): number {
    return this.#counters.invalid + this.#counters.refused;
  }

  /**
   * Validates a batch body (`{messages:[...]}` or `[...]`) item by item; refuses it whole when over
   * budget. `refuseOverHighMark`: a sender that cannot be paused (HTTP) is refused from the high mark on.
   */
  accept(body: unknown, opts: { refuseOverHighMark?: boolean } = {}): IngestResult | IngestBusy | { error: string } {
    const items = batchItems(body);
    if (!items) {
      this.#counters.invalid += Array.isArray(body) ? Math.max(1, body.length) : 1;
      return { error: 'expected {"messages": [ ... ]} or a non-empty JSON array of messages' };
    }
    if (items.length > this.#maxBatch) {
      this.#counters.invalid += items.length;
      return { error: `a batch holds at most ${this.#maxBatch} messages, got ${items.length}` };
    }
    if (this.#completed || this.#size + items.length > this.#maxBuffered || (opts.refuseOverHighMark && this.#pressured)) return this.#busy(items.length);
    const result: IngestResult = { accepted: 0, rejected: [] };
    let issueBudget = MAX_ISSUES_PER_REPLY;
    for (let index = 0; index < items.length; index++) {
      const checked = parseIngestItem(items[index], Math.min(MAX_ISSUES_PER_ITEM, issueBudget));
      if (!checked.ok) {
        issueBudget -= checked.issues.length;
        result.rejected.push({ index, reason: checked.reason, path: checked.path, issues: checked.issues, moreIssues: checked.moreIssues });
        continue;
      }
      // the checked item is a fresh object: complete it in place
      const m = checked.item as { id: string | undefined; receivedAt: number | undefined };
      m.id ??= randomUUID();
      m.receivedAt ??= this.#now();
      this.#push(checked.item as ChatMessage);
      result.accepted++;
    }
    this.received += result.accepted;
    this.#counters.invalid += result.rejected.length;
    if (!this.#pressured && this.#size >= this.#maxBuffered / 2) {
      this.#pressured = true;
      this.#onPressure?.(true);
    }
    this.#schedule();
    return result;
  }

  /**
   * A message a platform source (Twitch, TikTok, YouTube) already validated joins the same buffer, so
   * a socket chunk or a page of chat reaches the pipeline in the same slices, each one SQLite
   * transaction, instead of one commit per held or blocked message inside the socket's callback.
   * Platform sockets are not paused: over the budget the message is refused and counted (`refused`),
   * never dropped unseen. Returns false when refused.
   */
  offer(m: ChatMessage): boolean {
    if (this.#completed || this.#size >= this.#maxBuffered) {
      this.#counters.refused++;
      return false;
    }
    this.#push(m);
    this.offered++;
    if (!this.#pressured && this.#size >= this.#maxBuffered / 2) {
      this.#pressured = true;
      this.#onPressure?.(true);
    }
    this.#schedule();
    return true;
  }

  /** Counts a batch refused whole (over budget, or after complete()) and returns the retry hint. */
  #busy(n: number): IngestBusy {
    this.#counters.refused += n;
    return { busy: { refused: n, retryAfterMs: this.retryAfterMs(), buffered: this.#size } };
  }

  /** How long the backlog takes to work off, rounded up to whole 100 ms (at least 100 ms). */
  retryAfterMs(): number {
    return Math.max(100, Math.ceil((this.#size * this.#msPerItem) / 100) * 100);
  }

  #push(m: ChatMessage): void {
    this.#buf[(this.#head + this.#size) % this.#maxBuffered] = m;
    this.#size++;
    this.#pushed++;
  }

  #schedule(): void {
    if (this.#scheduled || this.#size === 0) return;
    this.#scheduled = true;
    this.#defer(() => {
      this.#scheduled = false;
      this.drain(this.#sliceMs);
    });
  }

  /**
   * Hands buffered items to the pipeline for at most `budgetMs` (Infinity: all of them), in one
   * `runSlice`, then schedules the next slice if any are left. Returns how many it handed on.
   */
  drain(budgetMs: number): number {
    if (this.#size === 0) return 0;
    const t0 = this.#clock();
    let n = 0;
    this.#runSlice(() => {
      while (this.#size > 0) {
        const m = this.#buf[this.#head] as ChatMessage;
        this.#buf[this.#head] = undefined;
        this.#head = (this.#head + 1) % this.#maxBuffered;
        this.#size--;
        n++;
        this.#subject.next(m);
        if ((n & 31) === 0 && this.#clock() - t0 >= budgetMs) break;
      }
    });
    this.#handed += n;
    while (this.#waiters.length && this.#waiters[0]!.mark <= this.#handed) this.#waiters.shift()!.resolve();
    const took = this.#clock() - t0;
    if (n >= 32) this.#msPerItem = this.#msPerItem * 0.8 + (took / n) * 0.2;
    if (this.#pressured && this.#size <= this.#maxBuffered / 4) {
      this.#pressured = false;
      this.#onPressure?.(false);
    }
    this.#schedule();
    return n;
  }

  /** Hands on everything still buffered (nothing accepted is lost), then ends the stream. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    this.drain(Number.POSITIVE_INFINITY);
    this.#subject.complete();
  }
}
