/**
 * The moderators' watch list: flagged comments, shown to viewers at once, listed here with their
 * reasons so a moderator can take one back with a key. A flagged comment counts for questions and
 * mood only once it settles (its settle window passed, or a moderator dismissed it), so removing it
 * before then leaves no trace in the clusters or the mood. Bounded: the oldest entries leave first.
 * Work per event is O(1) amortised: entries arrive in time order and settle in the same order.
 */
import type { Annotated } from '../../config/chat.js';
import { OldestFirst } from '../../config/oldest-first.js';
import type { WatchItem } from '../../config/views.js';
import type { Publisher } from '../hub/publisher.js';

export interface WatchDeps {
  readonly now: () => number;
  readonly mask: (text: string) => string;
  readonly publish: Publisher;
  /** After this long a flagged comment counts for questions and mood (for the mood only when the abuse filters flagged it). */
  readonly settleMs: number;
  /** Entries shown to moderators for this long (and at most `max` of them). */
  readonly keepMs: number;
  readonly max: number;
  /** A flagged comment that stayed up: it now counts like an allowed one. */
  readonly onSettled: (a: Annotated) => void;
}

interface Entry {
  readonly a: Annotated;
  readonly item: WatchItem;
  settled: boolean;
}

export class WatchList {
  readonly #d: WatchDeps;
  /** By message id, in arrival order (Map keeps insertion order). */
  readonly #entries = new Map<string, Entry>();
  /** Drops the oldest entry when the list is full, in O(1) (config/oldest-first.ts). */
  readonly #oldest = new OldestFirst(this.#entries);
  /** Unsettled entries in arrival order; `#head` is the first not yet looked at. */
  #pending: Entry[] = [];
  #head = 0;

  constructor(deps: WatchDeps) {
    this.#d = deps;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(messageId: string): boolean {
    return this.#entries.has(messageId);
  }

  get(messageId: string): Annotated | undefined {
    return this.#entries.get(messageId)?.a;
  }

  add(a: Annotated): WatchItem {
    const m = a.message;
    const item: WatchItem = { messageId: m.id, platform: m.platform, channel: m.channel, user: m.user, text: this.#d.mask(m.text), reasons: a.verdict.reasons, lang: a.lang, at: this.#d.now() };
    const old = this.#entries.get(m.id);
    if (old) this.#drop(old);
    const e: Entry = { a, item, settled: false };
    this.#entries.set(m.id, e);
    this.#pending.push(e);
    this.#d.publish.set(['watch', m.id], item);
    while (this.#entries.size > this.#d.max) {
      const [id, first] = this.#oldest.shift()!;
      this.#settle(first);
      this.#d.publish.del(['watch', id]);
    }
    return item;
  }

  /** Takes a comment off the list. Unsettled: it never counts for questions or mood. Returns it, or undefined when unknown. */
  remove(messageId: string): Annotated | undefined {
    const e = this.#entries.get(messageId);
    if (!e) return undefined;
    e.settled = true; // never counted
    this.#drop(e);
    return e.a;
  }

  /** A moderator looked and it is fine: it counts now and leaves the list. */
  dismiss(messageId: string): boolean {
    const e = this.#entries.get(messageId);
    if (!e) return false;
    this.#settle(e);
    this.#drop(e);
    return true;
  }

  /** Settles entries whose window passed and drops those shown long enough. */
  tick(): void {
    const now = this.#d.now();
    while (this.#head < this.#pending.length) {
      const e = this.#pending[this.#head]!;
      if (!e.settled && e.item.at + this.#d.settleMs > now) break;
      this.#settle(e);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#head);
      this.#head = 0;
    }
    for (const e of this.#entries.values()) {
      if (e.item.at + this.#d.keepMs > now) break;
      this.#settle(e);
      this.#drop(e);
    }
  }

  #settle(e: Entry): void {
    if (e.settled) return;
    e.settled = true;
    this.#d.onSettled(e.a);
  }

  #drop(e: Entry): void {
    if (this.#entries.get(e.item.messageId) !== e) return;
    this.#entries.delete(e.item.messageId);
    this.#d.publish.del(['watch', e.item.messageId]);
  }
}
