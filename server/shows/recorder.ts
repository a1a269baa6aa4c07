/**
 * Shows (issue 16): a show starts and ends; while it runs, every annotated message adds to the
 * current minute (a few typed-array increments by platform: the hot path), and once a second `tick`
 * rolls the minute, follows the question cards, the mood, the complaint themes and the sale.
 *
 * What is stored, and when:
 * - in the store (SQLite kv): each minute when it closes (and before a review is read, at the end,
 *   on shutdown), carrying its part of the distinct-chatter sketches (the registers it raised); the
 *   show's meta (title, sales, question records) only when it changed. Never the whole show at once.
 * - the running minute every `checkpointMs` (10 s by default) when anything changed, overwritten in
 *   place in a small file next to the store (`shows/<id>.open.json`), with the question records
 *   changed since the meta was written. One write() of about a kilobyte: a SQLite commit (WAL
 *   frames, ~30 µs) every few seconds would cost more than the whole minute's counting at 10 msg/s. The file
 *   is emptied before the minute goes into the store, so what it holds is always newer.
 * A crash (kill -9) loses at most the last `checkpointMs`: a restart applies the file and continues
 * the same show and minute. An in-memory store (tests, rehearsals) has nothing to protect: no file.
 * Bounded per show: ≤ 1,440 minutes, ≤ 8 platforms, ≤ 100 question records, ≤ 50 sales; ≤ 100 shows.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Annotated, ChatMessage } from '../../config/chat.js';
import type { Banner, Command } from '../../config/protocol.js';
import { MAX_PLATFORMS, MAX_SHOW_MINUTES, MAX_SHOWS, MinuteSchema, QuestionRecSchema, ShowMetaSchema, ShowSummarySchema, type Minute, type PlatformMinute, type QuestionRec, type ShowMeta, type ShowSummary, type TranscriptLine } from '../../config/review.js';
import type { ClusterView, MoodView } from '../../config/views.js';
import { hasHan } from '../../config/script.js';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import { AsciiOut, key } from './ascii-out.js';
import { hashId, MinuteCounter, Sketch } from './sketch.js';

const MINUTE = 60_000;
const DEFAULT_CHECKPOINT_MS = 10_000;
const WAITS_PER_MINUTE = 200;
const EVENTS_PER_MINUTE = 50;
const THEMES_PER_SHOW = 32;
const MAX_QUESTIONS = 100;
const MAX_SALES = 50;
const CURVE_POINTS = 240;
const NEWLINE = Buffer.from('\n');
// the checkpoint line's keys and punctuation, as bytes
const COMMA = 44;
const K_SK_END = key('],"at":');
const K_PC = key(',"pc":[');
const K_BASE = key('],"base":');
const K_PB = key(',"pb":[');
const K_EST = key('],"est":');
const K_MARKED = key(',"marked":');
const K_R = key(',"r":[');
const K_TH = key('],"th":[');
const K_MOOD = key('],"mood":');
const K_NEG = key(',"neg":');
const K_STOCK = key(',"stock":');
const K_SK = key(',"sk":[');
const K_QS = key(',"qs":');
const K_END = key('}\n');
/** The platform a message without one counts under, and where platforms past MAX_PLATFORMS go. */
const OTHER = 'other';

export const INDEX_KEY = 'shows:index';
export const ACTIVE_KEY = 'shows:active';
export const metaKey = (id: string): string => `showmeta:${id}`;
export const minutePrefix = (id: string): string => `show:${id}:m:`;
const minuteKey = (id: string, t: number): string => `${minutePrefix(id)}${String(t).padStart(15, '0')}`;
const saltKey = (id: string): string => `shows:salt:${id}`;

/** A pinned question answers a recorded one when either holds the other (lower-cased `q`). */
function answers(recorded: string, q: string): boolean {
  const t = recorded.toLowerCase();
  return t === q || t.includes(q) || q.includes(t);
}

/**
 * A sale's price in the show's record (its minute events, the CSV): with cents when it has any, the
 * currency where people write it: a symbol before ("$9.90"), a Chinese unit or a code after
 * ("9.90元", "9.90 EUR"). The pages format it for their reader (overlay/format.ts formatMoney).
 */
export function priceText(price: number, currency: string): string {
  const n = Number.isInteger(price) ? String(price) : price.toFixed(2);
  if (/^\p{Script=Han}+$/u.test(currency)) return `${n}${currency}`;
  return /^[A-Za-z]{2,}$/.test(currency) ? `${n} ${currency}` : `${currency}${n}`;
}

/** Copies a bilingual card's other line onto its record; whether it did. */
function withAlt(rec: QuestionRec, c: ClusterView): boolean {
  if (c.representativeAlt === undefined) return false;
  rec.alt = c.representativeAlt.slice(0, 200);
  rec.zh = c.representativeZh ?? hasHan(c.representative);
  return true;
}

/** The running minute's checkpoint file of a show (null for an in-memory store: nothing survives a crash there). */
export function openMinutePath(store: Store, id: string, dir?: string): string | null {
  if (!dir && store.path === ':memory:') return null;
  return join(dir ?? join(dirname(store.path), 'shows'), `${id.replace(/[^\w-]/g, '_')}.open.json`);
}

