/**
 * Per-user floods (more than N messages in T seconds) and per-user repeats (the same normalized
 * text more than R times in T' seconds), as a step over explicit state and a clock:
 * `stepFlood(state, msg, nowMs, cfg, key) → { state, findings }`. The state is owned by the caller
 * and updated in place (copying it per message would cost more than every detector together); the
 * result depends only on (state, msg, nowMs, cfg). Memory is capped: at most `maxUsers` users (the
 * least recently seen is dropped) and `maxEntriesPerUser` entries each; a user whose last message
 * has left the longer window is forgotten (nothing of theirs could count any more).
 *
 * Layout, for a step that allocates nothing and touches few cache lines: users live in numbered
 * slots; an open-addressing table of (FNV-1a of the user id, slot) pairs, linear probing, maps an
 * id to its slot; each slot has one block of `maxEntriesPerUser` (arrival, text key) pairs, its
 * ring, and, in small arrays of their own, its id hash, ring head and count, its neighbours in the
 * recency list (most recent first: the least recently seen user and the expired ones at its tail)
 * and its last arrival. Tables grow by doubling up to `maxUsers` slots: about 16 bytes ×
 * maxEntriesPerUser per user tracked.
 * Assumes time moves forward; a step back in `nowMs` only makes it forget sooner.
 * Example: test/unit/filters/flood.test.ts (the tables say what a full record of every message says).
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
  /** Open-addressing table of [hash, slot + 1] pairs (slot + 1 = 0: empty); a power of two ≥ 2 × slots pairs. */
  index: Int32Array;
  /**
   * `stride` = 2 × cap numbers a slot: the ring's (arrival time, text key) pairs (key 0: no text,
   * the repeat check was skipped).
   */
  block: Float64Array;
  stride: number;
  /**
   * Each slot's id hash, ring head and ring count, apart from the blocks: forgetting a user (every
   * step forgets about one) reads its hash and count here, not in its block (hundreds of bytes
   * away from anything the step reads otherwise).
   */
  hashes: Int32Array;
  heads: Int32Array;
  counts: Int32Array;
  /**
   * The recency list and each user's last arrival, apart from the blocks: 2 numbers a slot (newer,
   * older neighbour) and 1. Moving a user to the front rewrites its neighbours' links and the expiry
   * test reads the least recent user's last arrival: in these small arrays that is a few bytes in
   * one cache line each, not a line of a block (hundreds of bytes a user) each.
   */
  links: Int32Array;
  lastSeen: Float64Array;
  /** Most and least recently seen slots. */
  first: number;
  last: number;
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
    index: new Int32Array(0),
    block: new Float64Array(0),
    stride: 0,
    hashes: new Int32Array(0),
    heads: new Int32Array(0),
    counts: new Int32Array(0),
    links: new Int32Array(0),
    lastSeen: new Float64Array(0),
    first: NIL,
    last: NIL,
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
  const index = s.index;
  const mask = (index.length >> 1) - 1;
  if (mask < 0) return NIL;
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const v = index[i * 2 + 1]!;
    if (v === 0) return NIL;
    if (index[i * 2] === h && s.ids[v - 1] === id) return v - 1;
  }
}

function insertIndex(s: FloodState, h: number, slot: number): void {
  const index = s.index;
  const mask = (index.length >> 1) - 1;
  let i = h & mask;
  while (index[i * 2 + 1] !== 0) i = (i + 1) & mask;
  index[i * 2] = h;
  index[i * 2 + 1] = slot + 1;
}

/** Removes `slot` (id hash `h`) from the table, shifting later pairs of its probe run back (no tombstones). */
function removeIndex(s: FloodState, h: number, slot: number): void {
  const index = s.index;
  const mask = (index.length >> 1) - 1;
  let i = h & mask;
  while (index[i * 2 + 1] !== slot + 1) i = (i + 1) & mask;
  index[i * 2 + 1] = 0;
  for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
    const v = index[j * 2 + 1]!;
    if (v === 0) return;
    const home = index[j * 2]! & mask;
    // move the pair back into the hole unless its home lies cyclically in (i, j]
    if (i <= j ? home <= i || home > j : home <= i && home > j) {
      index[i * 2] = index[j * 2]!;
      index[i * 2 + 1] = v;
      index[j * 2 + 1] = 0;
      i = j;
    }
  }
}

