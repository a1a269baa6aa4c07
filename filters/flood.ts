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

/**
 * One user's recent messages: a ring of (arrival, text hash) pairs in one plain array that grows up
 * to the cap. One window (the longer of the two) serves both checks; the flood count only looks at
 * arrivals inside its own window. One object and one small array per user keep the GC quiet when
 * thousands of viewers say one line each.
 */
interface UserWindow {
  /** `state.seq` when the user was last moved to the recent end of the map. */
  seq: number;
  /** [at0, key0, at1, key1, ...]; key 0 means "no text" (a repeat check was skipped). */
  data: number[];
  head: number;
  count: number;
}

export interface FloodState {
  readonly users: Map<string, UserWindow>;
  /** Entries held across all users, for memory(). */
  entries: number;
  /** Messages seen (drives the approximate least-recently-seen order). */
  seq: number;
}

export function createFloodState(): FloodState {
  return { users: new Map(), entries: 0, seq: 0 };
}

/** Shared empty result (most messages): never mutated. */
const NONE: Finding[] = [];

export interface FloodStep {
  readonly state: FloodState;
  readonly findings: Finding[];
}

/** Advances the flood window with one message. `keyText` is the message's normalized text ('' skips the repeat check). */
export function stepFlood(state: FloodState, msg: ChatMessage, nowMs: number, cfg: FloodConfig, key: number): FloodStep {
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
    w = { seq, data: [0, 0], head: 0, count: 0 };
    if (state.users.size >= cfg.maxUsers) {
      // Drop the least recently seen tenth in one pass: a Map iterator walks over the slots of
      // deleted keys, so starting a fresh iterator per eviction would cost O(deleted) each time.
      let drop = state.users.size - cfg.maxUsers + 1 + Math.floor(cfg.maxUsers / 10);
      for (const k of state.users.keys()) {
        if (drop-- <= 0) break;
        state.entries -= state.users.get(k)!.count;
        state.users.delete(k);
      }
    }
    state.users.set(id, w);
  }

  const before = w.count;
  const keep = nowMs - Math.max(cfg.windowMs, cfg.repeatWindowMs);
  let slots = w.data.length >> 1;
  while (w.count > 0 && w.data[w.head * 2]! <= keep) {
    w.head = (w.head + 1) % slots;
    w.count--;
  }
  if (w.count === slots) {
    if (slots < cap) {
      // grow: lay the ring out oldest first in a doubled array
      const next = new Array<number>(Math.min(cap, slots * 2) * 2).fill(0);
      for (let i = 0; i < w.count; i++) {
        const j = ((w.head + i) % slots) * 2;
        next[i * 2] = w.data[j]!;
        next[i * 2 + 1] = w.data[j + 1]!;
      }
      w.data = next;
      w.head = 0;
      slots = next.length >> 1;
    } else {
      w.head = (w.head + 1) % slots;
      w.count--;
    }
  }
  const from = nowMs - cfg.windowMs;
  const rfrom = nowMs - cfg.repeatWindowMs;
  let recent = 1;
  let same = 1;
  for (let i = 0; i < w.count; i++) {
    const j = ((w.head + i) % slots) * 2;
    const at = w.data[j]!;
    if (at > from) recent++;
    if (key !== 0 && at > rfrom && w.data[j + 1] === key) same++;
  }
  const at = ((w.head + w.count) % slots) * 2;
  w.data[at] = nowMs;
  w.data[at + 1] = key;
  w.count++;
  state.entries += w.count - before;

  let findings: Finding[] = NONE;
  if (recent > cfg.maxMessages) {
    findings = [
      {
        filter: 'spam.flood',
        severity: recent > cfg.maxMessages * 2 ? 'high' : 'medium',
        detail: `${recent} messages in ${Math.round(cfg.windowMs / 1000)} s (limit ${cfg.maxMessages})`,
        score: recent,
      },
    ];
  }
  if (key !== 0 && same > cfg.maxRepeats) {
    if (findings === NONE) findings = [];
    findings.push({
      filter: 'spam.user_repeat',
      severity: same > cfg.maxRepeats * 2 ? 'high' : 'medium',
      detail: `same message ${same} times in ${Math.round(cfg.repeatWindowMs / 1000)} s (limit ${cfg.maxRepeats})`,
      score: same,
    });
  }
  return { state, findings };
}

/** Messages one user has in the window (for tests and the console). */
export function userEntries(state: FloodState, userId: string): number | null {
  return state.users.get(userId)?.count ?? null;
}
