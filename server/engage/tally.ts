/**
 * Pure eligibility and tally logic for draws and polls, over explicit state the caller owns
 * (updated in place, O(1) per message). The rules:
 *  - an entry or a vote counts only from a message the filters allowed;
 *  - a viewer with any held, flagged or blocked message during the window never counts: an entry or
 *    vote they already had is taken back, and later ones are refused;
 *  - the host and moderators never count; first-time chatters and non-subscribers optionally;
 *  - an entry is the keyword itself (after normalisation), not a message that contains it, so a
 *    long copy-paste raid carrying the keyword is never an entry, not even its first copy;
 *  - one entry per viewer; one vote per viewer (the first or the last counts).
 * Memory is capped: at most `cap` entrants/voters and `cap` tainted viewers; past either cap new
 * viewers are refused and counted under `excluded.capacity` (who already counts keeps counting).
 */
import type { Annotated, ChatUser } from '../../config/chat.js';
import type { Eligibility } from '../../config/engage.js';

/** One viewer across platforms: `platform:userId`. */
export function userKey(a: Annotated): string {
  return `${a.message.platform}:${a.message.user.id}`;
}

const EDGE_PUNCT = /^[\s!！?？.。,，~～、:：;；*'"“”‘’()（）[\]【】]+|[\s!！?？.。,，~～、:：;；*'"“”‘’()（）[\]【】]+$/gu;

/** Lower case, NFKC (full-width digits and letters become ASCII), spaces collapsed, punctuation at the ends dropped. */
export function normalizeEntry(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(EDGE_PUNCT, '');
}

export function matchesKeyword(text: string, keyword: string): boolean {
  if (text.length > keyword.length * 3 + 8) return false;
  return normalizeEntry(text) === normalizeEntry(keyword);
}

/** The option a vote names (0-based): its number ("2", "#2", "２", "选2", "option 2") or one of its keywords or its label; else null. */
export function parseVote(text: string, options: readonly { label: string; keywords: readonly string[] }[]): number | null {
  if (text.length > 90) return null;
  const t = normalizeEntry(text);
  const num = /^(?:#|no\.?\s*|option\s*|选|投|选项)?\s*([1-6])$/.exec(t);
  if (num) {
    const i = Number(num[1]) - 1;
    return i < options.length ? i : null;
  }
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    if (normalizeEntry(o.label) === t) return i;
    for (const k of o.keywords) if (normalizeEntry(k) === t) return i;
  }
  return null;
}

export type Exclusion = 'staff' | 'first-time' | 'not-subscriber' | 'held-or-flagged' | 'capacity' | 'duplicate';

/** Why a viewer may not take part by who they are (null: they may). */
export function gate(user: ChatUser, e: Eligibility): Exclusion | null {
  if (user.roles.includes('broadcaster') || user.roles.includes('moderator')) return 'staff';
  if (e.excludeFirstTime && user.firstMessage === true) return 'first-time';
  if (e.subscribersOnly && !user.roles.includes('subscriber')) return 'not-subscriber';
  return null;
}

interface WindowState {
  readonly cap: number;
  readonly eligibility: Eligibility;
  /** Viewers with a held, flagged or blocked message in the window. */
  readonly tainted: Set<string>;
  readonly excluded: Record<string, number>;
}

const bump = (s: WindowState, why: Exclusion): void => {
  s.excluded[why] = (s.excluded[why] ?? 0) + 1;
};

/** Marks the viewer; returns false when the taint set is full and the viewer could not be recorded. */
function taint(s: WindowState, key: string): boolean {
  if (s.tainted.has(key)) return true;
  if (s.tainted.size >= s.cap) return false;
  s.tainted.add(key);
  return true;
}

// ---------------------------------------------------------------- draws

export interface DrawState extends WindowState {
  readonly keyword: string;
  readonly entries: Map<string, { name: string; at: number }>;
  /** The taint set overflowed: new viewers are refused (their flags could not be remembered). */
  saturated: boolean;
}

export function createDrawState(keyword: string, eligibility: Eligibility, cap: number): DrawState {
  return { keyword, eligibility, cap, entries: new Map(), tainted: new Set(), excluded: {}, saturated: false };
}

/** One message during the entry window; true when the number of entries changed. */
export function stepDraw(s: DrawState, a: Annotated, at: number): boolean {
  const key = userKey(a);
  if (a.verdict.action !== 'allow') {
    const had = s.entries.delete(key);
    if (had) bump(s, 'held-or-flagged');
    if (!taint(s, key)) s.saturated = true;
    return had;
  }
  if (!matchesKeyword(a.message.text, s.keyword)) return false;
  if (s.tainted.has(key)) return void bump(s, 'held-or-flagged'), false;
  if (s.entries.has(key)) return void bump(s, 'duplicate'), false;
  const why = gate(a.message.user, s.eligibility);
  if (why) return void bump(s, why), false;
  if (s.entries.size >= s.cap || s.saturated) return void bump(s, 'capacity'), false;
  s.entries.set(key, { name: a.message.user.displayName, at });
  return true;
}

// ---------------------------------------------------------------- polls

export interface Vote {
  option: number;
  /** Order of the vote that counts (quiz winners are the first correct ones). */
  seq: number;
  readonly name: string;
}

export interface PollState extends WindowState {
  readonly options: readonly { label: string; keywords: readonly string[] }[];
  readonly counts: number[];
  readonly mode: 'first' | 'last';
  readonly votes: Map<string, Vote>;
  seq: number;
  saturated: boolean;
}

export function createPollState(options: PollState['options'], mode: 'first' | 'last', eligibility: Eligibility, cap: number): PollState {
  return { options, mode, eligibility, cap, counts: options.map(() => 0), votes: new Map(), tainted: new Set(), excluded: {}, seq: 0, saturated: false };
}

/** One message during the poll; true when the counts changed. */
export function stepPoll(s: PollState, a: Annotated): boolean {
  const key = userKey(a);
  if (a.verdict.action !== 'allow') {
    const v = s.votes.get(key);
    if (v) {
      s.votes.delete(key);
      s.counts[v.option]! -= 1;
      bump(s, 'held-or-flagged');
    }
    if (!taint(s, key)) s.saturated = true;
    return v !== undefined;
  }
  const option = parseVote(a.message.text, s.options);
  if (option === null) return false;
  if (s.tainted.has(key)) return void bump(s, 'held-or-flagged'), false;
  const prev = s.votes.get(key);
  if (prev) {
    if (s.mode === 'first' || prev.option === option) return void bump(s, 'duplicate'), false;
    s.counts[prev.option]! -= 1;
    s.counts[option]! += 1;
    prev.option = option;
    prev.seq = s.seq++;
    return true;
  }
  const why = gate(a.message.user, s.eligibility);
  if (why) return void bump(s, why), false;
  if (s.votes.size >= s.cap || s.saturated) return void bump(s, 'capacity'), false;
  s.votes.set(key, { option, seq: s.seq++, name: a.message.user.displayName });
  s.counts[option]! += 1;
  return true;
}

/** Quiz winners: the first `n` viewers whose counting vote is the correct option, in vote order. */
export function quizWinners(s: PollState, correct: number, n: number): { key: string; name: string }[] {
  const right: { key: string; name: string; seq: number }[] = [];
  for (const [key, v] of s.votes) if (v.option === correct) right.push({ key, name: v.name, seq: v.seq });
  right.sort((a, b) => a.seq - b.seq);
  return right.slice(0, n).map(({ key, name }) => ({ key, name }));
}
