/**
 * The moderators' queue. Held comments are written to SQLite before anyone sees them; a decision
 * is a compare-and-set in SQLite (the referee when two moderators press at the same moment) written
 * with its audit entry before it is acknowledged. Claims say who is looking at an item. Platform
 * enforcement waits out the undo window, so an undo never has to take back a ban.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Annotated, ChatMessage, ModEvent } from '../../config/chat.js';
import type { Level, SensitivityCategory } from '../../config/filters-config.js';
import type { AuditEntry, ControlState, ModStatsView, QueueInfo, QueueItem } from '../../config/views.js';
import { sensitivityCategory } from '../../filters/sensitivity.js';
import { ShowrunnerError, truncate } from '../errors.js';
import type { Decision, HeldRow, Store } from '../store/store.js';
import type { Publisher } from '../hub/publisher.js';
import { RankedSet } from './ranked.js';

export interface QueueDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly mask: (text: string) => string;
  readonly publish: Publisher;
  readonly holdTimeoutMs: number;
  /** What a timeout does for reasons no rule in `timeoutActions` names. */
  readonly onTimeout: 'approve' | 'reject';
  /** Timeout action by filter or category (DEFAULT_TIMEOUT_ACTIONS in config/schema.ts). */
  readonly timeoutActions?: Readonly<Record<string, 'approve' | 'reject'>>;
  /** The console gets the `pageSize` most urgent items (default 100); queueInfo counts the whole. */
  readonly pageSize?: number;
  /** Pending items from which the queue is overflowing (default 150). */
  readonly overflowAt?: number;
  /** The live level of a sensitivity category, for the overflow suggestion. */
  readonly levelOf?: (category: SensitivityCategory) => Level;
  /** A viewer's recent messages, shown beside their items. */
  readonly recentOf?: (userId: string) => ControlState['userContext'][string]['recent'];
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
  /** Whether a timeout or ban reaches a comment's platform (its enforcement is on); default: nowhere. */
  readonly enforceable?: (platform: string) => boolean;
  /** Extra priority for viewers the mood stage marks as angry. */
  readonly priorityBoost?: (userId: string) => number;
  /**
   * Work on hold timeouts per slice, in ms of `workClock` (default 20): when more holds are due than
   * fit, the oldest go first and the rest wait for the next slice (`defer`), so a wave of 20,000
   * expiring holds never stalls the event loop.
   */
  readonly expiryBudgetMs?: number;
  /** A monotonic clock in ms for that budget (default performance.now; tests pass a virtual one). */
  readonly workClock?: () => number;
  /**
   * Runs the next slice of expiry when a tick's budget ran out with holds still due (default
   * setImmediate: after pending I/O, so health checks and sockets get their turn between slices).
   * Without it the backlog waited for the next tick, and one budget a second capped expiry below
   * the hold rate on a busy machine (the soak's queue grew from 15,000 to 68,000 in 10 minutes).
   */
  readonly defer?: (fn: () => void) => void;
}

/** Holds resolved between two looks at the budget clock (each chunk: one pass over the page). */
const EXPIRY_CHUNK = 64;

interface Entry {
  row: HeldRow;
  item: QueueItem;
  /** Set when the entry leaves the queue (the expiry heap drops it lazily). */
  gone: boolean;
}

/** Most urgent first: priority, then age, then id (read from the row: no key tuple per entry). */
function before(a: Entry, b: Entry): boolean {
  const ra = a.row;
  const rb = b.row;
  return ra.priority !== rb.priority ? ra.priority > rb.priority : ra.heldAt !== rb.heldAt ? ra.heldAt < rb.heldAt : ra.id < rb.id;
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
  /**
   * A timeout or ban: the decided items whose platform Showrunner cannot time out or ban on
   * (enforcement off there): their comments are taken back, their authors can still post.
   */
  notEnforced?: number;
}

const WINDOW_MS = 10 * 60_000;
/** The audit actions of a moderator's decision (`decide`): the waits the response times count. */
const DECISIONS: ReadonlySet<string> = new Set<Decision>(['approve', 'reject', 'timeout', 'ban', 'feature']);
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

/** The audit actor of an item the hold timeout resolved. */
const AUTO_TIMEOUT = 'auto-timeout';

