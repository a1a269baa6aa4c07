/**
 * The moderators' queue. Held comments are written to SQLite before anyone sees them; a decision
 * is a compare-and-set in SQLite (the referee when two moderators press at the same moment) written
 * with its audit entry before it is acknowledged. Claims say who is looking at an item. Platform
 * enforcement waits out the undo window, so an undo never has to take back a ban.
 */
import { randomUUID } from 'node:crypto';
import type { Annotated, ChatMessage, ModEvent } from '../../config/chat.js';
import type { AuditEntry, ModStatsView, QueueItem } from '../../config/views.js';
import { ShowrunnerError } from '../errors.js';
import type { Decision, HeldRow, Store } from '../store/store.js';

export interface QueueDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly mask: (text: string) => string;
  readonly publish: {
    set(path: readonly string[], value: unknown): void;
    del(path: readonly string[]): void;
  };
  readonly holdTimeoutMs: number;
  readonly onTimeout: 'approve' | 'reject';
  readonly undoMs: number;
  readonly claimMs: number;
  /** An approved (or featured) message rejoins the allowed stream. */
  readonly onApproved: (a: Annotated, featured: boolean) => void;
  /**
   * An approval that can no longer be undone (its undo window passed, or the hold timed out into an
   * approval): what should only count once it is final (questions, mood) goes here.
   */
  readonly onApprovalSettled?: (a: Annotated) => void;
  /** Called once the undo window has passed for timeout/ban decisions. */
  readonly onEnforce: (decision: 'reject' | 'timeout' | 'ban', msg: ChatMessage) => void;
  /** Extra priority for viewers the mood stage marks as angry. */
  readonly priorityBoost?: (userId: string) => number;
}

interface Entry {
  row: HeldRow;
  item: QueueItem;
}

interface DecisionRecord {
  readonly id: string;
  readonly at: number;
  readonly decision: Decision;
  readonly actor: string;
  readonly entries: readonly Entry[];
  enforced: boolean;
}

export interface DecideResult {
  decisionId: string;
  decided: string[];
  /** Items someone else decided first. */
  conflicts: string[];
  undoUntil: number;
}

const WINDOW_MS = 10 * 60_000;
const COMPLAINT = /(refund|scam|fake|not shipped|never (arrived|came)|still waiting|where is my|退款|骗|假货|差评|投诉|不发货|没发货|还没到|坑)/iu;

/** Priority: complaints and angry viewers first, then severity; age is added at sort time by the console. */
export function basePriority(a: Annotated): number {
  let p = 0;
  for (const r of a.verdict.reasons) p = Math.max(p, r.severity === 'high' ? 3 : r.severity === 'medium' ? 2 : 1);
  if (a.sentiment < -0.3) p += 2;
  if (COMPLAINT.test(a.message.text)) p += 3;
  if (a.message.user.firstMessage) p += 0.5;
  return p;
}

export class ModerationQueue {
  readonly #d: QueueDeps;
  readonly #items = new Map<string, Entry>();
  readonly #byMessage = new Map<string, string>();
  readonly #decisions = new Map<string, DecisionRecord>();
  readonly #recentWaits: { at: number; waitedMs: number }[] = [];
  readonly #history: ModStatsView['history'] = [];
  #resolvedByTimeout = 0;

