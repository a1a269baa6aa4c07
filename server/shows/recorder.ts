/**
 * Shows (issue 16): a show starts and ends; while it runs, every annotated message adds to an
 * in-memory bucket for the current minute (a few counter increments: the hot path), and once a
 * second `tick` rolls the minute, follows the question cards, the mood and the sale. The bucket
 * and the show's meta are written to the store's kv table when the minute rolls (once a minute), so
 * a crash loses at most that minute (a normal stop writes it) and the review shows the whole show. Storage per show is
 * bounded: ≤ 1,440 minutes, ≤ 100 question records, ≤ 50 sales, ≤ 100 shows kept.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Annotated, ChatMessage } from '../../config/chat.js';
import type { Banner, Command } from '../../config/protocol.js';
import { MAX_SHOW_MINUTES, MAX_SHOWS, MinuteSchema, ShowMetaSchema, ShowSummarySchema, type Minute, type QuestionRec, type ShowMeta, type ShowSummary, type TranscriptLine } from '../../config/review.js';
import type { ClusterView, MoodView } from '../../config/views.js';
import { MOOD_THEMES } from '../../insights/mood.js';
import type { Store } from '../store/store.js';
import { hashId, MinuteCounter, Sketch } from './sketch.js';

const MINUTE = 60_000;
const FLUSH_MS = 60_000;
const THEMED_PER_MINUTE = 300;
const WAITS_PER_MINUTE = 200;
const EVENTS_PER_MINUTE = 50;
const MAX_QUESTIONS = 100;
const MAX_SALES = 50;
const CURVE_POINTS = 240;

export const INDEX_KEY = 'shows:index';
export const ACTIVE_KEY = 'shows:active';
export const metaKey = (id: string): string => `showmeta:${id}`;
export const minutePrefix = (id: string): string => `show:${id}:m:`;
const minuteKey = (id: string, t: number): string => `${minutePrefix(id)}${String(t).padStart(15, '0')}`;
const saltKey = (id: string): string => `shows:salt:${id}`;

export function newMinute(t: number): Minute {
  return { t, msgs: 0, chatters: 0, first: 0, allow: 0, flag: 0, hold: 0, block: 0, holdBy: {}, blockBy: {}, flagBy: {}, questions: 0, negative: 0, themes: {}, mood: null, negShare: null, alerts: [], decisions: 0, timeouts: 0, waits: [], byMod: {}, stock: null, clusters: [], events: [] };
}

export interface RecorderDeps {
  readonly store: Store;
  /** The app's clock (scheduler time). */
  readonly now: () => number;
  /** Masks personal data in a text (the configured PII patterns). */
  readonly mask: (text: string) => string;
  /** The live banner (for the stock curve). */
  readonly banner?: () => Banner | null;
  /** Held items resolved by the hold timeout so far (a running total). */
  readonly timeouts?: () => number;
  /** Where transcripts go (default: a `transcripts` folder next to the store file). */
  readonly transcriptDir?: string;
  /** A transcript's text: personal data replaced by fictional stand-ins (default: `mask`). */
  readonly standIn?: (text: string) => string;
  /** The filter settings written into a transcript's header. */
  readonly settings?: () => { sensitivity: Record<string, string>; terms: { blocked: string[]; allowed: string[] } };
}

export class ShowRecorder {
  readonly #d: RecorderDeps;
  #meta: ShowMeta | null = null;
  #b: Minute | null = null;
  #minuteUsers = new MinuteCounter();
  /** Chatters a previous run stored for the current minute. */
  #minuteBase = 0;
  #themed = 0;
  #minutes = 0;
  #sketch = new Sketch();
  #questions = new Map<string, QuestionRec>();
  #lastFlush = 0;
  #lastTimeouts = 0;
  #transcript: { file: string; salt: string; lines: string[] } | null = null;
  #cardsSeen = new Set<string>();
  /** The current minute's reasons and themes not yet moved into `#b` (see `#closeMinute`). */
  readonly #reasons = new ReasonCounts();
  readonly #themes = new IdCounts(THEMES.length);

  constructor(d: RecorderDeps) {
    this.#d = d;
    const active = d.store.getJson<string>(ACTIVE_KEY);
    const parsed = active ? ShowMetaSchema.safeParse(d.store.getJson(metaKey(active))) : null;
    if (parsed?.success && parsed.data.endedAt === null) this.#resume(parsed.data);
    this.#lastTimeouts = d.timeouts?.() ?? 0;
  }

