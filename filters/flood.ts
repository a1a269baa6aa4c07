/**
 * Per-user floods (more than N messages in T seconds) and per-user repeats (the same normalized
 * text more than R times in T' seconds), as a step over explicit state and a clock:
 * `stepFlood(state, msg, nowMs, cfg) → { state, findings }`. The state is owned by the caller and
 * updated in place (copying it per message would cost more than every detector together); the
 * result depends only on (state, msg, nowMs, cfg). Memory is capped: at most `maxUsers` users
 * (the least recently seen is dropped) and `maxEntriesPerUser` entries each.
 */
import type { ChatMessage, Finding } from '../config/chat.js';
import type { FloodConfig } from '../config/filters-config.js';
import { hashString } from './text-stats.js';

/** One user's recent arrivals and text hashes: fixed-size rings (no allocation per message). */
interface UserWindow {
  /** `state.seq` when the user was last moved to the recent end of the map. */
  seq: number;
  times: number[];
  tHead: number;
  tCount: number;
  keys: number[];
  keyAt: number[];
  kHead: number;
  kCount: number;
}

export interface FloodState {
  readonly users: Map<string, UserWindow>;
  /** Entries held across all users (arrivals + texts), for memory(). */
  entries: number;
  /** Messages seen (drives the approximate least-recently-seen order). */
  seq: number;
}

export function createFloodState(): FloodState {
  return { users: new Map(), entries: 0, seq: 0 };
}

/** A full ring's items, oldest first, in a larger array (doubled, at most `cap`). */
function grow(ring: readonly number[], head: number, count: number, cap: number): number[] {
  const next = new Array<number>(Math.min(cap, ring.length * 2)).fill(0);
  for (let i = 0; i < count; i++) next[i] = ring[(head + i) % ring.length]!;
  return next;
}

/** Shared empty result (most messages): never mutated. */
const NONE: Finding[] = [];

export interface FloodStep {
  readonly state: FloodState;
  readonly findings: Finding[];
}

/** Advances the flood window with one message. `keyText` is the message's normalized text ('' skips the repeat check). */
export function stepFlood(state: FloodState, msg: ChatMessage, nowMs: number, cfg: FloodConfig, keyText: string): FloodStep {
  if (cfg.maxUsers === 0) return { state, findings: NONE };
  const cap = Math.max(cfg.maxEntriesPerUser, 1);
  const id = msg.user.id;
  const seq = ++state.seq;
  let w = state.users.get(id);
  if (w) {
    // Map order is least recently seen first. Moving a key costs a delete and a set, so a user is
    // only moved once it has drifted into the older half: the order stays right where eviction looks.
    if (seq - w.seq > cfg.maxUsers / 2) {
      state.users.delete(id);
      state.users.set(id, w);
      w.seq = seq;
    }
  } else {
    // Small plain arrays that grow up to the cap: most users say one or two things (typed arrays
    // would cost ~1 µs each to allocate, full-size rings would churn the GC for one-line users).
    const n = Math.min(2, cap);
    w = { seq, times: new Array<number>(n).fill(0), tHead: 0, tCount: 0, keys: new Array<number>(n).fill(0), keyAt: new Array<number>(n).fill(0), kHead: 0, kCount: 0 };
    if (state.users.size >= cfg.maxUsers) {
      // Drop the least recently seen tenth in one pass: a Map iterator walks over the slots of
      // deleted keys, so starting a fresh iterator per eviction would cost O(deleted) each time.
      let drop = state.users.size - cfg.maxUsers + 1 + Math.floor(cfg.maxUsers / 10);
      for (const [k, old] of state.users) {
        if (drop-- <= 0) break;
        state.users.delete(k);
        state.entries -= old.tCount + old.kCount;
      }
    }
    state.users.set(id, w);
  }
  let findings: Finding[] = NONE;

  const before = w.tCount + w.kCount;
  const from = nowMs - cfg.windowMs;
  while (w.tCount > 0 && w.times[w.tHead]! <= from) {
    w.tHead = (w.tHead + 1) % w.times.length;
    w.tCount--;
  }
  if (w.tCount === w.times.length) {
    if (w.times.length < cap) {
      w.times = grow(w.times, w.tHead, w.tCount, cap);
      w.tHead = 0;
    } else {
      w.tHead = (w.tHead + 1) % w.times.length;
      w.tCount--;
    }
  }
  w.times[(w.tHead + w.tCount) % w.times.length] = nowMs;
  w.tCount++;
  if (w.tCount > cfg.maxMessages) {
    findings = [];
    findings.push({
      filter: 'spam.flood',
      severity: w.tCount > cfg.maxMessages * 2 ? 'high' : 'medium',
      detail: `${w.tCount} messages in ${Math.round(cfg.windowMs / 1000)} s (limit ${cfg.maxMessages})`,
      score: w.tCount,
    });
  }

  if (keyText) {
    const key = hashString(keyText);
    const rfrom = nowMs - cfg.repeatWindowMs;
    while (w.kCount > 0 && w.keyAt[w.kHead]! <= rfrom) {
      w.kHead = (w.kHead + 1) % w.keys.length;
      w.kCount--;
    }
    if (w.kCount === w.keys.length) {
      if (w.keys.length < cap) {
        w.keys = grow(w.keys, w.kHead, w.kCount, cap);
        w.keyAt = grow(w.keyAt, w.kHead, w.kCount, cap);
        w.kHead = 0;
      } else {
        w.kHead = (w.kHead + 1) % w.keys.length;
        w.kCount--;
      }
    }
    const len = w.keys.length;
    let same = 1;
    for (let i = 0; i < w.kCount; i++) if (w.keys[(w.kHead + i) % len] === key) same++;
    const at = (w.kHead + w.kCount) % len;
    w.keys[at] = key;
    w.keyAt[at] = nowMs;
    w.kCount++;
    if (same > cfg.maxRepeats) {
      if (findings === NONE) findings = [];
      findings.push({
        filter: 'spam.user_repeat',
        severity: same > cfg.maxRepeats * 2 ? 'high' : 'medium',
        detail: `same message ${same} times in ${Math.round(cfg.repeatWindowMs / 1000)} s (limit ${cfg.maxRepeats})`,
        score: same,
      });
    }
  }
  state.entries += w.tCount + w.kCount - before;
  return { state, findings };
}

/** Arrivals and texts one user has in the window (for tests and the console). */
export function userEntries(state: FloodState, userId: string): { arrivals: number; texts: number } | null {
  const w = state.users.get(userId);
  return w ? { arrivals: w.tCount, texts: w.kCount } : null;
}
