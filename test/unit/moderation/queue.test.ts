import { mkdtempSync } from 'node:fs';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotated, ChatMessage } from '../../../config/chat.js';
import { basePriority, ModerationQueue, type QueueDeps } from '../../../server/moderation/queue.js';
import { Store } from '../../../server/store/store.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function setup(overrides: Partial<QueueDeps> = {}) {
  let now = 1_000_000;
  const store = new Store(join(mkdtempSync(join(tmpdir(), 'sr-q-')), 'q.db'));
  stores.push(store);
  const approved: string[] = [];
  const enforced: string[] = [];
  const published: string[] = [];
  /** Expiry slices the queue deferred (a test runs them; none runs by itself). */
  const deferred: (() => void)[] = [];
  const queue = new ModerationQueue({
    store,
    now: () => now,
    mask: (t) => t,
    publish: { set: (p) => published.push(`set ${p.join('.')}`), del: (p) => published.push(`del ${p.join('.')}`) },
    holdTimeoutMs: 60_000,
    onTimeout: 'reject',
    undoMs: 5_000,
    claimMs: 30_000,
    onApproved: (a) => approved.push(a.message.id),
    onEnforce: (d, m) => enforced.push(`${d}:${m.user.name}`),
    // virtual work time: the expiry budget never runs out unless a test's clock says so
    workClock: () => 0,
    defer: (fn) => deferred.push(fn),
    ...overrides,
  });
  return { queue, store, approved, enforced, published, deferred, advance: (ms: number) => (now += ms) };
}

const annotated = (id: string, text: string, extra: Partial<Annotated> = {}, user = 'viewer'): Annotated => ({
  message: { id, platform: 'twitch', channel: 'shop', user: { id: `id-${user}`, name: user, displayName: user, roles: [] }, text, emotes: [], receivedAt: 0 } satisfies ChatMessage,
  verdict: { action: 'hold', reasons: [{ filter: 'abuse.en', severity: 'medium', detail: 'x' }], score: 0.5 },
  lang: 'en',
  isQuestion: false,
  sentiment: 0,
  ...extra,
});

