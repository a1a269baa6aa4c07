/**
 * Per-user floods (more than N messages in T seconds) and per-user repeats (the same normalized
 * text more than R times in T' seconds), as a step over explicit state and a clock:
 * `stepFlood(state, msg, nowMs, cfg, key) → { state, findings }`. The state is owned by the caller
 * and updated in place (copying it per message would cost more than every detector together); the
 * result depends only on (state, msg, nowMs, cfg). Memory is capped: at most `maxUsers` users (the
 * least recently seen is dropped) and `maxEntriesPerUser` entries each; a user whose last message
 * has left the longer window is forgotten (nothing of theirs could count any more).
 *
 * Layout, for a step that allocates nothing: users live in numbered slots; an open-addressing
 * table (FNV-1a of the user id, linear probing) maps an id to its slot; a doubly linked list
 * through the slots keeps them in order of last message (most recent first), so the least recently
 * seen user and expired users are found at its tail in O(1); each slot owns `maxEntriesPerUser`
 * places of one ring in two typed arrays (arrival time, text key). Tables grow by doubling up to
 * `maxUsers` slots: about 12 bytes × maxEntriesPerUser per user tracked.
 * Assumes time moves forward; a step back in `nowMs` only makes it forget sooner.
 */
import type { ChatMessage, Finding } from '../config/chat.js';
import type { FloodConfig } from '../config/filters-config.js';
import { FNV_OFFSET, FNV_PRIME } from './hash.js';

const NIL = -1;
const MIN_SLOTS = 64;

export interface FloodState {
  /** Users tracked. */
  size: number;
  /** Entries held across all users, for memory(). */
  entries: number;
  /** Ring places per user (maxEntriesPerUser when the tables were laid out; 0 before the first step). */
  cap: number;
  /** Slots allocated (grows by doubling up to maxUsers); `used` of them have been handed out. */
  slots: number;
  used: number;
  /** Slots given back (evicted or expired users), reused first. */
  free: number[];
  ids: (string | undefined)[];
  hashes: Int32Array;
  /** Open-addressing table: slot + 1, or 0 for an empty place; its length a power of two ≥ 2 × slots. */
  index: Int32Array;
  /** Recency list: `newer`/`older` neighbours of each slot; `first` the most recent, `last` the least. */
  newer: Int32Array;
  older: Int32Array;
  first: number;
  last: number;
  lastAt: Float64Array;
  head: Int32Array;
  count: Int32Array;
  /** Ring places, `cap` per slot: arrival time and text key (0: no text, the repeat check was skipped). */
  at: Float64Array;
  keys: Uint32Array;
  /** The step result shared by every message without findings (never mutated). */
  readonly quiet: FloodStep;
}

export interface FloodStep {
  readonly state: FloodState;
  readonly findings: Finding[];
}

/** Shared empty result (most messages): never mutated. */
const NONE: Finding[] = [];

export function createFloodState(): FloodState {
  const state = {
    size: 0,
    entries: 0,
    cap: 0,
    slots: 0,
    used: 0,
    free: [],
    ids: [],
    hashes: new Int32Array(0),
    index: new Int32Array(0),
    newer: new Int32Array(0),
    older: new Int32Array(0),
    first: NIL,
    last: NIL,
    lastAt: new Float64Array(0),
    head: new Int32Array(0),
    count: new Int32Array(0),
    at: new Float64Array(0),
    keys: new Uint32Array(0),
  } as Omit<FloodState, 'quiet'> as FloodState;
  (state as { quiet: FloodStep }).quiet = { state, findings: NONE };
  return state;
}

function hashId(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The slot of `id`, or NIL. */
function find(s: FloodState, id: string, h: number): number {
  const mask = s.index.length - 1;
  if (mask < 0) return NIL;
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const v = s.index[i]!;
    if (v === 0) return NIL;
    if (s.hashes[v - 1] === h && s.ids[v - 1] === id) return v - 1;
  }
}

function insertIndex(s: FloodState, slot: number): void {
  const mask = s.index.length - 1;
  let i = s.hashes[slot]! & mask;
  while (s.index[i] !== 0) i = (i + 1) & mask;
  s.index[i] = slot + 1;
}

/** Removes `slot` from the table, shifting later entries of its probe run back (no tombstones). */
function removeIndex(s: FloodState, slot: number): void {
  const mask = s.index.length - 1;
  let i = s.hashes[slot]! & mask;
  while (s.index[i] !== slot + 1) i = (i + 1) & mask;
  s.index[i] = 0;
  for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
    const v = s.index[j]!;
    if (v === 0) return;
    const home = s.hashes[v - 1]! & mask;
    // move v back to the hole unless its home lies cyclically in (i, j]
    if (i <= j ? home <= i || home > j : home <= i && home > j) {
      s.index[i] = v;
      s.index[j] = 0;
      i = j;
    }
  }
}

function unlink(s: FloodState, slot: number): void {
  const a = s.newer[slot]!;
  const b = s.older[slot]!;
  if (a === NIL) s.first = b;
  else s.older[a] = b;
  if (b === NIL) s.last = a;
  else s.newer[b] = a;
}

function pushFirst(s: FloodState, slot: number): void {
  s.newer[slot] = NIL;
  s.older[slot] = s.first;
  if (s.first !== NIL) s.newer[s.first] = slot;
  s.first = slot;
  if (s.last === NIL) s.last = slot;
}

/** Forgets the user in `slot`. */
function drop(s: FloodState, slot: number): void {
  unlink(s, slot);
  removeIndex(s, slot);
  s.entries -= s.count[slot]!;
  s.count[slot] = 0;
  s.ids[slot] = undefined;
  s.free.push(slot);
  s.size--;
}

