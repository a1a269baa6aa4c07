/** Routing by verdict on its own: one annotated message in, the right parts called, the feed always. */
import { describe, expect, it } from 'vitest';
import type { Annotated, ChatMessage, Verdict } from '../../../config/chat.js';
import type { AuditEntry } from '../../../config/views.js';
import { RECENT_CTX_KEY, RecentChat } from '../../../server/pipeline/recent-chat.js';
import { createVerdictRouter, type RouterDeps } from '../../../server/pipeline/router.js';

const ann = (id: string, action: Verdict['action'], text = 'is shipping free?', user = 'u1'): Annotated => ({
  message: { id, platform: 'twitch', channel: 'shop', user: { id: user, name: `name-${user}`, displayName: user, roles: [] }, text, emotes: [], receivedAt: 100 },
  verdict: { action, reasons: action === 'allow' ? [] : [{ filter: 'spam.link', severity: 'high', detail: 'a link' }], score: 0 },
  lang: 'en',
  isQuestion: true,
  sentiment: 0,
});

function setup(overrides: Partial<RouterDeps> = {}) {
  const calls: string[] = [];
  const audit: AuditEntry[] = [];
  const json = new Map<string, unknown>();
  const published = new Map<string, unknown>();
  const rejected: ChatMessage[] = [];
  const said: string[] = [];
  const logs: string[] = [];
  let auditSoon = 0;
  const recent = new RecentChat({ maxMessages: 10, maxUsers: 10, perUser: 5, mask: (t) => t.replace(/\d/g, '•') });
  const deps: RouterDeps = {
    now: () => 7_000,
    chatNow: () => 70_000,
    log: (l) => logs.push(l),
    recent,
    retain: (a) => calls.push(`retain:${a.message.id}`),
    observe: (a) => calls.push(`observe:${a.message.id}`),
    autoReply: {
      consider: (a, t) => (a.message.text.includes('shipping') ? { channel: a.message.channel, text: `@${a.message.user.name} free (t=${t})`, faqId: 'ship' } : null),
      say: async (channel, text) => {
        said.push(`${channel}:${text}`);
      },
    },
    watch: { add: (a) => (calls.push(`watch:${a.message.id}`), {}) as never },
    queue: { hold: (a) => (calls.push(`hold:${a.message.id}`), {}) as never, showsUser: (uid) => uid === 'u1' },
    store: { appendAudit: (e) => audit.push(e), setJson: (k, v) => json.set(k, v) },
    publish: (p, v) => published.set(p.join('.'), v),
    auditSoon: () => auditSoon++,
    reject: (m) => rejected.push(m),
    feed: (a) => calls.push(`feed:${a.message.id}:${a.verdict.action}`),
    ...overrides,
  };
  return { route: createVerdictRouter(deps), calls, audit, json, published, rejected, said, logs, recent, auditSoon: () => auditSoon };
}

describe('routing by verdict', () => {
  it('allow: remembered, retained, fed to questions and mood, answered from the FAQ (audited once sent), fed to the console', async () => {
    const t = setup();
    t.route(ann('m1', 'allow'));
    expect(t.calls).toEqual(['retain:m1', 'observe:m1', 'feed:m1:allow']);
    expect(t.recent.shown('m1')?.message.id).toBe('m1');
    expect(t.said).toEqual(['shop:@name-u1 free (t=70000)']);
    await Promise.resolve();
    expect(t.audit).toEqual([expect.objectContaining({ id: 'reply:m1', actor: 'auto-reply', action: 'faq-reply', detail: 'answered with FAQ ship' })]);
  });

  it('allow without an FAQ answer sends nothing; a failed send is logged, not thrown', async () => {
    const quiet = setup();
    quiet.route(ann('m1', 'allow', 'love it'));
    expect(quiet.said).toEqual([]);
    const failing = setup({ autoReply: { consider: () => ({ channel: 'shop', text: 'x', faqId: 'f' }), say: () => Promise.reject(new Error('not connected')) } });
    failing.route(ann('m1', 'allow'));
    await new Promise((r) => setImmediate(r));
    expect(failing.logs).toEqual(['auto-reply: could not send: not connected']);
    expect(failing.audit).toEqual([]);
  });

  it('flag: shown and put on the watch list, not counted for questions and mood yet', () => {
    const t = setup();
    t.route(ann('m1', 'flag'));
    expect(t.calls).toEqual(['retain:m1', 'watch:m1', 'feed:m1:flag']);
  });

  it('hold: queued; the viewer’s recent lines (masked) go to the console when shown and are saved with the item', () => {
    const t = setup();
    t.route(ann('m0', 'allow', 'call 123', 'u1'));
    t.route(ann('m1', 'hold', 'buy at spam.example', 'u1'));
    expect(t.calls.slice(-2)).toEqual(['hold:m1', 'feed:m1:hold']);
    const lines = [{ at: 100, text: 'call •••', action: 'allow' }, { at: 100, text: 'buy at spam.example', action: 'hold' }];
    expect(t.published.get('userContext.u1.recent')).toEqual(lines);
    expect(t.json.get(`${RECENT_CTX_KEY}u1`)).toEqual(lines);
    t.route(ann('m2', 'hold', 'again', 'u2'));
    expect(t.published.has('userContext.u2.recent')).toBe(false);
    expect(t.json.has(`${RECENT_CTX_KEY}u2`)).toBe(true);
  });

  it('block: audited with its reasons (for the next tick), taken off the platform, never featurable', () => {
    const t = setup();
    t.route(ann('m1', 'block'));
    expect(t.audit).toEqual([expect.objectContaining({ id: 'block:m1:7000', actor: 'filters', action: 'block', messageId: 'm1', detail: 'spam.link: a link', waitedMs: 0 })]);
    expect(t.auditSoon()).toBe(1);
    expect(t.rejected.map((m) => m.id)).toEqual(['m1']);
    expect(t.recent.shown('m1')).toBeUndefined();
    expect(t.calls).toEqual(['retain:m1', 'feed:m1:block']);
  });

  it('without enforcement or chat retention, those steps are left out', () => {
    const t = setup({ reject: null, retain: null, autoReply: null });
    t.route(ann('m1', 'block'));
    t.route(ann('m2', 'allow'));
    expect(t.rejected).toEqual([]);
    expect(t.said).toEqual([]);
    expect(t.calls).toEqual(['feed:m1:block', 'observe:m2', 'feed:m2:allow']);
  });
});
