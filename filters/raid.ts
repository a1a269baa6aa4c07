/**
 * Cross-user copy-paste raids: near-duplicates of one text from at least K distinct users within
 * T seconds. Each message (normalized: lowercase, no spaces or ASCII punctuation, runs collapsed)
 * gets a bottom-k MinHash sketch of its character 4-grams; its smallest values are bucket keys, so
 * a copy with small edits or appended characters still lands in the buckets of its original and is
 * confirmed by the share of sketch values the two have in common (an estimate of their Jaccard
 * similarity). A matching message joins its original's cluster; the cluster counts distinct users.
 *
 * `stepRaid(state, msg, nowMs, cfg, norm) → { state, finding }`; the caller owns the state, which is
 * updated in place. Memory is capped: at most `maxEntries` recent messages (oldest dropped), at
 * most BUCKET_CAP per bucket, at most CLUSTER_USERS users per cluster. Messages shorter than
 * `minChars` after normalization ("gg", "LUL") never count. A line under `longChars` counts from
 * `shortUsers` viewers (two typing "first time watching, this is fun" is chat); one
 * that asks the shop something or says a buyer's line ("what size is the model wearing?",
 * "这个有现货吗什么时候发货", "我要一件红色的M码") counts only from `askUsers` viewers: on a
 * live-selling stream many viewers ask the same thing, and that is the chat, not a raid.
 */
import type { ChatMessage, Finding } from '../config/chat.js';
import type { RaidConfig } from '../config/filters-config.js';

/** Sketch size (verification) and how many of its smallest values serve as bucket keys. */
const K = 16;
const KEYS = 8;
const BUCKET_CAP = 16;
const CLUSTER_USERS = 64;

interface Cluster {
  /** The first author; `users` is only created when someone else joins (most texts are never copied). */
  readonly firstUser: string;
  readonly firstAt: number;
  users: Map<string, number> | null;
}

interface Entry {
  readonly at: number;
  /** The step that last compared against this entry (each entry is compared once per message). */
  seen: number;
  readonly sketch: readonly number[];
  readonly cluster: Cluster;
}

export interface RaidState {
  /** Recent messages, oldest first (`head` is the first live index). */
  readonly queue: Entry[];
  head: number;
  /** Messages stepped so far. */
  step: number;
  /**
   * Entries by sketch value, keyed by the value as a signed 32-bit integer (`v | 0`, one key a
   * value): V8 keeps those as small integers, while a value from 2^31 up (half of them) would be a
   * heap number allocated and hashed at every lookup.
   */
  readonly buckets: Map<number, Entry[]>;
  /** The step result of every message that is not part of a raid (shared, never mutated). */
  readonly quiet: RaidStep;
}

export function createRaidState(): RaidState {
  const state = { queue: [], head: 0, step: 0, buckets: new Map() } as Omit<RaidState, 'quiet'> as RaidState;
  (state as { quiet: RaidStep }).quiet = { state, finding: null };
  return state;
}

export function raidEntries(s: RaidState): number {
  return s.queue.length - s.head;
}

/** The K smallest distinct 32-bit hashes of the text's 4-grams, ascending. */
export function sketchOf(norm: string): number[] {
  const out: number[] = [];
  const n = norm.length;
  for (let i = 0; i + 4 <= n; i++) {
    let h = Math.imul(norm.charCodeAt(i), 0x01000193) ^ norm.charCodeAt(i + 1);
    h = Math.imul(h, 0x01000193) ^ norm.charCodeAt(i + 2);
    h = Math.imul(h, 0x01000193) ^ norm.charCodeAt(i + 3);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h = (h ^ (h >>> 12)) >>> 0;
    let len = out.length;
    if (len === K && h >= out[K - 1]!) continue;
    // insert keeping ascending order, no duplicates (manual shift: splice allocates)
    let j = len - 1;
    while (j >= 0 && out[j]! > h) j--;
    if (j >= 0 && out[j] === h) continue;
    if (len < K) out.push(0);
    else len--;
    for (let m = len; m > j + 1; m--) out[m] = out[m - 1]!;
    out[j + 1] = h;
  }
  return out;
}