  constructor(deps: QueueDeps) {
    this.#d = deps;
    for (const row of deps.store.pendingHeld()) this.#add(row, false);
    // restored items: their viewers' earlier decisions, once per viewer
    for (const userId of new Set([...this.#items.values()].map((e) => e.row.message.user.id))) this.#publishUser(userId);
    const since = deps.now() - WINDOW_MS;
    for (const a of deps.store.auditSince(since)) if (a.waitedMs !== null) this.#recentWaits.push({ at: a.at, waitedMs: a.waitedMs });
  }

  get size(): number {
    return this.#items.size;
  }

  items(): QueueItem[] {
    return [...this.#items.values()].map((e) => e.item);
  }

  /** Holds a message: persisted first, then shown. */
  hold(a: Annotated): QueueItem {
    const row: HeldRow = {
      id: randomUUID(),
      message: a.message,
      reasons: a.verdict.reasons,
      lang: a.lang,
      sentiment: a.sentiment,
      heldAt: this.#d.now(),
      priority: basePriority(a) + (this.#d.priorityBoost?.(a.message.user.id) ?? 0),
    };
    this.#d.store.insertHeld(row);
    return this.#add(row, true);
  }

  #add(row: HeldRow, publish: boolean): QueueItem {
    const m = row.message;
    const item: QueueItem = {
      id: row.id,
      messageId: m.id,
      platform: m.platform,
      channel: m.channel,
      user: m.user,
      text: this.#d.mask(m.text),
      reasons: row.reasons,
      lang: row.lang,
      sentiment: row.sentiment,
      heldAt: row.heldAt,
      priority: row.priority,
      claimedBy: null,
      claimedUntil: null,
    };
    this.#items.set(row.id, { row, item });
    this.#byMessage.set(m.id, row.id);
    this.#d.publish.set(['queue', row.id], item);
    if (publish) this.#publishUser(m.user.id);
    return item;
  }

  /** The console's context for a viewer lives while they have items in the queue, so it stays bounded. */
  #publishUser(userId: string): void {
    for (const e of this.#items.values()) {
      if (e.row.message.user.id === userId) {
        this.#d.publish.set(['userContext', userId, 'decisions'], this.#d.store.decisionsForUser(userId));
        return;
      }
    }
    this.#d.publish.del(['userContext', userId]);
  }

  claim(itemId: string, actor: string): { claimedUntil: number } {
    const e = this.#require(itemId);
    const now = this.#d.now();
    if (e.item.claimedBy && e.item.claimedBy !== actor && (e.item.claimedUntil ?? 0) > now) {
      throw new ShowrunnerError('SR_CLAIMED', `${e.item.claimedBy} is looking at this item`);
    }
    e.item = { ...e.item, claimedBy: actor, claimedUntil: now + this.#d.claimMs };
    this.#d.publish.set(['queue', itemId], e.item);
    return { claimedUntil: e.item.claimedUntil as number };
  }

  release(itemId: string, actor: string): void {
    const e = this.#items.get(itemId);
    if (!e || e.item.claimedBy !== actor) return;
    e.item = { ...e.item, claimedBy: null, claimedUntil: null };
    this.#d.publish.set(['queue', itemId], e.item);
  }

  /**
   * Decides one or more items. A single item already decided by someone else is an error
   * (SR_ALREADY_DECIDED); in a batch, such items are reported in `conflicts`.
   */
  decide(itemIds: readonly string[], decision: Decision, actor: string): DecideResult {
    const now = this.#d.now();
    const decided: Entry[] = [];
    const conflicts: string[] = [];
    const decisionId = randomUUID();
    for (const id of new Set(itemIds)) {
      const e = this.#items.get(id);
      if (!e) {
        conflicts.push(id);
        continue;
      }
      if (e.item.claimedBy && e.item.claimedBy !== actor && (e.item.claimedUntil ?? 0) > now && itemIds.length === 1) {
        // A claim is advisory for batches, binding for a single pick: the other moderator is mid-read.
        throw new ShowrunnerError('SR_CLAIMED', `${e.item.claimedBy} is looking at this item; wait or pick another`);
      }
      const waitedMs = now - e.row.heldAt;
      const ok = this.#d.store.decide(id, decision, actor, now, this.#audit(now, actor, decision, e, waitedMs, `${e.row.reasons.map((r) => r.filter).join(', ')}`, decisionId));
      if (!ok) {
        conflicts.push(id);
        continue;
      }
      this.#remove(e);
      this.#recordWait(now, waitedMs);
      decided.push(e);
    }
    if (decided.length === 0) {
      if (itemIds.length === 1) throw new ShowrunnerError('SR_ALREADY_DECIDED', 'another moderator decided this item first');
      return { decisionId, decided: [], conflicts, undoUntil: now };
    }
    const rec: DecisionRecord = { id: decisionId, at: now, decision, actor, entries: decided, enforced: false };
    this.#decisions.set(decisionId, rec);
    for (const e of decided) {
      if (decision === 'approve' || decision === 'feature') this.#d.onApproved(toAnnotated(e.row), decision === 'feature');
    }
    return { decisionId, decided: decided.map((e) => e.row.id), conflicts, undoUntil: now + this.#d.undoMs };
  }

  undo(decisionId: string, actor: string): { restored: string[] } {
    const rec = this.#decisions.get(decisionId);
    const now = this.#d.now();
    if (!rec || rec.enforced || now > rec.at + this.#d.undoMs) throw new ShowrunnerError('SR_UNDO_EXPIRED', 'this decision can no longer be undone');
    const restored: string[] = [];
    for (const e of rec.entries) {
      if (this.#d.store.undo(e.row.id, this.#audit(now, actor, 'undo', e, null, `undid ${rec.decision} by ${rec.actor}`))) {
        this.#add(e.row, true);
        restored.push(e.row.id);
      }
    }
    this.#decisions.delete(decisionId);
    return { restored };
  }

  /** Platform actions by other moderators (Twitch CLEARMSG / CLEARCHAT) resolve matching items. */
  applyModEvent(ev: ModEvent): string[] {
    const now = this.#d.now();
    const matches: Entry[] = [];
    if (ev.kind === 'delete') {
      const id = this.#byMessage.get(ev.messageId);
      const e = id ? this.#items.get(id) : undefined;
      if (e) matches.push(e);
    } else if (ev.kind === 'timeout' || ev.kind === 'ban') {
      for (const e of this.#items.values()) {
        const u = e.row.message.user;
        if ((ev.userId && u.id === ev.userId) || u.name.toLowerCase() === ev.userName.toLowerCase()) matches.push(e);
      }
    } else {
      for (const e of this.#items.values()) if (e.row.message.channel.replace(/^#/, '') === ev.channel.replace(/^#/, '')) matches.push(e);
    }
    const actor = `platform:${ev.platform}`;
    const action = `platform-${ev.kind}`;
    const resolved: string[] = [];
    for (const e of matches) {
      const waitedMs = now - e.row.heldAt;
      const detail = ev.kind === 'timeout' ? `timed out ${ev.durationS}s on ${ev.platform}` : `${ev.kind} on ${ev.platform}`;
      if (this.#d.store.decide(e.row.id, 'reject', actor, now, this.#audit(now, actor, action, e, waitedMs, detail))) {
        this.#remove(e);
        resolved.push(e.row.id);
      }
    }
    if (resolved.length === 0) {
      // Still audited: the moderators see what happened on the platform even when nothing was held.
      const who = ev.kind === 'delete' ? (ev.userName ?? null) : ev.kind === 'clear' ? null : ev.userName;
      this.#d.store.appendAudit({ id: randomUUID(), at: now, actor, action, itemId: null, messageId: ev.kind === 'delete' ? ev.messageId : null, userName: who, waitedMs: null, detail: `${ev.kind} on ${ev.platform}` });
    }
    return resolved;
  }

  /** Resolves items held longer than the limit, enforces decisions whose undo window passed, and refreshes the stats. */
  tick(): void {
    const now = this.#d.now();
    if (this.#d.holdTimeoutMs > 0) {
      for (const e of [...this.#items.values()]) {
        if (now - e.row.heldAt < this.#d.holdTimeoutMs) continue;
        const waitedMs = now - e.row.heldAt;
        if (this.#d.store.decide(e.row.id, this.#d.onTimeout, 'auto-timeout', now, this.#audit(now, 'auto-timeout', this.#d.onTimeout, e, waitedMs, `held over ${Math.round(this.#d.holdTimeoutMs / 1000)} s`))) {
          this.#remove(e);
          this.#resolvedByTimeout++;
          if (this.#d.onTimeout === 'approve') {
            this.#d.onApproved(toAnnotated(e.row), false);
            this.#d.onApprovalSettled?.(toAnnotated(e.row));
          }
        }
      }
    }
    for (const rec of this.#decisions.values()) {
      if (rec.enforced || now <= rec.at + this.#d.undoMs) continue;
      rec.enforced = true;
      if (rec.decision === 'timeout' || rec.decision === 'ban') for (const e of rec.entries) this.#d.onEnforce(rec.decision, e.row.message);
      if (rec.decision === 'approve' || rec.decision === 'feature') for (const e of rec.entries) this.#d.onApprovalSettled?.(toAnnotated(e.row));
      this.#decisions.delete(rec.id);
    }
    // Claims lapse by themselves.
    for (const e of this.#items.values()) {
      if (e.item.claimedUntil !== null && e.item.claimedUntil <= now) {
        e.item = { ...e.item, claimedBy: null, claimedUntil: null };
        this.#d.publish.set(['queue', e.row.id], e.item);
      }
    }
  }

  stats(): ModStatsView {
    const now = this.#d.now();
    while (this.#recentWaits.length && (this.#recentWaits[0] as { at: number }).at < now - WINDOW_MS) this.#recentWaits.shift();
    const waits = this.#recentWaits.map((w) => w.waitedMs).sort((a, b) => a - b);
    const lastMinute = this.#recentWaits.filter((w) => w.at >= now - 60_000).length;
    let oldest: number | null = null;
    for (const e of this.#items.values()) oldest = oldest === null ? e.row.heldAt : Math.min(oldest, e.row.heldAt);
    const view: ModStatsView = {
      queueLength: this.#items.size,
      oldestHeldAt: oldest,
      medianMs: quantile(waits, 0.5),
      p90Ms: quantile(waits, 0.9),
      decisionsPerMinute: lastMinute,
      resolvedByTimeout: this.#resolvedByTimeout,
      history: this.#history,
    };
    const last = this.#history[this.#history.length - 1];
    if (!last || now - last.at >= 10_000) {
      this.#history.push({ at: now, medianMs: view.medianMs, p90Ms: view.p90Ms, decisions: lastMinute, queueLength: view.queueLength });
      if (this.#history.length > 60) this.#history.shift();
    }
    return { ...view, history: [...this.#history] };
  }

  #recordWait(at: number, waitedMs: number): void {
    this.#recentWaits.push({ at, waitedMs });
    if (this.#recentWaits.length > 50_000) this.#recentWaits.shift();
  }

  #remove(e: Entry): void {
    this.#items.delete(e.row.id);
    this.#byMessage.delete(e.row.message.id);
    this.#d.publish.del(['queue', e.row.id]);
    this.#publishUser(e.row.message.user.id);
  }

  #require(itemId: string): Entry {
    const e = this.#items.get(itemId);
    if (!e) throw new ShowrunnerError('SR_ALREADY_DECIDED', 'this item is no longer in the queue (decided or expired)');
    return e;
  }

  #audit(at: number, actor: string, action: string, e: Entry, waitedMs: number | null, detail: string, id: string = randomUUID()): AuditEntry {
    // One decision id may cover a batch; audit ids must stay unique.
    return { id: `${id}:${e.row.id}`, at, actor, action, itemId: e.row.id, messageId: e.row.message.id, userName: e.row.message.user.name, waitedMs, detail };
  }
}

function toAnnotated(row: HeldRow): Annotated {
  return { message: row.message, verdict: { action: 'allow', reasons: row.reasons, score: 0 }, lang: row.lang, isQuestion: false, sentiment: row.sentiment };
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.floor(q * sorted.length));
  return sorted[i] as number;
}