  get active(): ShowMeta | null {
    return this.#meta;
  }

  /** The shows kept, newest first. */
  list(): ShowSummary[] {
    const raw = this.#d.store.getJson<unknown[]>(INDEX_KEY) ?? [];
    return raw.flatMap((r) => {
      const p = ShowSummarySchema.safeParse(r);
      return p.success ? [p.data] : [];
    });
  }

  start(title: string, record: boolean): ShowMeta {
    if (this.#meta) this.end();
    const now = this.#d.now();
    const id = `show-${new Date(now).toISOString().slice(0, 16).replace(/[-:T]/g, '')}-${randomUUID().slice(0, 6)}`;
    const meta: ShowMeta = { id, title: title || new Date(now).toISOString().slice(0, 16).replace('T', ' '), startedAt: now, endedAt: null, sketch: '', questions: [], sales: [], recording: record };
    const { store } = this.#d;
    store.transaction(() => {
      const index = [{ id, title: meta.title, startedAt: now, endedAt: null, recording: record }, ...this.list()];
      for (const old of index.splice(MAX_SHOWS)) this.#forget(old.id);
      store.setJson(INDEX_KEY, index, now);
      store.setJson(ACTIVE_KEY, id, now);
      if (record) store.setJson(saltKey(id), randomBytes(16).toString('base64url'), now);
      store.setJson(metaKey(id), meta, now);
    });
    this.#resume(meta);
    if (this.#transcript) {
      const s = this.#d.settings?.() ?? { sensitivity: {}, terms: { blocked: [], allowed: [] } };
      this.#writeLine({ type: 'header', version: 1, showId: id, title: meta.title, startedAt: now, sensitivity: s.sensitivity, terms: s.terms });
      this.#flushTranscript();
    }
    return meta;
  }

  end(): ShowMeta | null {
    const meta = this.#meta;
    if (!meta) return null;
    const now = this.#d.now();
    for (const s of meta.sales) if (s.endedAt === null) s.endedAt = now;
    meta.endedAt = now;
    this.flush();
    const { store } = this.#d;
    store.transaction(() => {
      store.setJson(INDEX_KEY, this.list().map((s) => (s.id === meta.id ? { ...s, endedAt: now } : s)), now);
      store.deleteJson(ACTIVE_KEY);
      store.deleteJson(saltKey(meta.id));
    });
    this.#flushTranscript();
    this.#meta = null;
    this.#b = null;
    this.#transcript = null;
    return meta;
  }

  /** The transcript file of a show (it exists only if the show was recorded). */
  transcriptPath(id: string): string {
    return join(this.#d.transcriptDir ?? join(dirname(this.#d.store.path === ':memory:' ? '.' : this.#d.store.path), 'transcripts'), `${id.replace(/[^\w-]/g, '_')}.jsonl`);
  }

  #resume(meta: ShowMeta): void {
    this.#meta = meta;
    this.#sketch = new Sketch(meta.sketch);
    this.#questions = new Map(meta.questions.map((q) => [q.id, q]));
    this.#cardsSeen = new Set(meta.questions.map((q) => q.id));
    this.#minutes = this.#d.store.jsonKeys(minutePrefix(meta.id)).length;
    this.#openMinute(this.#minuteOf(this.#d.now()));
    this.#lastFlush = this.#d.now();
    if (meta.recording) {
      const salt = this.#d.store.getJson<string>(saltKey(meta.id)) ?? randomBytes(16).toString('base64url');
      const file = this.transcriptPath(meta.id);
      mkdirSync(dirname(file), { recursive: true });
      this.#transcript = { file, salt, lines: [] };
    }
  }

  #minuteOf(t: number): number {
    return t - (((t % MINUTE) + MINUTE) % MINUTE);
  }

  /** Opens the bucket for minute `t`, continuing what a previous run stored for it. */
  #openMinute(t: number): void {
    const meta = this.#meta as ShowMeta;
    const stored = MinuteSchema.safeParse(this.#d.store.getJson(minuteKey(meta.id, t)));
    if (stored.success) this.#b = stored.data;
    else {
      this.#b = newMinute(t);
      this.#minutes++;
    }
    this.#minuteBase = this.#b.chatters;
    this.#minuteUsers = new MinuteCounter();
    this.#themed = 0;
    this.#reasons.clear();
    this.#themes.clear();
  }