describe('the moderation queue', () => {
  it('puts complaints and angry viewers above plain profanity', () => {
    const plain = basePriority(annotated('a', 'damn that is cool'));
    const complaint = basePriority(annotated('b', 'still not shipped, I want a refund', { sentiment: -0.6 }));
    const zh = basePriority(annotated('c', '骗子！还不发货', { lang: 'zh', sentiment: -0.7 }));
    expect(complaint).toBeGreaterThan(plain);
    expect(zh).toBeGreaterThan(plain);
  });

  // an id the queue never held was answered "another moderator decided this item first"
  it('answers an id it never held with SR_NOT_FOUND, and one decided before with SR_ALREADY_DECIDED', () => {
    const { queue } = setup();
    const item = queue.hold(annotated('m1', 'fuck'));
    for (const run of [() => queue.decide(['no-such-item'], 'approve', 'Ana'), () => queue.decide(['no-such-item', 'no-such-item'], 'approve', 'Ana'), () => queue.claim('no-such-item', 'Ana')]) {
      expect(run).toThrow(expect.objectContaining({ code: 'SR_NOT_FOUND', message: 'no held item no-such-item' }));
    }
    queue.decide([item.id], 'reject', 'Ana');
    expect(() => queue.decide([item.id], 'approve', 'Bo')).toThrow(expect.objectContaining({ code: 'SR_ALREADY_DECIDED' }));
    expect(() => queue.claim(item.id, 'Bo')).toThrow(expect.objectContaining({ code: 'SR_ALREADY_DECIDED' }));
    expect(queue.decide([item.id, 'no-such-item'], 'approve', 'Bo').conflicts).toEqual([item.id, 'no-such-item']);
  });

  it('resolves items held longer than the limit by the configured default, and counts them', () => {
    const { queue, store, advance } = setup();
    const item = queue.hold(annotated('m1', 'fuck'));
    advance(59_000);
    queue.tick();
    expect(queue.size).toBe(1);
    advance(2_000);
    queue.tick();
    expect(queue.size).toBe(0);
    expect(queue.stats().resolvedByTimeout).toBe(1);
    expect(store.allAudit()[0]).toMatchObject({ actor: 'auto-timeout', action: 'reject', itemId: item.id, waitedMs: 61_000 });
  });

  it('enforces a timeout only after the undo window, and never after an undo', () => {
    const { queue, enforced, advance } = setup();
    const a = queue.hold(annotated('m1', 'spam spam', {}, 'spammer'));
    const b = queue.hold(annotated('m2', 'spam again', {}, 'other'));
    const first = queue.decide([a.id], 'timeout', 'Ana');
    const second = queue.decide([b.id], 'ban', 'Ana');
    advance(2_000);
    queue.undo(second.decisionId, 'Ana');
    queue.tick();
    expect(enforced).toEqual([]);
    advance(4_000);
    queue.tick();
    expect(enforced).toEqual(['timeout:spammer']);
    expect(() => queue.undo(first.decisionId, 'Ana')).toThrow(/no longer be undone/);
    expect(queue.items().map((i) => i.id)).toEqual([b.id]);
  });

  it('settles an approval for questions and mood only after the undo window, never after an undo', () => {
    const settled: string[] = [];
    const { queue, approved, advance } = setup({ onApprovalSettled: (a) => settled.push(a.message.id), holdTimeoutMs: 20_000, onTimeout: 'approve' });
    const a = queue.hold(annotated('m1', 'is this real leather? damn'));
    const b = queue.hold(annotated('m2', 'how much is shipping, damn'));
    queue.decide([a.id], 'approve', 'Ana');
    const second = queue.decide([b.id], 'feature', 'Ana');
    expect(approved).toEqual(['m1', 'm2']); // the allowed stream and the overlay see them at once
    advance(2_000);
    queue.undo(second.decisionId, 'Ana');
    queue.tick();
    expect(settled).toEqual([]);
    advance(4_000);
    queue.tick();
    expect(settled).toEqual(['m1']);
    // a hold that times out into an approval is final at once
    advance(20_000);
    queue.tick();
    expect(settled).toEqual(['m1', 'm2']);
  });

  it('lets a claim keep a second moderator off a single item until it lapses', () => {
    const { queue, advance } = setup();
    const it1 = queue.hold(annotated('m1', 'fuck'));
    queue.claim(it1.id, 'Ana');
    expect(() => queue.decide([it1.id], 'approve', 'Bo')).toThrow(/Ana is looking/);
    advance(31_000);
    queue.tick();
    expect(queue.decide([it1.id], 'approve', 'Bo').decided).toEqual([it1.id]);
  });

  it('sends approved items back to the allowed stream', () => {
    const { queue, approved } = setup();
    const it1 = queue.hold(annotated('m1', 'is this real leather? damn'));
    queue.decide([it1.id], 'feature', 'Ana');
    expect(approved).toEqual(['m1']);
  });

  it('reports response times: median and p90 from hold to decision, decisions per minute', () => {
    const { queue, advance } = setup();
    const ids = [1, 2, 3, 4, 5].map((i) => queue.hold(annotated(`m${i}`, 'fuck')).id);
    ids.forEach((id, i) => {
      advance(1_000 * (i + 1));
      queue.decide([id], 'reject', 'Ana');
    });
    const s = queue.stats();
    // waits: 1, 3, 6, 10, 15 s
    expect(s.medianMs).toBe(6_000);
    expect(s.p90Ms).toBe(15_000);
    expect(s.decisionsPerMinute).toBe(5);
    expect(s.queueLength).toBe(0);
  });

  it('counts only moderators\' decisions in the response times, before and after a restart (not the hold timeout\'s)', () => {
    const { queue, store, advance } = setup();
    const a = queue.hold(annotated('w1', 'fuck'));
    queue.hold(annotated('w2', 'fuck'));
    advance(2_000);
    queue.decide([a.id], 'reject', 'Ana');
    advance(70_000);
    queue.tick(); // w2 times out after 72 s
    expect(queue.stats()).toMatchObject({ medianMs: 2_000, p90Ms: 2_000, resolvedByTimeout: 1 });
    // a restart reads the last minutes' waits from the audit log: the same figures
    const again = new ModerationQueue({ store, now: () => 1_072_000, mask: (t) => t, publish: { set: () => {}, del: () => {} }, holdTimeoutMs: 60_000, onTimeout: 'reject', undoMs: 5_000, claimMs: 30_000, onApproved: () => {}, onEnforce: () => {} });
    expect(again.stats()).toMatchObject({ medianMs: 2_000, p90Ms: 2_000 });
  });

  it("counts neither the filters' blocks nor other moderators' platform actions in the response times after a restart", () => {
    const { queue, store, advance } = setup();
    const a = queue.hold(annotated('w1', 'fuck'));
    const b = queue.hold(annotated('w2', 'fuck', {}, 'bob'));
    advance(30_000);
    queue.decide([a.id], 'reject', 'Ana');
    // the filters block three comments (the router audits each with a wait of 0), a Twitch moderator times out bob
    for (const m of ['b1', 'b2', 'b3']) store.appendAudit({ id: `block:${m}`, at: 1_030_000, actor: 'filters', action: 'block', itemId: null, messageId: m, userName: 'x', waitedMs: 0, detail: 'abuse' });
    queue.applyModEvent({ kind: 'timeout', platform: 'twitch', channel: 'shop', userId: b.user.id, userName: 'bob', durationS: 60, at: 1_030_000 });
    expect(queue.stats()).toMatchObject({ medianMs: 30_000, p90Ms: 30_000 });
    // it read a median of 0 s after the restart (the blocks' waits of 0)
    const again = new ModerationQueue({ store, now: () => 1_031_000, mask: (t) => t, publish: { set: () => {}, del: () => {} }, holdTimeoutMs: 60_000, onTimeout: 'reject', undoMs: 5_000, claimMs: 30_000, onApproved: () => {}, onEnforce: () => {} });
    expect(again.stats()).toMatchObject({ medianMs: 30_000, p90Ms: 30_000, decisionsPerMinute: 1 });
  });

  it("keeps a viewer's context only while they have items waiting", () => {
    const { queue, published } = setup();
    const one = queue.hold(annotated('m1', 'fuck', {}, 'ann'));
    const two = queue.hold(annotated('m2', 'fuck again', {}, 'ann'));
    queue.decide([one.id], 'reject', 'Ana');
    expect(published.filter((p) => p === 'del userContext.id-ann')).toHaveLength(0);
    queue.decide([two.id], 'reject', 'Ana');
    expect(published.at(-1)).toBe('del userContext.id-ann');
  });
});

