import { mkdtempSync } from 'node:fs';
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
    ...overrides,
  });
  return { queue, store, approved, enforced, published, advance: (ms: number) => (now += ms) };
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