export class ModerationQueue {
  readonly #d: QueueDeps;
  readonly #items = new Map<string, Entry>();
  readonly #byMessage = new Map<string, string>();
  /**
   * Pending item ids per viewer: the id itself while a viewer has one (most of them: a wave of
   * 20,000 held viewers would otherwise keep 20,000 one-element Sets), a Set from the second on.
   */
  readonly #byUser = new Map<string, string | Set<string>>();
  /** Every pending entry, most urgent first (insert, remove and rank in O(log n)). */
  readonly #order = new RankedSet<Entry>(before);
  /** Pending entries by hold time, oldest on top (expiry in O(log n) per item). */
  readonly #expiry: Entry[] = [];
  /** Shown (paged-in) items per viewer: their context is published while this is > 0. */
  readonly #shownByUser = new Map<string, number>();
  readonly #holdTimes: number[] = [];
  /** Pending items by the sensitivity category of their first reason. */
  readonly #categories = new Map<string, number>();
  #lastInfo = '';
  readonly #decisions = new Map<string, DecisionRecord>();
  readonly #recentWaits: { at: number; waitedMs: number }[] = [];
  readonly #history: ModStatsView['history'] = [];
  #resolvedByTimeout = 0;
  /** True while a slice of expiry is deferred. */
  #expiryDeferred = false;

  constructor(deps: QueueDeps) {
    this.#d = deps;
    this.#restore(deps.store.pendingHeld());
    const since = deps.now() - WINDOW_MS;
    // moderators' decisions only, as #recordWait counts them live: items the hold timeout resolved
    // (also those resolved at start-up after the server was down) are not a moderator's wait, nor the
    // filters' blocks (audited with a wait of 0) or other moderators' actions on the platform
    for (const a of deps.store.auditSince(since)) if (a.waitedMs !== null && a.actor !== AUTO_TIMEOUT && DECISIONS.has(a.action)) this.#recentWaits.push({ at: a.at, waitedMs: a.waitedMs });
  }

  get size(): number {
    return this.#items.size;
  }

  /** Every pending item, most urgent first. */
  items(): QueueItem[] {
    return this.#order.toArray().map((e) => e.item);
  }

  get pageSize(): number {
    return this.#d.pageSize ?? 100;
  }