/**
 * Estimated Jaccard similarity of two texts from their bottom-k sketches: among the k smallest
 * values of the union, the share present in both (the standard bottom-k estimator).
 */
export function sketchSimilarity(a: readonly number[], b: readonly number[]): number {
  const k = Math.max(a.length, b.length);
  let i = 0;
  let j = 0;
  let seen = 0;
  let common = 0;
  while (seen < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    seen++;
  }
  return k === 0 ? 0 : common / k;
}

/** Length for the `minChars` test: CJK and other non-ASCII characters count double (one Han character says more). */
export function weightedLength(norm: string): number {
  let n = norm.length;
  for (let i = 0; i < norm.length; i++) if (norm.charCodeAt(i) > 0x7f) n++;
  return n;
}

function evict(state: RaidState, cutoff: number, maxEntries: number): void {
  const q = state.queue;
  while (state.head < q.length && (q[state.head]!.at <= cutoff || q.length - state.head > maxEntries)) {
    const e = q[state.head]!;
    state.head++;
    for (let s = 0; s < e.sketch.length && s < KEYS; s++) {
      const v = e.sketch[s]! | 0;
      const b = state.buckets.get(v);
      if (!b) continue;
      if (b[0] === e) b.shift();
      if (b.length === 0) state.buckets.delete(v);
    }
  }
  if (state.head > 1024 && state.head * 2 > q.length) {
    q.splice(0, state.head);
    state.head = 0;
  }
}

