/**
 * The escalation ladder: each new offence by a user moves one rung up (by default delete → 10-minute
 * timeout → 24-hour timeout → ban) and stays on the last rung. Offences are forgotten after a quiet
 * period, and the per-user map is bounded: the least recently seen users are dropped first.
 */
import { OldestFirst } from '../../config/oldest-first.js';

export interface LadderStep {
  readonly action: 'delete' | 'timeout' | 'ban';
  /** For timeouts. */
  readonly seconds?: number;
}

export const DEFAULT_LADDER: readonly LadderStep[] = [
  { action: 'delete' },
  { action: 'timeout', seconds: 600 },
  { action: 'timeout', seconds: 86_400 },
  { action: 'ban' },
];

export interface EscalationOptions {
  /** Users remembered at most (least recently seen dropped first). Default 10,000. */
  readonly maxUsers?: number;
  /** An offender quiet for this long starts again at the first rung. Default 24 h. */
  readonly forgetAfterMs?: number;
}

interface Record_ {
  count: number;
  lastAt: number;
}

export interface Escalation {
  /** Records an offence by `userId` at `nowMs` and returns the rung to apply (offence is 1-based). */
  next(userId: string, nowMs: number): { step: LadderStep; offence: number };
  /** The rung the next offence would get, without recording it. */
  peek(userId: string, nowMs: number): LadderStep;
  /** Forgets a user's offences (e.g. a moderator pardoned them). */
  forgive(userId: string): void;
  /** Users currently remembered. */
  readonly size: number;
}

export function escalation(ladder: readonly LadderStep[] = DEFAULT_LADDER, opts: EscalationOptions = {}): Escalation {
  if (ladder.length === 0) throw new RangeError('escalation: the ladder needs at least one step');
  for (const s of ladder) {
    if (s.action === 'timeout' && !(Number.isInteger(s.seconds) && (s.seconds ?? 0) > 0)) throw new RangeError('escalation: a timeout step needs whole positive seconds');
  }
  const maxUsers = Math.max(1, opts.maxUsers ?? 10_000);
  const forgetAfterMs = opts.forgetAfterMs ?? 24 * 3_600_000;
  const users = new Map<string, Record_>();
  const oldest = new OldestFirst(users);
  const rung = (count: number): LadderStep => ladder[Math.min(count, ladder.length) - 1]!;
  const prior = (userId: string, nowMs: number): number => {
    const r = users.get(userId);
    return r && nowMs - r.lastAt <= forgetAfterMs ? r.count : 0;
  };
  return {
    next(userId, nowMs) {
      const count = prior(userId, nowMs) + 1;
      users.delete(userId); // re-insert: Map order doubles as least-recently-seen order
      users.set(userId, { count, lastAt: nowMs });
      while (users.size > maxUsers) oldest.shift();
      return { step: rung(count), offence: count };
    },
    peek: (userId, nowMs) => rung(prior(userId, nowMs) + 1),
    forgive: (userId) => void users.delete(userId),
    get size() {
      return users.size;
    },
  };
}