function grownInt(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function grownFloat(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/** Lays the tables out for `slots` slots (growing: every slot keeps its number and ring). */
function layout(s: FloodState, slots: number): void {
  const cap = s.cap;
  s.hashes = grownInt(s.hashes, slots);
  s.newer = grownInt(s.newer, slots);
  s.older = grownInt(s.older, slots);
  s.head = grownInt(s.head, slots);
  s.count = grownInt(s.count, slots);
  s.lastAt = grownFloat(s.lastAt, slots);
  s.at = grownFloat(s.at, slots * cap);
  const keys = new Uint32Array(slots * cap);
  keys.set(s.keys);
  s.keys = keys;
  s.slots = slots;
  let size = 1;
  while (size < slots * 2) size *= 2;
  if (size !== s.index.length) {
    s.index = new Int32Array(size);
    for (let slot = s.first; slot !== NIL; slot = s.older[slot]!) insertIndex(s, slot);
  }
}

/** Starts over with `cap` ring places per user (first step, or maxEntriesPerUser changed). */
function reset(s: FloodState, cap: number): void {
  Object.assign(s, createFloodState(), { quiet: s.quiet });
  s.cap = cap;
}

/** A slot for a new user `id`, the least recently seen user dropped when `maxUsers` are tracked. */
function admit(s: FloodState, id: string, h: number, maxUsers: number): number {
  while (s.size >= maxUsers && s.last !== NIL) drop(s, s.last);
  let slot: number;
  if (s.free.length > 0) slot = s.free.pop()!;
  else {
    if (s.used === s.slots) layout(s, Math.min(maxUsers, Math.max(MIN_SLOTS, s.slots * 2)));
    slot = s.used++;
  }
  s.ids[slot] = id;
  s.hashes[slot] = h;
  s.head[slot] = 0;
  s.count[slot] = 0;
  insertIndex(s, slot);
  pushFirst(s, slot);
  s.size++;
  return slot;
}

/** Advances the flood window with one message. `key`: the message's compare key (filters/prepare.ts; 0 skips the repeat check). */
export function stepFlood(s: FloodState, msg: ChatMessage, nowMs: number, cfg: FloodConfig, key: number): FloodStep {
  if (cfg.maxUsers === 0) return s.quiet;
  const cap = Math.max(cfg.maxEntriesPerUser, 1);
  if (cap !== s.cap) reset(s, cap);
  const keep = nowMs - Math.max(cfg.windowMs, cfg.repeatWindowMs);
  // users whose last message has left the window hold nothing that could count: forget them
  while (s.last !== NIL && s.lastAt[s.last]! <= keep) drop(s, s.last);

  const id = msg.user.id;
  const h = hashId(id);
  let slot = find(s, id, h);
  if (slot === NIL) slot = admit(s, id, h, cfg.maxUsers);
  else if (slot !== s.first) {
    unlink(s, slot);
    pushFirst(s, slot);
  }
  s.lastAt[slot] = nowMs;

  const at = s.at;
  const base = slot * cap;
  let head = s.head[slot]!;
  let count = s.count[slot]!;
  const before = count;
  while (count > 0 && at[base + head]! <= keep) {
    head = head + 1 === cap ? 0 : head + 1;
    count--;
  }
  if (count === cap) {
    head = head + 1 === cap ? 0 : head + 1;
    count--;
  }
  const from = nowMs - cfg.windowMs;
  const rfrom = nowMs - cfg.repeatWindowMs;
  const keys = s.keys;
  let recent = 1;
  let same = 1;
  for (let k = 0, j = head; k < count; k++, j = j + 1 === cap ? 0 : j + 1) {
    const t = at[base + j]!;
    if (t > from) recent++;
    if (key !== 0 && t > rfrom && keys[base + j] === key) same++;
  }
  let j = head + count;
  if (j >= cap) j -= cap;
  at[base + j] = nowMs;
  keys[base + j] = key;
  count++;
  s.head[slot] = head;
  s.count[slot] = count;
  s.entries += count - before;

  if (recent <= cfg.maxMessages && (key === 0 || same <= cfg.maxRepeats)) return s.quiet;
  const findings: Finding[] = [];
  if (recent > cfg.maxMessages) {
    findings.push({
      filter: 'spam.flood',
      severity: recent > cfg.maxMessages * 2 ? 'high' : 'medium',
      detail: `${recent} messages in ${Math.round(cfg.windowMs / 1000)} s (limit ${cfg.maxMessages})`,
      score: recent,
    });
  }
  if (key !== 0 && same > cfg.maxRepeats) {
    findings.push({
      filter: 'spam.user_repeat',
      severity: same > cfg.maxRepeats * 2 ? 'high' : 'medium',
      detail: `same message ${same} times in ${Math.round(cfg.repeatWindowMs / 1000)} s (limit ${cfg.maxRepeats})`,
      score: same,
    });
  }
  return { state: s, findings };
}

/** Messages one user has in the window (for tests and the console), or null when not tracked. */
export function userEntries(state: FloodState, userId: string): number | null {
  const slot = find(state, userId, hashId(userId));
  return slot === NIL ? null : state.count[slot]!;
}

/** The users tracked, most recently seen first (for tests and the console). */
export function floodUsers(state: FloodState): string[] {
  const out: string[] = [];
  for (let slot = state.first; slot !== NIL; slot = state.older[slot]!) out.push(state.ids[slot]!);
  return out;
}