describe('the queue under a flood', () => {
  it('sends the console only the most urgent page and pulls the next item in as one is decided', () => {
    const { queue, published } = setup({ pageSize: 10 });
    for (let i = 0; i < 25; i++) queue.hold(annotated(`m${i}`, `text ${i}`, {}, `v${i}`));
    expect(queue.size).toBe(25);
    const shown = () => {
      const on = new Set<string>();
      for (const p of published) {
        const [op, path] = p.split(' ') as [string, string];
        if (!path.startsWith('queue.')) continue;
        if (op === 'set') on.add(path);
        else on.delete(path);
      }
      return on;
    };
    expect(shown().size).toBe(10);
    const first = queue.items()[0]!;
    queue.decide([first.id], 'reject', 'mod:ana');
    expect(shown().size).toBe(10);
    expect(shown().has(`queue.${first.id}`)).toBe(false);
    expect(shown().has(`queue.${queue.items()[9]!.id}`)).toBe(true);
    // the viewers' context is published only for items on the page
    const contexts = new Set<string>();
    for (const p of published) {
      const m = /^(set|del) userContext\.([^.]+)$/.exec(p);
      if (m?.[1] === 'set') contexts.add(m[2]!);
      else if (m) contexts.delete(m[2]!);
    }
    expect(contexts.size).toBe(10);
  });

  it('expires many items at once and leaves exactly the next most urgent page shown, with their viewers\' context', () => {
    const { queue, published, advance } = setup({ pageSize: 10 });
    // 30 old items (some viewers with two), then 15 younger, one more urgent than all
    for (let i = 0; i < 30; i++) queue.hold(annotated(`old${i}`, `text ${i}`, {}, `v${i % 20}`));
    advance(30_000);
    for (let i = 0; i < 15; i++) queue.hold(annotated(`new${i}`, i === 7 ? 'still not shipped, I want a refund' : `text ${i}`, {}, `w${i % 12}`));
    advance(31_000);
    queue.tick();
    expect(queue.size).toBe(15);
    const on = new Set<string>();
    const contexts = new Set<string>();
    for (const p of published) {
      const [op, path] = p.split(' ') as [string, string];
      const target = /^queue\.[^.]+$/.test(path) ? { set: on, key: path } : /^userContext\.[^.]+$/.test(path) ? { set: contexts, key: path.slice('userContext.'.length) } : null;
      if (target && op === 'set') target.set.add(target.key);
      else if (target) target.set.delete(target.key);
    }
    const page = queue.items().slice(0, 10);
    expect([...on].sort()).toEqual(page.map((i) => `queue.${i.id}`).sort());
    expect(page[0]!.messageId).toBe('new7');
    expect([...contexts].sort()).toEqual([...new Set(page.map((i) => i.user.id))].sort());
  });

  it('puts a more urgent item on the page and pushes the last one off', () => {
    const { queue, published } = setup({ pageSize: 3 });
    for (let i = 0; i < 3; i++) queue.hold(annotated(`m${i}`, `plain ${i}`, {}, `v${i}`));
    const last = queue.items()[2]!;
    queue.hold(annotated('urgent', 'still not shipped, I want a refund', { sentiment: -0.8 }, 'angry'));
    expect(queue.items()[0]!.messageId).toBe('urgent');
    expect(published.at(-2)).toBe(`del queue.${last.id}`);
  });

  it('times out each hold by its reason: shouting and floods are approved, personal data and abuse rejected', () => {
    const { queue, store, approved, advance } = setup({ timeoutActions: { abuse: 'reject', privacy: 'reject', 'spam.caps': 'approve', 'spam.flood': 'approve' } });
    const reason = (filter: string) => ({ verdict: { action: 'hold' as const, reasons: [{ filter, severity: 'medium' as const, detail: filter }], score: 0.5 } });
    queue.hold(annotated('caps', 'WHAT A DEAL', reason('spam.caps'), 'a'));
    queue.hold(annotated('flood', 'buy buy buy', reason('spam.flood'), 'b'));
    queue.hold(annotated('phone', 'call 13812345678', reason('privacy.phone'), 'c'));
    queue.hold(annotated('mixed', 'SHOUTING AND 13812345678', { verdict: { action: 'hold', reasons: [{ filter: 'spam.caps', severity: 'medium', detail: '' }, { filter: 'privacy.phone', severity: 'medium', detail: '' }], score: 1 } }, 'd'));
    queue.hold(annotated('unknown', 'zalgo', reason('spam.zalgo'), 'e'));
    advance(60_000);
    queue.tick();
    expect(queue.size).toBe(0);
    expect(approved.sort()).toEqual(['caps', 'flood']);
    const actions = store.allAudit().map((a) => `${a.messageId}:${a.action}`).sort();
    expect(actions).toEqual(['caps:approve', 'flood:approve', 'mixed:reject', 'phone:reject', 'unknown:reject']);
  });

  it('expires holds oldest first from a heap, leaving the younger ones, undone items included', () => {
    const { queue, advance } = setup({ pageSize: 50 });
    for (let i = 0; i < 3_000; i++) {
      queue.hold(annotated(`m${i}`, `t${i}`, {}, `v${i % 500}`));
      if (i === 1_499) advance(30_000);
    }
    const young = queue.items().find((i) => Number(i.messageId.slice(1)) >= 1_500)!;
    const d = queue.decide([young.id], 'approve', 'mod:ana');
    queue.undo(d.decisionId, 'mod:ana'); // back in the queue with its old hold time
    advance(30_000); // the first 1,500 are now 60 s old
    queue.tick();
    expect(queue.size).toBe(1_500);
    expect(queue.items().every((i) => Number(i.messageId.slice(1)) >= 1_500)).toBe(true);
    advance(30_000);
    queue.tick();
    expect(queue.size).toBe(0);
  });

  it('spends at most its budget per tick on timeouts and carries the rest, oldest first, to the next ticks', () => {
    // each resolved hold "costs" 0.1 ms of virtual work time; the budget is 20 ms a tick
    let resolvedCount = 0;
    const order: string[] = [];
    const { queue, store, published, advance } = setup({
      pageSize: 10,
      timeoutActions: { abuse: 'approve' },
      onApproved: (a) => {
        resolvedCount++;
        order.push(a.message.id);
      },
      workClock: () => resolvedCount * 0.1,
      expiryBudgetMs: 20,
    });
    for (let i = 0; i < 1_000; i++) {
      queue.hold(annotated(`m${i}`, `t${i}`, {}, `v${i % 300}`));
      advance(1); // m0 is the oldest
    }
    const young = queue.hold(annotated('young', 'not due yet', {}, 'y'));
    advance(59_999); // m999 is due (60 s), young is 1 ms short
    const perTick: number[] = [];
    for (let t = 0; t < 6; t++) {
      const was = resolvedCount;
      queue.tick();
      perTick.push(resolvedCount - was);
    }
    // 20 ms of budget is 200 holds; it looks at the clock every 64, so a tick ends at 256
    expect(perTick).toEqual([256, 256, 256, 232, 0, 0]);
    expect(order).toEqual(Array.from({ length: 1_000 }, (_, i) => `m${i}`));
    expect(queue.size).toBe(1);
    expect(queue.items()[0]!.id).toBe(young.id);
    expect(queue.stats().resolvedByTimeout).toBe(1_000);
    expect(store.allAudit().filter((a) => a.actor === 'auto-timeout')).toHaveLength(1_000);
    // the console's page followed: only the young item is left on it
    const on = new Set<string>();
    for (const p of published) {
      const [op, path] = p.split(' ') as [string, string];
      if (!/^queue\.[^.]+$/.test(path)) continue;
      if (op === 'set') on.add(path);
      else on.delete(path);
    }
    expect([...on]).toEqual([`queue.${young.id}`]);
  });

  it('goes on with the backlog in deferred slices of the same budget instead of waiting for the next tick', () => {
    let resolvedCount = 0;
    const { queue, store, deferred, advance } = setup({
      onApproved: () => resolvedCount++,
      timeoutActions: { abuse: 'approve' },
      workClock: () => resolvedCount * 0.1,
      expiryBudgetMs: 20,
    });
    for (let i = 0; i < 1_000; i++) queue.hold(annotated(`m${i}`, `t${i}`, {}, `v${i % 300}`));
    advance(60_000);
    queue.tick();
    const perSlice = [resolvedCount];
    // one slice deferred at a time, each within the budget (256: it looks at the clock every 64)
    while (deferred.length) {
      expect(deferred).toHaveLength(1);
      const was = resolvedCount;
      deferred.shift()!();
      perSlice.push(resolvedCount - was);
    }
    expect(perSlice).toEqual([256, 256, 256, 232]);
    expect(queue.size).toBe(0);
    // nothing left: the next tick defers nothing
    queue.tick();
    expect(deferred).toHaveLength(0);
    // a slice deferred just before the app closes does nothing once the store is closed
    for (let i = 0; i < 300; i++) queue.hold(annotated(`late${i}`, 'x', {}, `w${i}`));
    advance(60_000);
    queue.tick();
    expect(deferred).toHaveLength(1);
    store.close();
    expect(() => deferred.shift()!()).not.toThrow();
  });

  it('keeps the order most urgent first through holds, decisions, undos and timeouts of 3,000 items', () => {
    const { queue, advance } = setup({ pageSize: 20, holdTimeoutMs: 40_000 });
    const texts = ['plain', 'still not shipped, I want a refund', 'where is my order', 'meh'];
    const undoable: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      queue.hold(annotated(`m${i}`, texts[i % 4]!, { sentiment: (i % 7) / -7 }, `v${i % 400}`));
      if (i % 10 === 0) advance(100);
      if (i % 97 === 0) {
        const pick = queue.items()[(i * 13) % queue.size]!;
        undoable.push(queue.decide([pick.id], 'reject', 'mod:ana').decisionId);
      }
      if (i % 301 === 0 && undoable.length) queue.undo(undoable.pop()!, 'mod:ana');
      if (i % 500 === 0) queue.tick();
    }
    const urgentFirst = (xs: readonly { priority: number; heldAt: number; id: string }[]): boolean =>
      xs.every((x, k) => k === 0 || xs[k - 1]!.priority > x.priority || (xs[k - 1]!.priority === x.priority && (xs[k - 1]!.heldAt < x.heldAt || (xs[k - 1]!.heldAt === x.heldAt && xs[k - 1]!.id < x.id))));
    expect(urgentFirst(queue.items())).toBe(true);
    advance(20_000);
    queue.tick();
    expect(queue.size).toBeGreaterThan(0);
    expect(queue.size).toBeLessThan(3_000);
    expect(urgentFirst(queue.items())).toBe(true);
  });

  it('says when the queue overflows, and which level to lower', () => {
    const { queue } = setup({ overflowAt: 5, levelOf: () => 'medium' });
    for (let i = 0; i < 4; i++) queue.hold(annotated(`m${i}`, `t${i}`, {}, `v${i}`));
    expect(queue.info()).toMatchObject({ total: 4, overflowing: false, suggestion: null, byCategory: { abuse: 4 } });
    queue.hold(annotated('p', 'call 13812345678', { verdict: { action: 'hold', reasons: [{ filter: 'privacy.phone', severity: 'medium', detail: '' }], score: 0.5 } }, 'x'));
    expect(queue.info()).toMatchObject({ total: 5, overflowing: true, suggestion: { category: 'abuse', level: 'low' }, holdsPerMinute: 5 });
  });

  it('never writes personal data to the SQLite file: the raw text stays in memory while the item waits', () => {
    const { queue, store } = setup({ mask: (t) => t.replace(/\d{11}/g, '•••••••••••') });
    const item = queue.hold(annotated('p', 'my number 13812345678 call me'));
    const file = () => Buffer.concat([readFileSync(store.path), existsSync(`${store.path}-wal`) ? readFileSync(`${store.path}-wal`) : Buffer.alloc(0)]);
    expect(file().includes('13812345678')).toBe(false);
    expect(file().includes('my number ••••••••••• call me')).toBe(true);
    expect(store.pendingHeld()[0]!.message.text).toBe('my number ••••••••••• call me'); // what a restart restores
    expect(item.text).toBe('my number ••••••••••• call me');
    queue.decide([item.id], 'reject', 'mod:ana');
    expect(file().includes('13812345678')).toBe(false);
  });
  it('approves a held item with the annotation it was held with, also after a restart (no second classification)', () => {
    const seen: Annotated[] = [];
    const { queue, store } = setup({ onApproved: (a) => seen.push(a) });
    const q = queue.hold(annotated('q1', 'is this real leather, you idiot', { isQuestion: true, sentiment: -0.4 }));
    const zh = queue.hold(annotated('z1', '傻逼主播，包邮吗', { lang: 'zh', isQuestion: true, sentiment: -0.7 }));
    queue.decide([q.id], 'approve', 'Ana');
    expect(seen[0]).toMatchObject({ isQuestion: true, sentiment: -0.4, lang: 'en', verdict: { action: 'allow' } });
    // a restart: a new queue over the same file restores the pending item with its annotation
    const restored: Annotated[] = [];
    const again = new ModerationQueue({ store, now: () => 2_000_000, mask: (t) => t, publish: { set: () => {}, del: () => {} }, holdTimeoutMs: 60_000, onTimeout: 'reject', undoMs: 5_000, claimMs: 30_000, onApproved: (a) => restored.push(a), onEnforce: () => {} });
    again.decide([zh.id], 'approve', 'Ana');
    expect(restored[0]).toMatchObject({ lang: 'zh', isQuestion: true, sentiment: -0.7 });
  });

  it("keeps each viewer's pending items as their count goes 1 → 3 → 1 → 0 (a platform timeout resolves exactly the viewer's)", () => {
    const { queue } = setup();
    const a1 = queue.hold(annotated('a1', 'one', {}, 'ann'));
    const b1 = queue.hold(annotated('b1', 'other', {}, 'bob'));
    const a2 = queue.hold(annotated('a2', 'two', {}, 'ann'));
    const a3 = queue.hold(annotated('a3', 'three', {}, 'ann'));
    expect(queue.hasUser('id-ann')).toBe(true);
    queue.decide([a1.id, a2.id], 'reject', 'Ana');
    expect(queue.hasUser('id-ann')).toBe(true);
    // ann has one item left (a3): the platform's timeout of ann resolves it and nothing of bob's
    const resolved = queue.applyModEvent({ platform: 'twitch', channel: 'shop', kind: 'timeout', userId: 'id-ann', userName: 'ann', durationS: 60, at: 0 });
    expect(resolved).toEqual([a3.id]);
    expect(queue.hasUser('id-ann')).toBe(false);
    expect(queue.items().map((i) => i.id)).toEqual([b1.id]);
    // back from none to two, then a ban by id resolves both
    const a4 = queue.hold(annotated('a4', 'four', {}, 'ann'));
    const a5 = queue.hold(annotated('a5', 'five', {}, 'ann'));
    expect(queue.applyModEvent({ platform: 'twitch', channel: 'shop', kind: 'ban', userId: 'id-ann', userName: 'ann', at: 0 }).sort()).toEqual([a4.id, a5.id].sort());
    queue.decide([b1.id], 'approve', 'Ana');
    expect(queue.hasUser('id-ann')).toBe(false);
    expect(queue.hasUser('id-bob')).toBe(false);
    expect(queue.size).toBe(0);
  });
});