  /** Holds a message: persisted first, then shown. */
  hold(a: Annotated): QueueItem {
    const row: HeldRow = {
      id: timeOrderedId(this.#d.now()),
      message: a.message,
      reasons: a.verdict.reasons,
      lang: a.lang,
      isQuestion: a.isQuestion,
      sentiment: a.sentiment,
      heldAt: this.#d.now(),
      priority: basePriority(a) + (this.#d.priorityBoost?.(a.message.user.id) ?? 0),
    };
    const masked = this.#d.mask(a.message.text);
    this.#d.store.insertHeld(row, masked);
    this.#holdTimes.push(row.heldAt);
    if (this.#holdTimes.length > 10_000) this.#holdTimes.splice(0, 5000);
    return this.#add(row, masked);
  }

  /**
   * Start-up: the pending rows in one pass. The store returns them oldest first, which is already a
   * valid expiry heap; the console order is one sort; only the first page is published.
   */
  #restore(rows: readonly HeldRow[]): void {
    let prev = Number.NEGATIVE_INFINITY;
    const all: Entry[] = [];
    for (const row of rows) {
      const e = this.#index(row);
      if (row.heldAt >= prev) this.#expiry.push(e);
      else heapPush(this.#expiry, e);
      prev = Math.max(prev, row.heldAt);
      all.push(e);
    }
    all.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    this.#order.reset(all);
    for (const e of this.#order.head(this.pageSize)) this.#show(e);
  }

  #add(row: HeldRow, masked?: string): QueueItem {
    const e = this.#index(row, masked);
    heapPush(this.#expiry, e);
    const at = this.#order.insert(e);
    const page = this.pageSize;
    if (at < page) {
      this.#show(e);
      const pushedOut = this.#order.at(page);
      if (pushedOut) this.#hide(pushedOut);
    }
    return e.item;
  }

  /** A pending row's entry, in the lookup maps and the category counts (not yet in the order or the heap). */
  #index(row: HeldRow, masked = this.#d.mask(row.message.text)): Entry {
    const m = row.message;
    const item: QueueItem = {
      id: row.id,
      messageId: m.id,
      platform: m.platform,
      channel: m.channel,
      user: m.user,
      text: masked,
      reasons: row.reasons,
      lang: row.lang,
      sentiment: row.sentiment,
      heldAt: row.heldAt,
      priority: row.priority,
      claimedBy: null,
      claimedUntil: null,
    };
    const e: Entry = { row, item, gone: false };
    this.#items.set(row.id, e);
    this.#byMessage.set(m.id, row.id);
    const ids = this.#byUser.get(m.user.id);
    if (ids === undefined) this.#byUser.set(m.user.id, row.id);
    else if (typeof ids === 'string') this.#byUser.set(m.user.id, new Set([ids, row.id]));
    else ids.add(row.id);
    const cat = categoryOf(row);
    this.#categories.set(cat, (this.#categories.get(cat) ?? 0) + 1);
    return e;
  }

  /** An item enters the console's page; its viewer's context with it. */
  #show(e: Entry): void {
    this.#d.publish.set(['queue', e.row.id], e.item);
    const uid = e.row.message.user.id;
    const n = this.#shownByUser.get(uid) ?? 0;
    this.#shownByUser.set(uid, n + 1);
    if (n === 0) {
      this.#d.publish.set(['userContext', uid], { recent: this.#d.recentOf?.(uid) ?? [], decisions: this.#d.store.decisionsForUser(uid) });
    }
  }

  /** An item leaves the console's page (decided, or pushed down by more urgent ones). */
  #hide(e: Entry): void {
    this.#d.publish.del(['queue', e.row.id]);
    const uid = e.row.message.user.id;
    const n = (this.#shownByUser.get(uid) ?? 1) - 1;
    if (n > 0) this.#shownByUser.set(uid, n);
    else {
      this.#shownByUser.delete(uid);
      this.#d.publish.del(['userContext', uid]);
    }
  }

  /** True when the item is on the console's page. */
  #shown(e: Entry): boolean {
    const i = this.#order.rank(e);
    return i >= 0 && i < this.pageSize;
  }

  claim(itemId: string, actor: string): { claimedUntil: number } {
    const e = this.#require(itemId);
    const now = this.#d.now();
    if (e.item.claimedBy && e.item.claimedBy !== actor && (e.item.claimedUntil ?? 0) > now) {
      throw new ShowrunnerError('SR_CLAIMED', `${e.item.claimedBy} is looking at this item`);
    }
    e.item = { ...e.item, claimedBy: actor, claimedUntil: now + this.#d.claimMs };
    if (this.#shown(e)) this.#d.publish.set(['queue', itemId], e.item);
    return { claimedUntil: e.item.claimedUntil as number };
  }

  release(itemId: string, actor: string): void {
    const e = this.#items.get(itemId);
    if (!e || e.item.claimedBy !== actor) return;
    e.item = { ...e.item, claimedBy: null, claimedUntil: null };
    if (this.#shown(e)) this.#d.publish.set(['queue', itemId], e.item);
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
      const [only, more] = new Set(itemIds);
      // an id this queue never held (a typo in a script) is not "decided by another moderator"
      if (only !== undefined && more === undefined && this.#d.store.heldStatus(only) === null) throw new ShowrunnerError('SR_NOT_FOUND', `no held item ${truncate(only, 64)}`);
      if (itemIds.length === 1) throw new ShowrunnerError('SR_ALREADY_DECIDED', 'another moderator decided this item first');
      return { decisionId, decided: [], conflicts, undoUntil: now };
    }
    const rec: DecisionRecord = { id: decisionId, at: now, decision, actor, entries: decided, enforced: false };
    this.#decisions.set(decisionId, rec);
    for (const e of decided) {
      if (decision === 'approve' || decision === 'feature') this.#d.onApproved(toAnnotated(e.row), decision === 'feature');
    }
    const result: DecideResult = { decisionId, decided: decided.map((e) => e.row.id), conflicts, undoUntil: now + this.#d.undoMs };
    if (decision === 'timeout' || decision === 'ban') {
      const reaches = this.#d.enforceable ?? (() => false);
      const notEnforced = decided.filter((e) => !reaches(e.row.message.platform)).length;
      if (notEnforced > 0) result.notEnforced = notEnforced;
    }
    return result;
  }

  undo(decisionId: string, actor: string): { restored: string[] } {
    const rec = this.#decisions.get(decisionId);
    const now = this.#d.now();
    if (!rec || rec.enforced || now > rec.at + this.#d.undoMs) throw new ShowrunnerError('SR_UNDO_EXPIRED', 'this decision can no longer be undone');
    const restored: string[] = [];
    for (const e of rec.entries) {
      if (this.#d.store.undo(e.row.id, this.#audit(now, actor, 'undo', e, null, `undid ${rec.decision} by ${rec.actor}`))) {
        this.#add(e.row);
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
      const byId = ev.userId ? this.#byUser.get(ev.userId) : undefined;
      if (byId !== undefined) for (const id of typeof byId === 'string' ? [byId] : byId) matches.push(this.#items.get(id)!);
      else {
        // no id from the platform: match by login name (a scan, but a rare event)
        for (const e of this.#items.values()) if (e.row.message.user.name.toLowerCase() === ev.userName.toLowerCase()) matches.push(e);
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

  /** The timeout action for an item: the first rule naming each reason; any 'reject' wins. */
  timeoutAction(reasons: readonly { filter: string }[]): 'approve' | 'reject' {
    const rules = this.#d.timeoutActions ?? {};
    let action: 'approve' | 'reject' | null = null;
    for (const r of reasons) {
      const dot = r.filter.indexOf('.');
      const a = (Object.hasOwn(rules, r.filter) ? rules[r.filter] : undefined) ?? (dot > 0 && Object.hasOwn(rules, r.filter.slice(0, dot)) ? rules[r.filter.slice(0, dot)] : undefined) ?? this.#d.onTimeout;
      if (a === 'reject') return 'reject';
      action = a;
    }
    return action ?? this.#d.onTimeout;
  }

  /**
   * Resolves items held longer than the limit (oldest first, O(log n) each, within the expiry
   * budget), enforces decisions whose undo window passed, lapses claims.
   */
  tick(): void {
    const now = this.#d.now();
    if (this.#d.holdTimeoutMs > 0) this.#expireSlice(now);
    for (const rec of this.#decisions.values()) {
      if (rec.enforced || now <= rec.at + this.#d.undoMs) continue;
      rec.enforced = true;
      if (rec.decision === 'timeout' || rec.decision === 'ban') for (const e of rec.entries) this.#d.onEnforce(rec.decision, e.row.message);
      if (rec.decision === 'approve' || rec.decision === 'feature') for (const e of rec.entries) this.#d.onApprovalSettled?.(toAnnotated(e.row));
      this.#decisions.delete(rec.id);
    }
    // Claims lapse by themselves (only items on the page can be claimed).
    for (const e of this.#order.head(this.pageSize)) {
      if (e.item.claimedUntil !== null && e.item.claimedUntil <= now) {
        e.item = { ...e.item, claimedBy: null, claimedUntil: null };
        this.#d.publish.set(['queue', e.row.id], e.item);
      }
    }
    this.#publishInfo(now);
  }

  /**
   * One slice of expiry, in one SQLite transaction (hundreds a second under a flood of holds). When
   * its budget ran out with holds still due, the next slice is deferred rather than left to the
   * next tick: each slice stays within the budget, and expiry keeps up with the holds.
   */
  #expireSlice(now: number): void {
    const more = this.#d.store.transaction(() => this.#expire(now));
    if (!more || this.#expiryDeferred) return;
    this.#expiryDeferred = true;
    (this.#d.defer ?? ((fn) => void setImmediate(fn)))(() => {
      this.#expiryDeferred = false;
      // the app may have closed in between
      if (this.#d.store.open) this.#expireSlice(this.#d.now());
    });
  }

  /**
   * Resolves the items held longer than the limit, oldest first (O(log n) each to find), in chunks
   * that each leave the order and the page in one pass: under a flood of holds hundreds expire a
   * second. Between chunks it looks at the budget; what is still due once it is spent waits for
   * the next slice (the oldest first, as ever). Returns true when it stopped at the budget.
   */
  #expire(now: number): boolean {
    const clock = this.#d.workClock ?? (() => performance.now());
    const budget = this.#d.expiryBudgetMs ?? 20;
    const t0 = clock();
    for (;;) {
      const expired: { e: Entry; action: 'approve' | 'reject' }[] = [];
      while (this.#expiry.length && expired.length < EXPIRY_CHUNK) {
        const e = this.#expiry[0]!;
        if (e.gone) {
          heapPop(this.#expiry);
          continue;
        }
        if (now - e.row.heldAt < this.#d.holdTimeoutMs) break;
        heapPop(this.#expiry);
        const waitedMs = now - e.row.heldAt;
        const action = this.timeoutAction(e.row.reasons);
        if (this.#d.store.decide(e.row.id, action, AUTO_TIMEOUT, now, this.#audit(now, AUTO_TIMEOUT, action, e, waitedMs, `held over ${Math.round(this.#d.holdTimeoutMs / 1000)} s (${e.row.reasons.map((r) => r.filter).join(', ')})`))) {
          expired.push({ e, action });
          this.#resolvedByTimeout++;
        } else e.gone = true;
      }
      if (expired.length === 0) return false;
      this.#removeMany(expired.map((x) => x.e));
      for (const { e, action } of expired) {
        if (action !== 'approve') continue;
        this.#d.onApproved(toAnnotated(e.row), false);
        this.#d.onApprovalSettled?.(toAnnotated(e.row));
      }
      // a short chunk: nothing more is due
      if (expired.length < EXPIRY_CHUNK) return false;
      if (clock() - t0 >= budget) return true;
    }
  }

  /** Takes several entries out at once: the page's changes published once. */
  #removeMany(list: readonly Entry[]): void {
    if (list.length <= 1) {
      if (list[0]) this.#remove(list[0]);
      return;
    }
    const page = this.pageSize;
    const was = this.#order.head(page);
    const out = new Set(list);
    for (const e of list) {
      this.#forget(e);
      this.#order.delete(e);
    }
    const now = this.#order.head(page);
    // shown first, hidden second: a viewer with one item leaving and one arriving keeps their context
    const stay = new Set(was);
    for (const x of now) if (!stay.has(x)) this.#show(x);
    for (const x of was) if (out.has(x)) this.#hide(x);
    for (const uid of new Set(list.map((e) => e.row.message.user.id))) {
      if (this.showsUser(uid)) this.#d.publish.set(['userContext', uid, 'decisions'], this.#d.store.decisionsForUser(uid));
    }
  }

  /** The whole queue in figures, published when it changes (once a second at most, from tick). */
  info(now = this.#d.now()): QueueInfo {
    const byCategory: Record<string, number> = {};
    for (const [cat, n] of this.#categories) if (n > 0) byCategory[cat] = n;
    let holdsPerMinute = 0;
    for (let i = this.#holdTimes.length - 1; i >= 0 && this.#holdTimes[i]! > now - 60_000; i--) holdsPerMinute++;
    const total = this.#items.size;
    const overflowing = total >= (this.#d.overflowAt ?? 150);
    let suggestion: QueueInfo['suggestion'] = null;
    if (overflowing && this.#d.levelOf) {
      const ranked = Object.entries(byCategory).filter(([c]) => c !== 'privacy').sort((a, b) => b[1] - a[1]);
      for (const [cat] of ranked) {
        const level = this.#d.levelOf(cat as SensitivityCategory);
        const lower = level === 'high' ? 'medium' : level === 'medium' ? 'low' : null;
        if (lower) {
          suggestion = { category: cat, level: lower };
          break;
        }
      }
    }
    return { total, shown: Math.min(total, this.pageSize), byCategory, holdsPerMinute, overflowing, suggestion };
  }

  #publishInfo(now: number): void {
    const info = this.info(now);
    const key = JSON.stringify(info);
    if (key === this.#lastInfo) return;
    this.#lastInfo = key;
    this.#d.publish.set(['queueInfo'], info);
  }

  stats(): ModStatsView {
    const now = this.#d.now();
    while (this.#recentWaits.length && (this.#recentWaits[0] as { at: number }).at < now - WINDOW_MS) this.#recentWaits.shift();
    const waits = this.#recentWaits.map((w) => w.waitedMs).sort((a, b) => a - b);
    const lastMinute = this.#recentWaits.filter((w) => w.at >= now - 60_000).length;
    while (this.#expiry.length && this.#expiry[0]!.gone) heapPop(this.#expiry);
    const oldest: number | null = this.#expiry[0]?.row.heldAt ?? null;
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
    this.#forget(e);
    const uid = e.row.message.user.id;
    const i = this.#order.delete(e);
    if (i < 0) return;
    const page = this.pageSize;
    if (i < page) {
      this.#hide(e);
      const pulledIn = this.#order.at(page - 1);
      if (pulledIn) this.#show(pulledIn);
    }
    // the viewer's other items on the page show this decision too
    if (this.showsUser(uid)) this.#d.publish.set(['userContext', uid, 'decisions'], this.#d.store.decisionsForUser(uid));
  }

  /** Out of the lookup maps and the counts (the order and the page are the caller's). */
  #forget(e: Entry): void {
    e.gone = true;
    this.#items.delete(e.row.id);
    this.#byMessage.delete(e.row.message.id);
    const uid = e.row.message.user.id;
    const ids = this.#byUser.get(uid);
    if (ids === e.row.id) this.#byUser.delete(uid);
    else if (ids instanceof Set) {
      ids.delete(e.row.id);
      if (ids.size === 1) this.#byUser.set(uid, ids.values().next().value as string);
      else if (ids.size === 0) this.#byUser.delete(uid);
    }
    const cat = categoryOf(e.row);
    this.#categories.set(cat, (this.#categories.get(cat) ?? 1) - 1);
  }

  /** True while the viewer has an item on the console's page (their context is shown). */
  showsUser(userId: string): boolean {
    return (this.#shownByUser.get(userId) ?? 0) > 0;
  }

  /** True while the viewer has any pending item. */
  hasUser(userId: string): boolean {
    return this.#byUser.has(userId);
  }

  #require(itemId: string): Entry {
    const e = this.#items.get(itemId);
    if (!e && this.#d.store.heldStatus(itemId) === null) throw new ShowrunnerError('SR_NOT_FOUND', `no held item ${truncate(itemId, 64)}`);
    if (!e) throw new ShowrunnerError('SR_ALREADY_DECIDED', 'this item is no longer in the queue (decided or expired)');
    return e;
  }

  #audit(at: number, actor: string, action: string, e: Entry, waitedMs: number | null, detail: string, id: string = randomUUID()): AuditEntry {
    // One decision id may cover a batch; audit ids must stay unique.
    return { id: `${id}:${e.row.id}`, at, actor, action, itemId: e.row.id, messageId: e.row.message.id, userName: e.row.message.user.name, waitedMs, detail };
  }
}

/**
 * A UUID whose first 48 bits are the time in ms (the layout of UUID version 7, RFC 9562): held ids
 * then grow with time, so each insert lands on the last page of the primary-key index instead of a
 * random one, and a batch of holds dirties a few pages, not one per hold.
 */
function timeOrderedId(ms: number): string {
  // randomUUID draws from a cached entropy pool (one randomBytes call per id costs a syscall's worth)
  const u = randomUUID();
  const t = (Math.max(0, Math.floor(ms)) % 2 ** 48).toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8)}-7${u.slice(15)}`;
}

/** An approved item as the allowed stream sees it: the annotation it was held with (no second classification). */
function toAnnotated(row: HeldRow): Annotated {
  return { message: row.message, verdict: { action: 'allow', reasons: row.reasons, score: 0 }, lang: row.lang, isQuestion: row.isQuestion, sentiment: row.sentiment };
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.floor(q * sorted.length));
  return sorted[i] as number;
}

/** The sensitivity category a held item counts under (its first, deciding reason). */
function categoryOf(row: HeldRow): string {
  return sensitivityCategory(row.reasons[0]?.filter ?? 'spam');
}

/** Binary min-heap on hold time (expiry order). */
function heapPush(h: Entry[], e: Entry): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]!.row.heldAt <= h[i]!.row.heldAt) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function heapPop(h: Entry[]): void {
  const last = h.pop();
  if (!last || h.length === 0) return;
  h[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]!.row.heldAt < h[m]!.row.heldAt) m = l;
    if (r < h.length && h[r]!.row.heldAt < h[m]!.row.heldAt) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
}