const nums = z.array(z.number());
/** A checkpoint file's line (`#checkpoint`): the minute as last drained and what was counted since. */
const CheckpointSchema = z.object({
  v: z.literal(2),
  show: z.string(),
  at: z.number(),
  b: MinuteSchema,
  cl: MinuteSchema.shape.clusters,
  pl: z.array(z.string()),
  pc: nums,
  base: z.number(),
  pb: nums,
  est: z.number(),
  marked: z.number(),
  rn: z.array(z.string()),
  r: nums,
  tn: z.array(z.string()),
  th: nums,
  mood: z.number().nullable(),
  neg: z.number().nullable(),
  stock: z.number().nullable(),
  /** The registers the sketches raised this minute as `slot, index << 5 | rank` pairs (appended to between checkpoints). */
  sk: nums,
  qs: z.array(QuestionRecSchema).optional(),
});

/** The minute a checkpoint stands for: its counters added the way the recorder's `#drain` adds them. */
function minuteFromCheckpoint(c: z.infer<typeof CheckpointSchema>): Minute {
  const m = c.b;
  const scale = c.marked > 0 ? c.est / c.marked : 1;
  c.pl.forEach((name, s) => {
    const o = s * PF;
    let p = m.plat[name];
    if (!p) {
      if (!c.pc[o + F_MSGS]) return;
      p = m.plat[name] = newPlatformMinute();
    }
    for (const [f, key] of DRAINED) {
      const n = c.pc[o + f] ?? 0;
      p[key] += n;
      m[key] += n;
    }
    p.chatters = (c.pb[s] ?? 0) + Math.round((c.pc[o + F_NEW] ?? 0) * scale);
  });
  m.chatters = c.base + c.est;
  const byAction = [m.flagBy, m.holdBy, m.blockBy];
  for (let i = 0; i + 2 < c.r.length; i += 3) {
    const into = byAction[c.r[i] as number];
    const name = c.rn[c.r[i + 1] as number];
    if (into && name !== undefined) into[name] = (into[name] ?? 0) + (c.r[i + 2] as number);
  }
  for (let i = 0; i + 1 < c.th.length; i += 2) {
    const name = c.tn[c.th[i] as number];
    if (name !== undefined) m.themes[name] = (m.themes[name] ?? 0) + (c.th[i + 1] as number);
  }
  if (c.mood !== null) m.mood = c.mood;
  if (c.neg !== null) m.negShare = c.neg;
  m.stock = c.stock;
  m.clusters = c.cl;
  for (let i = 0; i + 1 < c.sk.length; i += 2) {
    const name = c.pl[c.sk[i] as number];
    if (name !== undefined) (m.sk[name] ??= []).push(c.sk[i + 1] as number);
  }
  m.ck = c.qs?.length ? { qs: c.qs } : undefined;
  return m;
}

/** The running minute a checkpoint file holds (newer than the store's), or null (none, empty, torn or another show's). */
export function readOpenMinute(path: string | null, id: string): Minute | null {
  if (!path || !existsSync(path)) return null;
  try {
    const text = readFileSync(path, 'utf8');
    const line = text.slice(0, text.indexOf('\n') + 1 || text.length).trim();
    if (!line) return null;
    const p = CheckpointSchema.safeParse(JSON.parse(line));
    return p.success && p.data.show === id ? minuteFromCheckpoint(p.data) : null;
  } catch {
    return null;
  }
}

/** `minutes` (by time) with `open` in place of the stored minute it is newer than. */
export function withOpenMinute(minutes: Minute[], open: Minute | null): Minute[] {
  if (!open) return minutes;
  const i = minutes.findIndex((m) => m.t === open.t);
  if (i >= 0) minutes[i] = open;
  else {
    minutes.push(open);
    minutes.sort((a, b) => a.t - b.t);
  }
  return minutes;
}

export function newMinute(t: number): Minute {
  return { t, msgs: 0, chatters: 0, first: 0, allow: 0, flag: 0, hold: 0, block: 0, holdBy: {}, blockBy: {}, flagBy: {}, questions: 0, negative: 0, themes: {}, mood: null, negShare: null, alerts: [], decisions: 0, timeouts: 0, waits: [], byMod: {}, stock: null, clusters: [], events: [], plat: {}, sk: {}, ck: undefined };
}

export function newPlatformMinute(): PlatformMinute {
  return { msgs: 0, chatters: 0, first: 0, allow: 0, flag: 0, hold: 0, block: 0, questions: 0, negative: 0 };
}

/**
 * A show as its stored parts say: the meta's sketches joined with every minute's raised registers,
 * and the question records changed since the meta was written (the newest minute's `ck`) applied.
 * Pure; the review reads a show through it, and a restart resumes from it.
 */
export function assembleMeta(meta: ShowMeta, minutes: readonly Minute[]): ShowMeta {
  const base = new Sketch(meta.sketch);
  const by = new Map<string, Sketch>(Object.entries(meta.psk).map(([k, v]) => [k, new Sketch(v)]));
  for (const m of minutes) {
    for (const [platform, changes] of Object.entries(m.sk)) {
      let s = by.get(platform);
      if (!s) by.set(platform, (s = new Sketch()));
      s.apply(changes);
    }
  }
  const psk: Record<string, string> = {};
  for (const [k, s] of by) {
    base.merge(s);
    psk[k] = s.toBase64();
  }
  let questions = meta.questions;
  const ck = minutes.at(-1)?.ck;
  if (ck?.qs.length) {
    const q = new Map(questions.map((x) => [x.id, x]));
    for (const x of ck.qs) q.set(x.id, x);
    questions = [...q.values()].sort((a, b) => b.peakAskers - a.peakAskers).slice(0, MAX_QUESTIONS);
  }
  return { ...meta, sketch: base.toBase64(), psk, questions };
}