  /**
   * The hot path: one annotated message. `chatNow` = the chat clock when it was filtered (for the
   * transcript). No string key built and no record written by name: counters are fields of the
   * minute or typed arrays indexed by small ids (reasons, themes), moved into the minute's records
   * when it is written (`#closeMinute`). The one allocation left is the lower-cased text of a
   * negative message (themes, at most 300 a minute).
   */
  observe(a: Annotated, chatNow: number): void {
    const b = this.#b;
    if (!b) return;
    b.msgs++;
    const u = a.message.user;
    const h = hashId(u.id);
    if (this.#minuteUsers.mark(h)) {
      if (u.firstMessage) b.first++;
      this.#sketch.addHash(h);
    }
    const v = a.verdict;
    switch (v.action) {
      case 'allow':
        b.allow++;
        break;
      case 'flag':
        b.flag++;
        this.#reasons.count(FLAG, v.reasons);
        break;
      case 'hold':
        b.hold++;
        this.#reasons.count(HOLD, v.reasons);
        break;
      case 'block':
        b.block++;
        this.#reasons.count(BLOCK, v.reasons);
        break;
    }
    if (a.isQuestion) b.questions++;
    if (a.sentiment < 0) {
      b.negative++;
      if (this.#themed < THEMED_PER_MINUTE) {
        this.#themed++;
        const lower = a.message.text.toLowerCase();
        for (let i = 0; i < THEMES.length; i++) if ((THEMES[i] as RegExp).test(lower)) this.#themes.add(i);
      }
    }
    if (this.#transcript) this.#writeLine({ type: 'msg', t: chatNow, m: this.#pseudonymous(a.message), v: v.action, r: v.reasons.map((r) => r.filter) });
  }

  #pseudonymous(m: ChatMessage): Record<string, unknown> {
    const salt = (this.#transcript as { salt: string }).salt;
    const p = (s: string): string => `u${createHmac('sha256', salt).update(s).digest('base64url').slice(0, 10)}`;
    const pid = p(m.user.id);
    return { ...m, text: (this.#d.standIn ?? this.#d.mask)(m.text), user: { ...m.user, id: pid, name: pid.toLowerCase(), displayName: pid } };
  }

  #writeLine(line: TranscriptLine): void {
    this.#transcript?.lines.push(JSON.stringify(line));
  }

  #flushTranscript(): void {
    const t = this.#transcript;
    if (!t || t.lines.length === 0) return;
    appendFileSync(t.file, t.lines.join('\n') + '\n');
    t.lines = [];
  }

  #event(kind: string, detail: string): void {
    const b = this.#b;
    if (b && b.events.length < EVENTS_PER_MINUTE) b.events.push({ at: this.#d.now(), kind, detail: detail.slice(0, 120) });
  }

  /** After a console or API command went through: decisions, sales, countdowns, pins, featured, scenes. */
  afterCommand(cmd: Command, actor: string, result: unknown, decisions?: () => { actor: string; waitedMs: number | null }[]): void {
    const meta = this.#meta;
    const b = this.#b;
    if (!meta || !b) return;
    const now = this.#d.now();
    switch (cmd.kind) {
      case 'moderation.decide': {
        for (const d of decisions?.() ?? []) {
          b.decisions++;
          const w = d.waitedMs ?? 0;
          if (b.waits.length < WAITS_PER_MINUTE) b.waits.push(w);
          const m = (b.byMod[d.actor] ??= { n: 0, waitSum: 0 });
          m.n++;
          m.waitSum += w;
        }
        return;
      }
      case 'banner.start':
      case 'banner.stock':
      case 'banner.end': {
        const banner = this.#d.banner?.() ?? null;
        if (cmd.kind === 'banner.start' && banner) {
          if (meta.sales.length >= MAX_SALES) meta.sales.shift();
          meta.sales.push({ id: banner.id, product: banner.product, currency: banner.currency, price: banner.price, stockTotal: banner.stockTotal, startedAt: now, endedAt: null, soldOutAt: null, curve: [{ at: now, stock: banner.stockLeft }] });
          this.#event('sale', `${banner.product} ${banner.currency}${banner.price} ×${banner.stockTotal}`);
        }
        const sale = meta.sales.at(-1);
        if (sale && banner && banner.id === sale.id) {
          if (cmd.kind === 'banner.stock' && sale.curve.length < CURVE_POINTS) sale.curve.push({ at: now, stock: banner.stockLeft });
          if (banner.stockLeft === 0 && sale.soldOutAt === null) {
            sale.soldOutAt = now;
            this.#event('soldout', banner.product);
          }
          if (banner.endedAt !== null && sale.endedAt === null) sale.endedAt = banner.endedAt;
        }
        if (cmd.kind === 'banner.end') {
          if (sale && sale.endedAt === null) sale.endedAt = now;
          this.#event('sale-end', sale?.product ?? '');
        }
        return;
      }
      case 'countdown.start':
        this.#event('countdown', `${cmd.label} ${Math.round(cmd.durationMs / 1000)} s`);
        return;
      case 'pin.set': {
        this.#event('pin', cmd.question || cmd.answer);
        const q = cmd.question.trim().toLowerCase();
        if (q) {
          for (const rec of this.#questions.values()) {
            const t = rec.text.toLowerCase();
            if (rec.answeredAt === null && (t === q || t.includes(q) || q.includes(t))) {
              rec.answeredAt = now;
              rec.answeredBy = 'pin';
            }
          }
        }
        return;
      }
      case 'feature.set':
        this.#event('feature', cmd.messageId);
        return;
      case 'obs.scene':
        if ((result as { ok?: boolean } | null)?.ok !== false) this.#event('scene', cmd.scene);
        return;
      case 'sensitivity.set':
        this.#event('sensitivity', `${cmd.category} → ${cmd.level}`);
        if (this.#transcript) this.#writeLine({ type: 'sensitivity', t: now, category: cmd.category, level: cmd.level });
        return;
      default:
        return;
    }
  }

  /** Once a second: roll the minute, follow question cards, mood and the sale; write once a minute. */
  tick(snap: { clusters: ClusterView[]; mood: MoodView } | null, alerts: readonly { themes: readonly string[] }[] = []): void {
    const meta = this.#meta;
    if (!meta || !this.#b) return;
    const now = this.#d.now();
    let b = this.#b;
    const t = this.#minuteOf(now);
    if (t > b.t && this.#minutes < MAX_SHOW_MINUTES) {
      this.#closeMinute(b);
      this.#write();
      this.#openMinute(t);
      b = this.#b;
    }
    const timeouts = this.#d.timeouts?.() ?? 0;
    if (timeouts > this.#lastTimeouts) b.timeouts += timeouts - this.#lastTimeouts;
    this.#lastTimeouts = timeouts;
    for (const a of alerts) if (b.alerts.length < 20) b.alerts.push({ at: now, themes: [...a.themes] });
    if (snap) {
      b.mood = Math.round(snap.mood.index * 100) / 100;
      b.negShare = Math.round(snap.mood.negativeShare * 100) / 100;
      b.clusters = snap.clusters.slice(0, 5).map((c) => ({ text: c.representative.slice(0, 120), askers: c.askers }));
      for (const c of snap.clusters) this.#question(c, now);
    }
    const banner = this.#d.banner?.() ?? null;
    const sale = meta.sales.at(-1);
    if (sale && sale.endedAt === null && banner?.id === sale.id && banner.endedAt !== null) sale.endedAt = banner.endedAt;
    if (now - this.#lastFlush >= FLUSH_MS) this.flush();
    else this.#flushTranscript();
  }

  #question(c: ClusterView, now: number): void {
    let rec = this.#questions.get(c.id);
    if (!rec) {
      if (this.#questions.size >= MAX_QUESTIONS) {
        // keep the most asked: the smallest peak makes room (unless the new card is smaller still)
        let min: QuestionRec | null = null;
        for (const q of this.#questions.values()) if (!min || q.peakAskers < min.peakAskers) min = q;
        if (!min || min.peakAskers >= c.askers) return;
        this.#questions.delete(min.id);
      }
      rec = { id: c.id, text: c.representative.slice(0, 200), firstAt: now, peakAskers: c.askers, peakAt: now, answeredAt: null, answeredBy: null };
      this.#questions.set(c.id, rec);
      if (this.#transcript && !this.#cardsSeen.has(c.id)) this.#writeLine({ type: 'card', t: now, id: c.id, text: rec.text });
      this.#cardsSeen.add(c.id);
    }
    if (c.askers > rec.peakAskers) {
      rec.peakAskers = c.askers;
      rec.peakAt = now;
    }
    if (c.faq && rec.answeredAt === null) {
      rec.answeredAt = now;
      rec.answeredBy = 'faq';
    }
  }

  #closeMinute(b: Minute): void {
    this.#reasons.drain(b);
    this.#themes.drain(b.themes, THEME_NAMES);
    b.chatters = this.#minuteBase + this.#minuteUsers.estimate();
    const banner = this.#d.banner?.() ?? null;
    b.stock = banner && banner.endedAt === null ? banner.stockLeft : null;
  }

  #write(): void {
    const meta = this.#meta;
    const b = this.#b;
    if (!meta || !b) return;
    const now = this.#d.now();
    meta.sketch = this.#sketch.toBase64();
    meta.questions = [...this.#questions.values()];
    this.#d.store.transaction(() => {
      this.#d.store.setJson(minuteKey(meta.id, b.t), b, now);
      this.#d.store.setJson(metaKey(meta.id), meta, now);
    });
    this.#lastFlush = now;
  }

  /** Writes the current minute and the show's meta now (on close, on end, before a review is read). */
  flush(): void {
    if (!this.#b) return;
    this.#closeMinute(this.#b);
    this.#write();
    this.#flushTranscript();
  }

  /** The distinct chatters of the running show so far (after a flush the stored sketch says the same). */
  chatters(): number {
    return this.#sketch.estimate();
  }

  #forget(id: string): void {
    const { store } = this.#d;
    for (const k of store.jsonKeys(minutePrefix(id))) store.deleteJson(k);
    store.deleteJson(metaKey(id));
    store.deleteJson(saltKey(id));
  }
}

const FLAG = 0;
const HOLD = 1;
const BLOCK = 2;
const THEME_NAMES = MOOD_THEMES.map(([name]) => name);
const THEMES = MOOD_THEMES.map(([, re]) => re);

/**
 * Counts by small integer id since the last `drain`, in a typed array; `drain` adds them to a
 * record keyed by name, new keys in the order they were first counted (what counting into the
 * record directly gives).
 */
export class IdCounts {
  #counts: Uint32Array;
  /** The ids counted since the last drain, in first-counted order. */
  #order: number[] = [];

  constructor(size: number) {
    this.#counts = new Uint32Array(size);
  }

  add(id: number): void {
    if (id >= this.#counts.length) {
      const grown = new Uint32Array(Math.max(id + 1, this.#counts.length * 2));
      grown.set(this.#counts);
      this.#counts = grown;
    }
    const n = this.#counts[id] as number;
    if (n === 0) this.#order.push(id);
    this.#counts[id] = n + 1;
  }

  drain(into: Record<string, number>, names: readonly string[]): void {
    for (const id of this.#order) {
      const name = names[id] as string;
      into[name] = (into[name] ?? 0) + (this.#counts[id] as number);
      this.#counts[id] = 0;
    }
    this.#order.length = 0;
  }

  clear(): void {
    for (const id of this.#order) this.#counts[id] = 0;
    this.#order.length = 0;
  }
}

/** Reasons per action (flag, hold, block): a filter's name gets a small id once, then counts are array slots. */
export class ReasonCounts {
  readonly #ids = new Map<string, number>();
  readonly #names: string[] = [];
  readonly #by = [new IdCounts(16), new IdCounts(16), new IdCounts(16)] as const;

  count(action: number, reasons: readonly { filter: string }[]): void {
    const c = this.#by[action] as IdCounts;
    for (let i = 0; i < reasons.length; i++) {
      const name = (reasons[i] as { filter: string }).filter;
      let id = this.#ids.get(name);
      if (id === undefined) {
        id = this.#names.length;
        this.#ids.set(name, id);
        this.#names.push(name);
      }
      c.add(id);
    }
  }

  drain(b: Minute): void {
    this.#by[FLAG].drain(b.flagBy, this.#names);
    this.#by[HOLD].drain(b.holdBy, this.#names);
    this.#by[BLOCK].drain(b.blockBy, this.#names);
  }

  clear(): void {
    for (const c of this.#by) c.clear();
  }
}