/** English asks: a question word or an auxiliary first (after an opener such as "so" or "hey"). */
const EN_ASK_START = /^(?:(?:so|and|but|ok|okay|hey|hi|hello|um|btw|also|wait|sis|bro|guys)[\s,]+)*(?:what|whats|what's|which|where|wheres|where's|when|how|hows|how's|who|why|is|are|do|does|did|can|could|will|would|any|anyone|anybody)\b/u;
/** English buyer's lines and asks for the shop ("link please", "size M", "i'll take one", "just ordered"). */
const EN_SHOP = /\b(?:(?:drop|send|post|need|want|wheres|where's|where is) (?:the |a )?link|link (?:pl[sz]|please)|sizes?|sizing|restock|in stock|shipping|ship to|price|discount|coupon|promo code|add(?:ed)? (?:it |this |one )?to (?:my )?cart|i(?:'ll| will) take|i want (?:one|it|this|that|the|a|two|2)|i(?:'d| would) like (?:one|it|this|that|the|a|to (?:buy|order|get))|just (?:ordered|bought|purchased))\b/u;
/** Chinese asks and buyer's lines: question words and particles, the shop's words (链接, 包邮, 尺码, 现货), 我要 / 已拍 / 下单. */
const ZH_ASK = /[吗么呢](?:$|[^\p{Script=Han}])|请问|求(?:链接|上|返|讲|推荐|码|号|尺)|多少|怎么|什么|几[号件天个码]|哪|有没有|能不能|是不是|可不可以|有货|现货|尺码|码数|[SMLsml]码|链接|包邮|运费|邮费|发货|快递|库存|颜色|优惠|券|想要|我要|已拍|拍了|已下单|下单了|已付款|扣1|加购/u;

/**
 * Does a line ask the shop something or say a buyer's line? A question mark at its end, a question
 * word first, a Chinese question particle or word, or a shop phrase. Read only when a short line
 * would otherwise count as a raid (rare), so a regex or three is cheap here.
 */
export function readsAsAsk(text: string): boolean {
  const t = text.normalize('NFKC').toLowerCase().trim();
  if (endsAsking(t)) return true;
  return EN_ASK_START.test(t) || EN_SHOP.test(t) || ZH_ASK.test(t);
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * Whether the last letter, digit or question mark of `t` is a question mark: what follows it
 * (emoji, "!!", "~") does not change the ask. Read backwards by code point (a pair is one), so
 * most lines answer at their last character, without a match object a letter.
 */
function endsAsking(t: string): boolean {
  for (let i = t.length; i > 0; ) {
    let j = i - 1;
    const c = t.charCodeAt(j);
    if (c === 0x3f || c === 0xff1f) return true;
    if (c < 128) {
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return false;
    } else {
      if (c >= 0xdc00 && c <= 0xdfff && j > 0) {
        const hi = t.charCodeAt(j - 1);
        if (hi >= 0xd800 && hi <= 0xdbff) j--;
      }
      if (LETTER_OR_DIGIT.test(t.slice(j, i))) return false;
    }
    i = j;
  }
  return false;
}

export interface RaidStep {
  readonly state: RaidState;
  readonly finding: Finding | null;
}

/**
 * Advances the raid window with one message whose normalized text is `norm`. `normWeight`:
 * weightedLength(norm) when the caller knows it (filters/prepare.ts compareWeight), else -1.
 */
export function stepRaid(state: RaidState, msg: ChatMessage, nowMs: number, cfg: RaidConfig, norm: string, normWeight = -1): RaidStep {
  evict(state, nowMs - cfg.windowMs, Math.max(cfg.maxEntries - 1, 0));
  // weightedLength is at most twice the length: short lines skip its scan
  if (norm.length < 4 || cfg.maxEntries === 0 || norm.length * 2 < cfg.minChars) return state.quiet;
  const weight = normWeight >= 0 ? normWeight : weightedLength(norm);
  if (weight < cfg.minChars) return state.quiet;
  const sketch = sketchOf(norm);
  // Too few distinct 4-grams ("lullullul"): a chant or an emote line, not a pasta to compare.
  if (sketch.length < KEYS / 2) return state.quiet;
  const stepNo = ++state.step;
  let cluster: Cluster | null = null;
  for (let s = 0; s < sketch.length && s < KEYS; s++) {
    const b = state.buckets.get(sketch[s]! | 0);
    if (!b) continue;
    for (let i = b.length - 1; i >= 0; i--) {
      const e = b[i]!;
      if (e.seen === stepNo) continue;
      e.seen = stepNo;
      if (sketchSimilarity(sketch, e.sketch) >= cfg.similarity) {
        cluster = e.cluster;
        break;
      }
    }
    if (cluster) break;
  }
  let distinct = 1;
  const from = nowMs - cfg.windowMs;
  if (!cluster) {
    cluster = { firstUser: msg.user.id, firstAt: nowMs, users: null };
  } else {
    let users = cluster.users;
    if (!users) cluster.users = users = new Map([[cluster.firstUser, cluster.firstAt]]);
    users.delete(msg.user.id);
    users.set(msg.user.id, nowMs);
    if (users.size > CLUSTER_USERS) {
      const first = users.keys().next().value;
      if (first !== undefined) users.delete(first);
    }
    distinct = 0;
    for (const at of users.values()) if (at > from) distinct++;
  }
  const entry: Entry = { at: nowMs, seen: stepNo, sketch, cluster };
  state.queue.push(entry);
  for (let s = 0; s < sketch.length && s < KEYS; s++) {
    const v = sketch[s]! | 0;
    let b = state.buckets.get(v);
    if (!b) state.buckets.set(v, (b = []));
    b.push(entry);
    if (b.length > BUCKET_CAP) b.shift();
  }
  if (distinct < cfg.minUsers || cfg.minUsers === 0) return state.quiet;
  // a few viewers asking the same short thing is a live-selling chat at work, not a raid; many still are
  if (weight < cfg.longChars) {
    // two viewers typing the same short line ("first time watching, this is fun") is live chat, not a raid
    if (distinct < cfg.shortUsers) return state.quiet;
    if (distinct < cfg.askUsers && readsAsAsk(msg.text)) return state.quiet;
  }
  return {
    state,
    finding: {
      filter: 'spam.raid',
      // the same long paste from two is a raid starting (copypastas: 44+ characters for 95 %); a
      // short line only from `shortUsers` (low when that is 2)
      severity: distinct >= cfg.highUsers ? 'high' : distinct >= 3 || weight >= cfg.longChars ? 'medium' : 'low',
      detail: `same text from ${distinct} users in ${Math.round(cfg.windowMs / 1000)} s`,
      score: distinct,
    },
  };
}
