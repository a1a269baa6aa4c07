/**
 * The console's source lines (the `sources` slice): each source's status as it reports it, plus what
 * the pipeline saw of its platform — messages in the last minute, held and blocked since the start —
 * so a simulcast shows per platform how much chat each brings and how much of it is held. The counts
 * are kept in one-second buckets over a minute (O(1) a message, bounded: at most MAX_PLATFORMS
 * platforms are counted, messages of any further one are not) and published once a second, only when
 * they changed.
 */
import type { Annotated } from '../../config/chat.js';
import type { SourceCounts, SourceStatus } from '../../config/views.js';
import type { Publish } from '../hub/publisher.js';

const BUCKETS = 60;
const MAX_PLATFORMS = 16;

class PlatformCount {
  readonly #buckets = new Array<number>(BUCKETS).fill(0);
  /** The second each bucket holds. */
  readonly #second = new Array<number>(BUCKETS).fill(-1);
  held = 0;
  blocked = 0;
  /** Refused at the ingest buffer while the server was over its budget (never reached the filters). */
  refused = 0;

  add(nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    const i = sec % BUCKETS;
    if (this.#second[i] !== sec) {
      this.#second[i] = sec;
      this.#buckets[i] = 0;
    }
    this.#buckets[i]!++;
  }

  /** Messages in the last 60 seconds (the current second included). */
  perMinute(nowMs: number): number {
    const sec = Math.floor(nowMs / 1000);
    let n = 0;
    for (let i = 0; i < BUCKETS; i++) if (this.#second[i]! > sec - BUCKETS) n += this.#buckets[i]!;
    return n;
  }
}

export interface SourcePanelDeps {
  readonly now: () => number;
  readonly publish: Publish;
}

export class SourcePanel {
  readonly #d: SourcePanelDeps;
  readonly #counts = new Map<string, PlatformCount>();
  /** Sources whose status has been published (the counts go under them). */
  readonly #shown = new Set<string>();
  readonly #last = new Map<string, string>();
  /** The platforms a source's line counts, when not its own name (a replay of "demo" lines). */
  readonly #platformsOf = new Map<string, readonly string[]>();

  constructor(deps: SourcePanelDeps) {
    this.#d = deps;
  }

  /**
   * A source's status changed: published whole, with its platform's counts. `platforms`: what its
   * messages carry when that is not its name (a replay's transcript says "demo", "twitch"…).
   */
  status(name: string, st: SourceStatus, platforms?: readonly string[]): void {
    this.#shown.add(name);
    if (platforms && platforms.length > 0) this.#platformsOf.set(name, platforms.slice(0, MAX_PLATFORMS));
    const counts = this.counts(name);
    this.#last.set(name, JSON.stringify(counts));
    this.#d.publish(['sources', name], { ...st, counts });
  }

  /** Counts one verdict under the message's platform. */
  observe(a: Annotated): void {
    const c = this.#platform(a.message.platform);
    if (!c) return;
    c.add(this.#d.now());
    if (a.verdict.action === 'hold') c.held++;
    else if (a.verdict.action === 'block') c.blocked++;
  }

  /** A message of this platform was refused at the ingest buffer (the server over its budget). */
  refused(platform: string): void {
    const c = this.#platform(platform);
    if (c) c.refused++;
  }

  #platform(p: string): PlatformCount | null {
    let c = this.#counts.get(p);
    if (!c) {
      if (this.#counts.size >= MAX_PLATFORMS) return null;
      this.#counts.set(p, (c = new PlatformCount()));
    }
    return c;
  }

  /** A source's counts now: its platform's (a source is named after its platform: twitch, tiktok, youtube), or the sum of the platforms it said it carries. */
  counts(platform: string): SourceCounts {
    const out = { perMinute: 0, held: 0, blocked: 0, refused: 0 };
    const now = this.#d.now();
    for (const p of this.#platformsOf.get(platform) ?? [platform]) {
      const c = this.#counts.get(p);
      if (!c) continue;
      out.perMinute += c.perMinute(now);
      out.held += c.held;
      out.blocked += c.blocked;
      out.refused += c.refused;
    }
    return out;
  }

  /** Once a second: the counts that changed go out. */
  tick(): void {
    for (const name of this.#shown) {
      const counts = this.counts(name);
      const key = JSON.stringify(counts);
      if (this.#last.get(name) === key) continue;
      this.#last.set(name, key);
      this.#d.publish(['sources', name, 'counts'], counts);
    }
  }
}