/** links[2 × slot]: the newer neighbour; links[2 × slot + 1]: the older one (NIL: none). */
function unlink(s: FloodState, slot: number): void {
  const links = s.links;
  const a = links[slot * 2]!;
  const b = links[slot * 2 + 1]!;
  if (a === NIL) s.first = b;
  else links[a * 2 + 1] = b;
  if (b === NIL) s.last = a;
  else links[b * 2] = a;
}

function pushFirst(s: FloodState, slot: number): void {
  const links = s.links;
  links[slot * 2] = NIL;
  links[slot * 2 + 1] = s.first;
  if (s.first !== NIL) links[s.first * 2] = slot;
  s.first = slot;
  if (s.last === NIL) s.last = slot;
}

/**
 * Arrival of the newest entry of `slot` (every tracked user has at least one): `lastSeen`, written
 * with that entry at each step (the ring only ever drops its oldest entries).
 */
function lastAt(s: FloodState, slot: number): number {
  return s.lastSeen[slot]!;
}

/** Forgets the user in `slot`. */
function drop(s: FloodState, slot: number): void {
  unlink(s, slot);
  removeIndex(s, s.hashes[slot]!, slot);
  s.entries -= s.counts[slot]!;
  s.counts[slot] = 0;
  s.ids[slot] = undefined;
  s.free.push(slot);
  s.size--;
}

/** Lays the tables out for `slots` slots (growing: every slot keeps its number and ring). */
function layout(s: FloodState, slots: number): void {
  s.block = grown(s.block, slots * s.stride);
  const links = (s.links = grown(s.links, slots * 2));
  s.lastSeen = grown(s.lastSeen, slots);
  const hashes = (s.hashes = grown(s.hashes, slots));
  s.heads = grown(s.heads, slots);
  s.counts = grown(s.counts, slots);
  s.slots = slots;
  let pairs = 1;
  while (pairs < slots * 2) pairs *= 2;
  if (pairs * 2 !== s.index.length) {
    s.index = new Int32Array(pairs * 2);
    for (let slot = s.first; slot !== NIL; slot = links[slot * 2 + 1]!) insertIndex(s, hashes[slot]!, slot);
  }
}

/** A copy of `table` with room for `length` entries (the new ones zero). */
function grown<T extends Float64Array | Int32Array>(table: T, length: number): T {
  const out = new (table.constructor as new (n: number) => T)(length);
  out.set(table);
  return out;
}

/** Starts over with `cap` ring places per user (first step, or maxEntriesPerUser changed). */
function reset(s: FloodState, cap: number): void {
  Object.assign(s, createFloodState(), { quiet: s.quiet });
  s.cap = cap;
  s.stride = 2 * cap;
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
  s.heads[slot] = 0;
  s.counts[slot] = 0;
  insertIndex(s, h, slot);
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
  while (s.last !== NIL && lastAt(s, s.last) <= keep) drop(s, s.last);

  const id = msg.user.id;
  const h = hashId(id);
  let slot = find(s, id, h);
  if (slot === NIL) slot = admit(s, id, h, cfg.maxUsers);
  else if (slot !== s.first) {
    unlink(s, slot);
    pushFirst(s, slot);
  }

  const ring = s.block;
  const base = slot * s.stride;
  let head = s.heads[slot]!;
  let count = s.counts[slot]!;
  const before = count;
  while (count > 0 && ring[base + head * 2]! <= keep) {
    head = head + 1 === cap ? 0 : head + 1;
    count--;
  }
  if (count === cap) {
    head = head + 1 === cap ? 0 : head + 1;
    count--;
  }
  const from = nowMs - cfg.windowMs;
  const rfrom = nowMs - cfg.repeatWindowMs;
  let recent = 1;
  let same = 1;
  for (let k = 0, j = head; k < count; k++, j = j + 1 === cap ? 0 : j + 1) {
    const t = ring[base + j * 2]!;
    if (t > from) recent++;
    if (key !== 0 && t > rfrom && ring[base + j * 2 + 1] === key) same++;
  }
  let j = head + count;
  if (j >= cap) j -= cap;
  ring[base + j * 2] = nowMs;
  ring[base + j * 2 + 1] = key;
  s.lastSeen[slot] = nowMs;
  count++;
  s.heads[slot] = head;
  s.counts[slot] = count;
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
  return slot === NIL ? null : state.counts[slot]!;
}

/** The users tracked, most recently seen first (for tests and the console). */
export function floodUsers(state: FloodState): string[] {
  const out: string[] = [];
  for (let slot = state.first; slot !== NIL; slot = state.links[slot * 2 + 1]!) out.push(state.ids[slot]!);
  return out;
}