export interface RecorderDeps {
  readonly store: Store;
  /** The app's clock (scheduler time). */
  readonly now: () => number;
  /** Masks personal data in a text (the configured PII patterns). */
  readonly mask: (text: string) => string;
  /** How often the running minute is written (ms, default 10000): what a crash can lose at most. */
  readonly checkpointMs?: number;
  /** Where the running minute's checkpoint file goes (default: a `shows` folder next to the store file). */
  readonly checkpointDir?: string;
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
  /** Called when a show starts (its meta) or ends (null), however it was started or ended. */
  readonly onChange?: (meta: ShowMeta | null) => void;
  /**
   * Every live question cluster's distinct askers so far, shown on a card or not (the insights
   * stage's `askerCounts`). Read when a show starts: the clusters run all the time, and a card's
   * askers from before "Start show" are not the show's (see `#asked`).
   */
  readonly askers?: () => ReadonlyMap<string, number>;
}

// Per-platform counters of the running minute: PF slots a platform in one Uint32Array.
const F_MSGS = 0;
const F_ALLOW = 1;
const F_FLAG = 2;
const F_HOLD = 3;
const F_BLOCK = 4;
const F_Q = 5;
const F_NEG = 6;
const F_FIRST = 7;
/** Chatters new this minute (not drained: the minute's chatters are worked out from it). */
const F_NEW = 8;
const PF = 9;
const DRAINED: readonly (readonly [number, Exclude<keyof PlatformMinute, 'chatters'>])[] = [
  [F_MSGS, 'msgs'],
  [F_ALLOW, 'allow'],
  [F_FLAG, 'flag'],
  [F_HOLD, 'hold'],
  [F_BLOCK, 'block'],
  [F_Q, 'questions'],
  [F_NEG, 'negative'],
  [F_FIRST, 'first'],
];

export class ShowRecorder {
  readonly #d: RecorderDeps;
  readonly #checkpointMs: number;
  #meta: ShowMeta | null = null;
  #b: Minute | null = null;
  readonly #minuteUsers = new MinuteCounter();
  /** Chatters a previous run stored for the current minute (the whole minute, then per platform slot). */
  #minuteBase = 0;
  readonly #platBase = new Float64Array(MAX_PLATFORMS);
  #minutes = 0;
  /** Per platform slot: the running minute's counters (PF each) and the show's distinct-chatter sketch. */
  readonly #pc = new Uint32Array(MAX_PLATFORMS * PF);
  #platNames: string[] = [];
  #platSlots = new Map<string, number>();
  #psk: Sketch[] = [];
  /** The sketch of the show as resumed (holds what was counted before platforms were counted apart). */
  #baseSketch = new Sketch();
  #lastPlatform: string | null = null;
  #lastSlot = 0;
  #questions = new Map<string, QuestionRec>();
  /** Question records changed since the meta was written (a checkpoint carries them). */
  #dirtyQuestions = new Set<string>();
  #metaDirty = false;
  /** A sketch raised more registers this minute than it lists: the meta gets the whole sketches. */
  #overflow = false;
  /** Messages seen (and other changes made) since the last write: nothing new, no checkpoint. */
  #seen = 0;
  #changed = false;
  #lastWrite = 0;
  #lastTimeouts = 0;
  #snapClusters: readonly ClusterView[] = [];
  #clustersFrom: readonly ClusterView[] | null = null;
  #transcript: { file: string; salt: string; lines: string[] } | null = null;
  /** The running minute's checkpoint file (open while the show runs), its text and bytes. */
  #open: { path: string; fd: number } | null = null;
  readonly #out = new AsciiOut();
  /** Parts of the checkpoint's text kept until they change (the minute as last drained, names, cards, questions). */
  #bJson: string | null = null;
  #headLen = 0;
  /** Where the sketches' registers listed so far end in the buffer, and how many of each slot's are listed. */
  #skEnd = 0;
  #skDone: number[] = [];

  #idJson = '""';
  #cl: Minute['clusters'] = [];
  #clJson = '[]';
  #headCards = '';
  #plN = 0;
  #rnN = 0;
  #tnN = 0;
  #qsJson: string | null = null;
  #changedQuestions = false;
  #cardsSeen = new Set<string>();
  /**
   * Each question cluster's askers when the show started (empty for a show resumed after a restart:
   * the clusters started again with the process). A card counts only who joined it since.
   */
  #askedBefore: ReadonlyMap<string, number> = new Map();
  /**
   * This process's mark on its question records: the clusters number from q0 again in every
   * process, so a show resumed after a restart must not take a new q0 for the record of the old one.
   */
  readonly #run = randomUUID().slice(0, 8);
  /** This process's cards that continue a record of an earlier process (the same text): card key → record id. */
  #alias = new Map<string, string>();
  /** The current minute's reasons, complaint themes and mood not yet moved into `#b` (see `#drain`). */
  readonly #reasons = new ReasonCounts();
  readonly #themes = new NameCounts(THEMES_PER_SHOW);
  #mood: number | null = null;
  #negShare: number | null = null;

