/**
 * Automatic chat replies for questions the FAQ answers (the playbooks' first tier), through the
 * Twitch source's bot identity. Off by default; rate limited overall and per FAQ entry, so a
 * burst of "包邮吗" gets one answer, not fifty. An answer written per language goes out in the
 * asker's (a Chinese question gets the Chinese answer).
 */
import type { Annotated } from '../config/chat.js';
import { OldestFirst } from '../config/oldest-first.js';
import { faqAnswer } from '../config/faq-answer.js';
import type { FaqEntry } from '../config/views.js';
import { matchFaq } from '../insights/faq.js';

export interface AutoReplyOptions {
  readonly minIntervalMs: number;
  readonly perEntryCooldownMs: number;
}

export interface AutoReplyDecision {
  readonly channel: string;
  readonly text: string;
  readonly faqId: string;
}

/** Pure rate-limit state: what to say for this question at `nowMs`, or null. */
export class AutoReplier {
  readonly #opts: AutoReplyOptions;
  #lastAt = Number.NEGATIVE_INFINITY;
  readonly #lastByEntry = new Map<string, number>();
  readonly #oldestEntry = new OldestFirst(this.#lastByEntry);
  sent = 0;
  suppressed = 0;

  constructor(opts: AutoReplyOptions) {
    this.#opts = opts;
  }

  consider(a: Annotated, faq: readonly FaqEntry[], nowMs: number): AutoReplyDecision | null {
    if (!a.isQuestion || a.verdict.action !== 'allow') return null;
    const entry = matchFaq([a.message.text], faq);
    if (!entry) return null;
    const last = this.#lastByEntry.get(entry.id) ?? Number.NEGATIVE_INFINITY;
    if (nowMs - this.#lastAt < this.#opts.minIntervalMs || nowMs - last < this.#opts.perEntryCooldownMs) {
      this.suppressed++;
      return null;
    }
    this.#lastAt = nowMs;
    this.#lastByEntry.set(entry.id, nowMs);
    if (this.#lastByEntry.size > 1000) this.#oldestEntry.shift();
    this.sent++;
    return { channel: a.message.channel, text: `@${a.message.user.displayName} ${faqAnswer(entry, a.lang)}`.slice(0, 480), faqId: entry.id };
  }
}
