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

interface UserWindow {
  /** Arrival times, oldest first. */
  times: number[];
  /** Normalized texts and their arrival times, oldest first. */
  texts: { key: string; at: number }[];
}

export interface FloodState {
  readonly users: Map<string, UserWindow>;
  /** Entries held across all users (times + texts), for memory(). */
  entries: number;
}

export function createFloodState(): FloodState {
  return { users: new Map(), entries: 0 };
}

export interface FloodStep {
  readonly state: FloodState;
  readonly findings: Finding[];
}

/** Advances the flood window with one message. `key` is the message's normalized text ('' skips the repeat check). */
export function stepFlood(state: FloodState, msg: ChatMessage, nowMs: number, cfg: FloodConfig, key: string): FloodStep {
  if (cfg.maxUsers === 0) return { state, findings: [] };
  const id = msg.user.id;
  let w = state.users.get(id);
  if (w) {
    state.users.delete(id); // re-inserted below: Map order is least recently seen first
  } else {
    w = { times: [], texts: [] };
    while (state.users.size >= cfg.maxUsers && state.users.size > 0) {
      const oldest = state.users.entries().next().value;
      if (!oldest) break;
      state.users.delete(oldest[0]);
      state.entries -= oldest[1].times.length + oldest[1].texts.length;
    }
  }
  state.users.set(id, w);
  const findings: Finding[] = [];
  const cap = Math.max(cfg.maxEntriesPerUser, 1);

  const from = nowMs - cfg.windowMs;
  let drop = 0;
  while (drop < w.times.length && w.times[drop]! <= from) drop++;
  if (w.times.length - drop >= cap) drop = w.times.length - cap + 1;
  if (drop) w.times.splice(0, drop);
  w.times.push(nowMs);
  state.entries += 1 - drop;
  if (w.times.length > cfg.maxMessages) {
    findings.push({
      filter: 'spam.flood',
      severity: w.times.length > cfg.maxMessages * 2 ? 'high' : 'medium',
      detail: `${w.times.length} messages in ${Math.round(cfg.windowMs / 1000)} s (limit ${cfg.maxMessages})`,
      score: w.times.length,
    });
  }

  if (key) {
    const rfrom = nowMs - cfg.repeatWindowMs;
    let rdrop = 0;
    while (rdrop < w.texts.length && w.texts[rdrop]!.at <= rfrom) rdrop++;
    if (w.texts.length - rdrop >= cap) rdrop = w.texts.length - cap + 1;
    if (rdrop) w.texts.splice(0, rdrop);
    let same = 1;
    for (const t of w.texts) if (t.key === key) same++;
    w.texts.push({ key, at: nowMs });
    state.entries += 1 - rdrop;
    if (same > cfg.maxRepeats) {
      findings.push({
        filter: 'spam.user_repeat',
        severity: same > cfg.maxRepeats * 2 ? 'high' : 'medium',
        detail: `same message ${same} times in ${Math.round(cfg.repeatWindowMs / 1000)} s (limit ${cfg.maxRepeats})`,
        score: same,
      });
    }
  }
  return { state, findings };
}