  constructor(d: RecorderDeps) {
    this.#d = d;
    this.#checkpointMs = d.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
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

  /** Starts a show (ending a running one); `auto`: started by chat (server/shows/auto.ts). */
  start(title: string, record: boolean, auto = false): ShowMeta {
    if (this.#meta) this.end();
    const now = this.#d.now();
    const id = `show-${new Date(now).toISOString().slice(0, 16).replace(/[-:T]/g, '')}-${randomUUID().slice(0, 6)}`;
    const meta: ShowMeta = { id, title: title || new Date(now).toISOString().slice(0, 16).replace('T', ' '), startedAt: now, endedAt: null, sketch: '', psk: {}, questions: [], sales: [], recording: record, auto };
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
    this.#askedBefore = new Map(this.#d.askers?.() ?? []);
    if (this.#transcript) {
      const s = this.#d.settings?.() ?? { sensitivity: {}, terms: { blocked: [], allowed: [] } };
      this.#writeLine({ type: 'header', version: 1, showId: id, title: meta.title, startedAt: now, sensitivity: s.sensitivity, terms: s.terms });
      this.#flushTranscript();
    }
    this.#d.onChange?.(meta);
    return meta;
  }

  /**
   * Ends the running show. `at`: when it really ended, if earlier than now (a show ended by silence
   * ended with its last message, not when the quiet time ran out: its review then says how long the
   * show ran, not the show plus the wait).
   */
  end(at?: number): ShowMeta | null {
    const meta = this.#meta;
    if (!meta) return null;
    const now = Math.max(meta.startedAt, Math.min(this.#d.now(), at ?? Infinity));
    for (const s of meta.sales) if (s.endedAt === null) s.endedAt = now;
    meta.endedAt = now;
    this.#metaDirty = true;
    this.flush();
    const { store } = this.#d;
    store.transaction(() => {
      store.setJson(INDEX_KEY, this.list().map((s) => (s.id === meta.id ? { ...s, endedAt: now } : s)), now);
      store.deleteJson(ACTIVE_KEY);
      store.deleteJson(saltKey(meta.id));
    });
    this.#flushTranscript();
    this.#closeOpenFile(true);
    this.#meta = null;
    this.#b = null;
    this.#transcript = null;
    this.#d.onChange?.(null);
    return meta;
  }

  /** Writes what the running show has so far and lets go of its files (shutdown); the show resumes at the next start. */
  close(): void {
    this.flush();
    this.#closeOpenFile(false);
  }

  #closeOpenFile(remove: boolean): void {
    const o = this.#open;
    if (!o) return;
    this.#open = null;
    closeSync(o.fd);
    if (remove) rmSync(o.path, { force: true });
  }

  /** The transcript file of a show (it exists only if the show was recorded). */
  transcriptPath(id: string): string {
    return join(this.#d.transcriptDir ?? join(dirname(this.#d.store.path === ':memory:' ? '.' : this.#d.store.path), 'transcripts'), `${id.replace(/[^\w-]/g, '_')}.jsonl`);
  }

  /** Continues `stored` (a new show, or the one running when the process stopped or crashed). */
  #resume(stored: ShowMeta): void {
    const { store } = this.#d;
    this.#closeOpenFile(false);
    const path = openMinutePath(store, stored.id, this.#d.checkpointDir);
    const open = readOpenMinute(path, stored.id);
    const minutes = withOpenMinute(
      store.jsonEntries(minutePrefix(stored.id)).flatMap(({ value }) => {
        const m = MinuteSchema.safeParse(value);
        return m.success ? [m.data] : [];
      }),
      open,
    );
    this.#minutes = minutes.length;
    const meta = assembleMeta(stored, minutes);
    this.#meta = meta;
    this.#idJson = JSON.stringify(meta.id);
    this.#plN = -1;
    this.#rnN = -1;
    this.#tnN = -1;
    this.#platNames = [];
    this.#platSlots = new Map();
    this.#psk = [];
    this.#lastPlatform = null;
    this.#lastSlot = 0;
    this.#baseSketch = new Sketch(meta.sketch);
    for (const [name, b64] of Object.entries(meta.psk)) (this.#psk[this.#slot(name)] as Sketch).merge(new Sketch(b64));
    this.#questions = new Map(meta.questions.map((q) => [q.id, q]));
    this.#cardsSeen = new Set(meta.questions.map((q) => q.id));
    this.#askedBefore = new Map();
    this.#alias = new Map();
    this.#dirtyQuestions.clear();
    this.#clustersFrom = null;
    this.#snapClusters = [];
    // a crash left a checkpoint: the minute into the store, its question records into the meta, now
    this.#metaDirty = !!minutes.at(-1)?.ck;
    if (open) {
      const last = open;
      last.ck = undefined;
      store.setJson(minuteKey(stored.id, last.t), last, this.#d.now());
    }
    this.#openMinute(this.#minuteOf(this.#d.now()), true);
    this.#lastWrite = this.#d.now();
    if (this.#metaDirty) this.#write();
    if (path) {
      // the show's files (chat minutes, the transcript) are for the team only, like the store beside them
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      this.#open = { path, fd: openSync(path, 'w', 0o600) };
    }
    if (meta.recording) {
      const salt = store.getJson<string>(saltKey(meta.id)) ?? randomBytes(16).toString('base64url');
      const file = this.transcriptPath(meta.id);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      this.#transcript = { file, salt, lines: [] };
    }
  }

  #minuteOf(t: number): number {
    return t - (((t % MINUTE) + MINUTE) % MINUTE);
  }

  /** The slot of a platform's counters and sketch (registered on first sight; past MAX_PLATFORMS: 'other'). */
  #slot(platform: string): number {
    const known = this.#platSlots.get(platform);
    if (known !== undefined) return known;
    if (this.#platNames.length >= MAX_PLATFORMS - 1 && platform !== OTHER) return this.#slot(OTHER);
    const slot = this.#platNames.length;
    this.#platNames.push(platform);
    this.#platSlots.set(platform, slot);
    const sk = new Sketch();
    sk.clearChanges();
    this.#psk.push(sk);
    return slot;
  }

  /** Opens the bucket for minute `t`, continuing what a previous run stored for it (`resumed`: look it up). */
  #openMinute(t: number, resumed: boolean): void {
    const meta = this.#meta as ShowMeta;
    const stored = resumed ? MinuteSchema.safeParse(this.#d.store.getJson(minuteKey(meta.id, t))) : { success: false as const };
    for (const s of this.#psk) s.clearChanges();
    this.#overflow = false;
    if (stored.success) {
      this.#b = stored.data;
      this.#b.ck = undefined;
      // the registers this minute raised before are written with it again
      for (const [name, changes] of Object.entries(this.#b.sk)) (this.#psk[this.#slot(name)] as Sketch).changes?.push(...changes);
    } else {
      this.#b = newMinute(t);
      this.#minutes++;
    }
    this.#minuteBase = this.#b.chatters;
    this.#platBase.fill(0);
    for (const [name, p] of Object.entries(this.#b.plat)) this.#platBase[this.#slot(name)] = p.chatters;
    this.#minuteUsers.clear();
    this.#pc.fill(0);
    this.#reasons.clear();
    this.#themes.clear();
    this.#mood = null;
    this.#negShare = null;
    this.#cl = this.#b.clusters;
    this.#clJson = JSON.stringify(this.#cl);
    this.#bJson = null;
    this.#qsJson = null;
  }

  /** Something of `#b` itself changed (a decision, an event, an alert…): its checkpoint text is rebuilt. */
  #touch(): void {
    this.#changed = true;
    this.#bJson = null;
  }

  /** The cards' JSON text (the same string while they do not change). */
  #cardsJson(): string {
    this.#cards();
    return this.#clJson;
  }

  /**
   * The question cards of the minute: the top 5 of the last snapshot with their askers during the
   * show, those nobody asked since the start left out (rebuilt only when they changed).
   */
  #cards(): Minute['clusters'] {
    const snap = this.#snapClusters;
    if (snap !== this.#clustersFrom) {
      this.#clustersFrom = snap;
      const before = this.#askedBefore;
      const shown = before.size === 0 ? snap : snap.filter((c) => this.#asked(c) > 0).sort((a, b) => this.#asked(b) - this.#asked(a));
      if (shown.length > 0 && !sameClusters(this.#cl, shown, before)) {
        this.#cl = shown.slice(0, 5).map((x) => ({ text: x.representative.slice(0, 120), askers: this.#asked(x) }));
        this.#clJson = JSON.stringify(this.#cl);
      }
    }
    return this.#cl;
  }

  /**
   * The hot path: one annotated message. `chatNow` = the chat clock when it was filtered (for the
   * transcript). No string key built, no record written by name, no allocation: counters are slots
   * of a typed array by platform (the last platform is remembered, so a single-platform show looks
   * nothing up) and reasons by small id, moved into the minute's records when it is written
   * (`#drain`). Complaint themes come from the mood (`tick`), which matches them anyway.
   */
  observe(a: Annotated, chatNow: number): void {
    if (!this.#b) return;
    const m = a.message;
    let slot = this.#lastSlot;
    if (m.platform !== this.#lastPlatform) {
      slot = this.#slot(m.platform || OTHER);
      this.#lastPlatform = m.platform;
      this.#lastSlot = slot;
    }
    const c = this.#pc;
    const o = slot * PF;
    c[o + F_MSGS]!++;
    const u = m.user;
    const h = hashId(u.id);
    // every message into the show's sketch (a register is a max: cheap, and a viewer whose bit in the
    // minute's bitmap collides with another's still counts for the show)
    (this.#psk[slot] as Sketch).addHash(h);
    if (this.#minuteUsers.mark(h)) {
      c[o + F_NEW]!++;
      if (u.firstMessage) c[o + F_FIRST]!++;
    }
    const v = a.verdict;
    switch (v.action) {
      case 'allow':
        c[o + F_ALLOW]!++;
        break;
      case 'flag':
        c[o + F_FLAG]!++;
        this.#reasons.count(FLAG, v.reasons);
        break;
      case 'hold':
        c[o + F_HOLD]!++;
        this.#reasons.count(HOLD, v.reasons);
        break;
      case 'block':
        c[o + F_BLOCK]!++;
        this.#reasons.count(BLOCK, v.reasons);
        break;
    }
    if (a.isQuestion) c[o + F_Q]!++;
    if (a.sentiment < 0) c[o + F_NEG]!++;
    this.#seen++;
    if (this.#transcript) this.#writeLine({ type: 'msg', t: chatNow, m: this.#pseudonymous(m), v: v.action, r: v.reasons.map((r) => r.filter) });
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
    appendFileSync(t.file, t.lines.join('\n') + '\n', { mode: 0o600 });
    t.lines = [];
  }

  #event(kind: string, detail: string): void {
    const b = this.#b;
    if (b && b.events.length < EVENTS_PER_MINUTE) {
      b.events.push({ at: this.#d.now(), kind, detail: detail.slice(0, 120) });
      this.#touch();
    }
  }

  /** After a console or API command went through: decisions, sales (started, extended, sold out, ended), countdowns, pins, featured, scenes. */
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
          this.#touch();
        }
        return;
      }
      case 'banner.start':
      case 'banner.stock':
      case 'banner.end': {
        const banner = this.#d.banner?.() ?? null;
        this.#metaDirty = true;
        if (cmd.kind === 'banner.start' && banner) {
          if (meta.sales.length >= MAX_SALES) meta.sales.shift();
          meta.sales.push({ id: banner.id, product: banner.product, currency: banner.currency, price: banner.price, stockTotal: banner.stockTotal, startedAt: now, endedAt: null, soldOutAt: null, curve: [{ at: now, stock: banner.stockLeft }] });
          this.#event('sale', `${banner.product} ${priceText(banner.price, banner.currency)} ×${banner.stockTotal}`);
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
      case 'banner.extend': {
        const banner = this.#d.banner?.() ?? null;
        if (banner) this.#event('sale-extend', `${banner.product} ${cmd.byMs < 0 ? '-' : '+'}${Math.round(Math.abs(cmd.byMs) / 1000)} s`);
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
            if (rec.answeredAt === null && (answers(rec.text, q) || (rec.alt !== undefined && answers(rec.alt, q)))) {
              rec.answeredAt = now;
              rec.answeredBy = 'pin';
              this.#dirtyQuestions.add(rec.id);
              this.#changedQuestions = true;
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

  /**
   * Once a second: roll the minute, follow question cards, mood, complaint themes (the mood's, since
   * the last tick) and the sale; a checkpoint of the running minute every `checkpointMs`.
   */
  tick(snap: { clusters: readonly ClusterView[]; mood: MoodView } | null, alerts: readonly { themes: readonly string[] }[] = [], themes: Readonly<Record<string, number>> | null = null): void {
    const meta = this.#meta;
    if (!meta || !this.#b) return;
    const now = this.#d.now();
    let b = this.#b;
    const t = this.#minuteOf(now);
    if (t > b.t && this.#minutes < MAX_SHOW_MINUTES) {
      this.#write();
      // a new minute: nothing stored for it yet
      this.#openMinute(t, false);
      b = this.#b;
    }
    const timeouts = this.#d.timeouts?.() ?? 0;
    if (timeouts > this.#lastTimeouts) {
      b.timeouts += timeouts - this.#lastTimeouts;
      this.#touch();
    }
    this.#lastTimeouts = timeouts;
    for (const a of alerts) {
      if (b.alerts.length < 20) b.alerts.push({ at: now, themes: [...a.themes] });
      this.#touch();
    }
    if (themes) {
      for (const k in themes) this.#themes.add(k, themes[k] as number);
      this.#changed = true;
    }
    if (snap) {
      this.#mood = Math.round(snap.mood.index * 100) / 100;
      this.#negShare = Math.round(snap.mood.negativeShare * 100) / 100;
      this.#snapClusters = snap.clusters;
      for (const c of snap.clusters) this.#question(c, now);
    }
    const sale = meta.sales.at(-1);
    if (sale && sale.endedAt === null) {
      const banner = this.#d.banner?.() ?? null;
      if (banner?.id === sale.id && banner.endedAt !== null) {
        sale.endedAt = banner.endedAt;
        this.#metaDirty = true;
      }
    }
    if (now - this.#lastWrite >= this.#checkpointMs) this.#checkpoint();
    this.#flushTranscript();
  }

  /**
   * A card's askers during the show: its askers less those it had when the show started (a viewer who
   * asked before the start and again during the show counts with the earlier ones).
   */
  #asked(c: ClusterView): number {
    return c.askers - (this.#askedBefore.get(c.id) ?? 0);
  }

  #question(c: ClusterView, now: number): void {
    const askers = this.#asked(c);
    // a card nobody asked during the show (still in its window from before the start) is not the show's
    if (askers <= 0) return;
    const key = `${this.#run}:${c.id}`;
    let rec = this.#questions.get(this.#alias.get(key) ?? key);
    if (!rec && this.#questions.size > 0) {
      // the same question recorded before a restart (its card had another process's id): its record goes on
      const text = c.representative.slice(0, 200);
      const mine = `${this.#run}:`;
      for (const q of this.#questions.values()) {
        if (q.text === text && !q.id.startsWith(mine)) {
          rec = q;
          this.#alias.set(key, q.id);
          break;
        }
      }
    }
    const id = rec?.id ?? key;
    if (!rec) {
      if (this.#questions.size >= MAX_QUESTIONS) {
        // keep the most asked: the smallest peak makes room (unless the new card is smaller still)
        let min: QuestionRec | null = null;
        for (const q of this.#questions.values()) if (!min || q.peakAskers < min.peakAskers) min = q;
        if (!min || min.peakAskers >= askers) return;
        this.#questions.delete(min.id);
        this.#dirtyQuestions.delete(min.id);
        // the meta must lose it too: written at the next checkpoint
        this.#metaDirty = true;
      }
      rec = { id, text: c.representative.slice(0, 200), firstAt: now, peakAskers: askers, peakAt: now, answeredAt: null, answeredBy: null };
      this.#questions.set(id, rec);
      this.#dirtyQuestions.add(id);
      this.#changedQuestions = true;
      if (this.#transcript && !this.#cardsSeen.has(id)) this.#writeLine({ type: 'card', t: now, id, text: rec.text });
      this.#cardsSeen.add(id);
    }
    if (rec.alt === undefined && withAlt(rec, c)) {
      // a card asked in both languages (now or since it was recorded): the review shows both lines
      this.#dirtyQuestions.add(id);
      this.#changedQuestions = true;
    }
    if (askers > rec.peakAskers) {
      rec.peakAskers = askers;
      rec.peakAt = now;
      this.#dirtyQuestions.add(id);
      this.#changedQuestions = true;
    }
    if (c.faq && rec.answeredAt === null) {
      rec.answeredAt = now;
      rec.answeredBy = 'faq';
      this.#dirtyQuestions.add(id);
      this.#changedQuestions = true;
    }
  }

  /** Moves the counters of the running minute into `b` (additive: a minute can be written many times). */
  #drain(b: Minute): void {
    this.#reasons.drain(b);
    const c = this.#pc;
    const est = this.#minuteUsers.estimate();
    const marked = this.#minuteUsers.marked;
    // linear counting corrects for collisions in the whole minute; each platform gets its share
    const scale = marked > 0 ? est / marked : 1;
    for (let s = 0; s < this.#platNames.length; s++) {
      const o = s * PF;
      const name = this.#platNames[s] as string;
      let p = b.plat[name];
      if (!p) {
        if (c[o + F_MSGS] === 0) continue;
        p = b.plat[name] = newPlatformMinute();
      }
      for (const [f, key] of DRAINED) {
        const n = c[o + f] as number;
        if (n === 0) continue;
        p[key] += n;
        b[key] += n;
        c[o + f] = 0;
      }
      p.chatters = (this.#platBase[s] as number) + Math.round((c[o + F_NEW] as number) * scale);
    }
    b.chatters = this.#minuteBase + est;
    this.#themes.drain(b.themes);
    if (this.#mood !== null) b.mood = this.#mood;
    if (this.#negShare !== null) b.negShare = this.#negShare;
    b.clusters = this.#cards();
    for (let s = 0; s < this.#platNames.length; s++) {
      const sk = this.#psk[s] as Sketch;
      if (sk.overflowed) this.#overflow = true;
      else if (sk.changes?.length) b.sk[this.#platNames[s] as string] = sk.changes;
    }
    b.stock = this.#stock();
    this.#bJson = null;
  }

  #stock(): number | null {
    const banner = this.#d.banner?.() ?? null;
    return banner && banner.endedAt === null ? banner.stockLeft : null;
  }

  /**
   * Every `checkpointMs`: the running minute into its file, when anything changed (a sale: into the
   * store). Nothing is drained or re-encoded: the text is the minute as last drained (kept as text
   * until it changes) plus the counters not drained yet, straight from their typed arrays, so a
   * checkpoint costs about what changed. `readOpenMinute` adds them up the way `#drain` does.
   */
  #checkpoint(): void {
    const now = this.#d.now();
    if (this.#metaDirty) return this.#write();
    for (const s of this.#psk) if (s.overflowed) return this.#write();
    const o = this.#open;
    const b = this.#b;
    if (!o || !b || (this.#seen === 0 && !this.#changed && this.#dirtyQuestions.size === 0)) {
      this.#lastWrite = now;
      return;
    }
    // the line starts with what changes seldom (the minute as last drained, the cards, the names),
    // its bytes kept in the buffer until one of them changes; the counters follow, written as
    // digits straight into the buffer
    const out = this.#out;
    const n = this.#platNames.length;
    const reasonNames = this.#reasons.names.length;
    const themeNames = this.#themes.names.length;
    const cardsJson = this.#cardsJson();
    if (this.#bJson === null || cardsJson !== this.#headCards || n !== this.#plN || reasonNames !== this.#rnN || themeNames !== this.#tnN) {
      this.#bJson ??= JSON.stringify(b);
      this.#headCards = cardsJson;
      this.#plN = n;
      this.#rnN = reasonNames;
      this.#tnN = themeNames;
      out.pos = 0;
      out.text(`{"v":2,"show":${this.#idJson},"b":${this.#bJson},"cl":${cardsJson},"pl":${JSON.stringify(this.#platNames)},"rn":${JSON.stringify(this.#reasons.names)},"tn":${JSON.stringify(this.#themes.names)}`);
      out.bytes(K_SK);
      this.#headLen = out.pos;
      this.#skEnd = out.pos;
      this.#skDone = [];
    }
    // the registers the sketches raised: appended after those already in the buffer (pairs of slot, register)
    out.pos = this.#skEnd;
    for (let i = 0; i < n; i++) {
      const c = (this.#psk[i] as Sketch).changes;
      const done = this.#skDone[i] ?? 0;
      if (!c || c.length <= done) continue;
      for (let k = done; k < c.length; k++) {
        if (out.pos > this.#headLen) out.byte(COMMA);
        out.int(i);
        out.byte(COMMA);
        out.int(c[k] as number);
      }
      this.#skDone[i] = c.length;
    }
    this.#skEnd = out.pos;
    out.bytes(K_SK_END);
    out.int(now);
    out.bytes(K_PC);
    const pc = this.#pc;
    for (let i = 0; i < n * PF; i++) {
      if (i) out.byte(COMMA);
      out.int(pc[i] as number);
    }
    out.bytes(K_BASE);
    out.num(this.#minuteBase);
    out.bytes(K_PB);
    for (let i = 0; i < n; i++) {
      if (i) out.byte(COMMA);
      out.num(this.#platBase[i] as number);
    }
    out.bytes(K_EST);
    out.int(this.#minuteUsers.estimate());
    out.bytes(K_MARKED);
    out.int(this.#minuteUsers.marked);
    out.bytes(K_R);
    this.#reasons.writePending(out);
    out.bytes(K_TH);
    this.#themes.writePending(out);
    out.bytes(K_MOOD);
    out.num(this.#mood);
    out.bytes(K_NEG);
    out.num(this.#negShare);
    out.bytes(K_STOCK);
    out.num(this.#stock());
    if (this.#dirtyQuestions.size > 0) {
      if (this.#qsJson === null || this.#changedQuestions) {
        const qs: QuestionRec[] = [];
        for (const id of this.#dirtyQuestions) {
          const q = this.#questions.get(id);
          if (q) qs.push(q);
        }
        this.#qsJson = JSON.stringify(qs);
      }
      out.bytes(K_QS);
      out.text(this.#qsJson);
    }
    this.#changedQuestions = false;
    out.bytes(K_END);
    // one write() at offset 0 of a reused buffer; a shorter line leaves old bytes after its newline
    writeSync(o.fd, out.buf, 0, out.pos, 0);
    this.#seen = 0;
    this.#changed = false;
    this.#lastWrite = now;
  }

  /**
   * Writes the running minute into the store, and the meta when it changed (a sale, questions, the
   * show's end, a sketch that raised more registers than it lists). One transaction; the checkpoint
   * file is emptied first (what it held is in this write).
   */
  #write(): void {
    const meta = this.#meta;
    const b = this.#b;
    if (!meta || !b) return;
    const now = this.#d.now();
    this.#drain(b);
    const { store } = this.#d;
    // the checkpoint file's first line emptied (a newline: read as "nothing newer than the store")
    if (this.#open) writeSync(this.#open.fd, NEWLINE, 0, 1, 0);
    const withMeta = this.#metaDirty || this.#overflow || this.#dirtyQuestions.size > 0;
    if (this.#overflow) {
      // the whole sketches into the meta; the minute lists what it raises from now on
      const total = new Sketch();
      total.merge(this.#baseSketch);
      const psk: Record<string, string> = {};
      this.#psk.forEach((s, i) => {
        total.merge(s);
        psk[this.#platNames[i] as string] = s.toBase64();
        s.clearChanges();
      });
      meta.sketch = total.toBase64();
      meta.psk = psk;
      b.sk = {};
      this.#overflow = false;
    }
    if (withMeta) {
      meta.questions = [...this.#questions.values()];
      this.#dirtyQuestions.clear();
      this.#metaDirty = false;
    }
    if (withMeta) {
      store.transaction(() => {
        store.setJson(minuteKey(meta.id, b.t), b, now);
        store.setJson(metaKey(meta.id), meta, now);
      });
    } else store.setJson(minuteKey(meta.id, b.t), b, now);
    this.#seen = 0;
    this.#changed = false;
    this.#lastWrite = now;
  }

  /** Writes the current minute and what changed of the show's meta now (on close, on end, before a review is read). */
  flush(): void {
    if (!this.#b) return;
    this.#write();
    this.#flushTranscript();
  }

  /** The distinct chatters of the running show so far (after a flush the stored show says the same). */
  chatters(): number {
    const total = new Sketch();
    total.merge(this.#baseSketch);
    for (const s of this.#psk) total.merge(s);
    return total.estimate();
  }

  #forget(id: string): void {
    const { store } = this.#d;
    for (const k of store.jsonKeys(minutePrefix(id))) store.deleteJson(k);
    store.deleteJson(metaKey(id));
    store.deleteJson(saltKey(id));
    const open = openMinutePath(store, id, this.#d.checkpointDir);
    if (open) rmSync(open, { force: true });
  }
}

const FLAG = 0;
const HOLD = 1;
const BLOCK = 2;

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

  add(id: number, by = 1): void {
    if (id >= this.#counts.length) {
      const grown = new Uint32Array(Math.max(id + 1, this.#counts.length * 2));
      grown.set(this.#counts);
      this.#counts = grown;
    }
    const n = this.#counts[id] as number;
    if (n === 0) this.#order.push(id);
    this.#counts[id] = n + by;
  }

  /** Writes the counts not drained yet as `[tag,]id,count` numbers (a checkpoint's text); whether it wrote any. */
  writePending(out: AsciiOut, tag: number, first: boolean): boolean {
    for (const id of this.#order) {
      if (!first) out.byte(COMMA);
      first = false;
      if (tag >= 0) {
        out.int(tag);
        out.byte(COMMA);
      }
      out.int(id);
      out.byte(COMMA);
      out.int(this.#counts[id] as number);
    }
    return !first;
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

  /** The names by id (grows; never reordered). */
  get names(): readonly string[] {
    return this.#names;
  }

  /** Writes the counts not drained yet as `action,id,count` triples (a checkpoint's text). */
  writePending(out: AsciiOut): void {
    let wrote = this.#by[FLAG].writePending(out, FLAG, true);
    wrote = this.#by[HOLD].writePending(out, HOLD, !wrote) || wrote;
    this.#by[BLOCK].writePending(out, BLOCK, !wrote);
  }
}

/** Counts by name (complaint themes): a name gets a small id once. */
export class NameCounts {
  readonly #ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly #c = new IdCounts(16);
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  add(name: string, by: number): void {
    let id = this.#ids.get(name);
    if (id === undefined) {
      if (this.names.length >= this.#max) return;
      id = this.names.length;
      this.#ids.set(name, id);
      this.names.push(name);
    }
    this.#c.add(id, by);
  }

  drain(into: Record<string, number>): void {
    this.#c.drain(into, this.names);
  }

  clear(): void {
    this.#c.clear();
  }

  writePending(out: AsciiOut): void {
    this.#c.writePending(out, -1, true);
  }
}

/** The minute's stored cards are those of `clusters` (the top 5, askers less those of `before`): nothing to rebuild. */
function sameClusters(stored: Minute['clusters'], clusters: readonly ClusterView[], before: ReadonlyMap<string, number>): boolean {
  const n = Math.min(5, clusters.length);
  if (stored.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const a = stored[i] as Minute['clusters'][number];
    const c = clusters[i] as ClusterView;
    const text = c.representative.length > 120 ? c.representative.slice(0, 120) : c.representative;
    if (a.askers !== c.askers - (before.get(c.id) ?? 0) || a.text !== text) return false;
  }
  return true;
}
