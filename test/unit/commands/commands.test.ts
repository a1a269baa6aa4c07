/**
 * The command module on its own: a command runs against small fakes (store, queue, watch list,
 * filter engine, OBS) and the test reads what changed. Time is a VirtualTimeScheduler.
 */
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Annotated, ChatMessage } from '../../../config/chat.js';
import { ThemeSchema, type Command, type FeedItem } from '../../../config/protocol.js';
import type { AuditEntry, FaqEntry } from '../../../config/views.js';
import type { Level, SensitivityCategory } from '../../../config/filters-config.js';
import { createCommands, summarize, type CommandDeps } from '../../../server/commands/commands.js';
import { ShowrunnerError } from '../../../server/errors.js';
import { LiveOverlay } from '../../../server/overlay/live-overlay.js';
import { initialOverlay } from '../../../server/overlay/reducer.js';
import type { ObsLike } from '../../../server/part-types.js';
import { toFeed } from '../../../server/pipeline/feed.js';

const shown = (id: string, user = 'viewer'): Annotated => ({
  message: { id, platform: 'twitch', channel: 'shop', user: { id: `u-${user}`, name: user, displayName: user, roles: [] }, text: `hello from ${user}`, emotes: [], receivedAt: 500 },
  verdict: { action: 'allow', reasons: [], score: 0 },
  lang: 'en',
  isQuestion: false,
  sentiment: 0,
});

function fakeObs(): ObsLike & { cues: string[]; starts: number } {
  const cues: string[] = [];
  const obs: ObsLike & { cues: string[]; starts: number } = {
    cues,
    starts: 0,
    status$: { subscribe: () => ({ unsubscribe() {} }) } as unknown as ObsLike['status$'],
    start() {
      obs.starts += 1;
    },
    stop: async () => {},
    setup: async (url) => ({ ok: true, url }),
    setScene: async (name) => ({ ok: true, scene: name }),
    refreshOverlay: async () => ({ ok: true }),
    listScenes: async () => [],
    cue: async (event) => {
      cues.push(event);
      return { ok: true };
    },
  };
  return obs;
}

function setup(overrides: Partial<CommandDeps> = {}) {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const advance = (ms: number): void => {
    const target = scheduler.now() + ms;
    scheduler.maxFrames = target;
    scheduler.flush();
    scheduler.frame = target;
  };
  const audit: AuditEntry[] = [];
  const json = new Map<string, unknown>();
  let faq: FaqEntry[] = [];
  const published = new Map<string, unknown>();
  const feed: FeedItem[] = [];
  const rejected: ChatMessage[] = [];
  const recent = new Map<string, Annotated>([['m1', shown('m1', 'ann')], ['m2', shown('m2', 'bob')]]);
  const watched = new Map<string, Annotated>([['w1', { ...shown('w1', 'cat'), verdict: { action: 'flag', reasons: [{ filter: 'abuse.model', severity: 'medium', detail: 'p=0.8' }], score: 0.5 } }]]);
  const levels: Record<SensitivityCategory, Level> = { abuse: 'medium', spam: 'medium', links: 'medium', privacy: 'medium', raids: 'medium' };
  const termCalls: string[] = [];
  const signals = { auditNow: 0, auditSoon: 0, faqSeen: [] as FaqEntry[][] };
  const overlay = new LiveOverlay(initialOverlay(ThemeSchema.parse({})), { save: (s) => json.set('overlay', s), publish: (p, v) => published.set(p.join('.'), v) });
  const obs = fakeObs();
  const deps: CommandDeps = {
    now: () => scheduler.now(),
    scheduler,
    log: () => {},
    store: {
      appendAudit: (e) => audit.push(e),
      setJson: (k, v) => json.set(k, v),
      upsertFaq: (e) => {
        faq = [...faq.filter((x) => x.id !== e.id), e];
      },
      deleteFaq: (id) => {
        const before = faq.length;
        faq = faq.filter((x) => x.id !== id);
        return faq.length < before;
      },
      faq: () => faq,
    },
    publish: (p, v) => published.set(p.join('.'), v),
    feed: (item) => feed.push(item),
    toFeed: (a) => toFeed(a, (t) => t),
    overlay,
    reduceContext: () => ({ now: scheduler.now(), presets: [], findMessage: (id) => recent.get(id)?.message, maskText: (t) => t }),
    queue: {
      claim: (itemId, actor) => ({ claimedUntil: itemId.length + actor.length }),
      release: () => {},
      decide: (itemIds) => ({ decided: [...itemIds], conflicts: [], decisionId: 'd1', undoUntil: 0 }),
      undo: () => ({ restored: ['i1'] }),
    },
    watch: {
      remove: (id) => {
        const a = watched.get(id);
        watched.delete(id);
        return a;
      },
      dismiss: (id) => watched.delete(id),
    },
    recent: { shown: (id) => recent.get(id), forget: (id) => void recent.delete(id) },
    engine: {
      sensitivity: () => ({ ...levels }),
      setSensitivity: (c, l) => {
        levels[c] = l;
      },
      setTerm: (list, term, present) => termCalls.push(`${list}:${term}:${present}`),
    },
    terms: { blocked: ['spoiler'], allowed: [] },
    onFaq: (entries) => signals.faqSeen.push(entries),
    reject: (msg) => rejected.push(msg),
    obs,
    overlayUrl: () => 'http://127.0.0.1:1/overlay',
    auditChanged: () => signals.auditNow++,
    auditSoon: () => signals.auditSoon++,
    ...overrides,
  };
  const commands = createCommands(deps);
  const run = (cmd: Command, actor = 'producer:p1') => commands.run(cmd, { role: 'producer', actor });
  return { commands, run, audit, json, published, feed, rejected, recent, watched, levels, termCalls, signals, overlay, obs, advance, deps, faq: () => faq };
}

describe('commands', () => {
  it('applies an overlay command through the reducer, saves and publishes the change, and audits it for the next tick', async () => {
    const t = setup();
    const result = await t.run({ kind: 'pin.set', question: 'Shipping?', answer: 'Free tonight', saveToFaq: false });
    expect(t.overlay.current.pinned).toMatchObject({ question: 'Shipping?', answer: 'Free tonight' });
    expect(result).toEqual({ overlay: t.overlay.current });
    expect(t.published.get('overlay.pinned')).toBe(t.overlay.current.pinned);
    expect(t.json.get('overlay')).toMatchObject({ pinned: { answer: 'Free tonight' } });
    expect(t.audit).toEqual([expect.objectContaining({ actor: 'producer:p1', action: 'pin.set', detail: summarize({ kind: 'pin.set', question: 'Shipping?', answer: 'Free tonight', saveToFaq: false }) })]);
    expect(t.signals).toMatchObject({ auditSoon: 1, auditNow: 0 });
  });

  it('pin.set with saveToFaq also stores the answer as an FAQ entry and tells the FAQ users', async () => {
    const t = setup();
    await t.run({ kind: 'pin.set', question: '  Shipping?  ', answer: 'Free tonight', saveToFaq: true });
    expect(t.faq()).toEqual([expect.objectContaining({ keywords: ['Shipping?'], answer: 'Free tonight' })]);
    expect(t.signals.faqSeen).toEqual([t.faq()]);
    expect(t.published.get('faq')).toEqual(t.faq());
  });

  it('pin.set saved from a card keeps the card\'s lines as keywords, the question first, each once', async () => {
    const t = setup();
    await t.run({ kind: 'pin.set', question: '运费多少', answer: '包邮', saveToFaq: true, keywords: ['运费多少', ' how much is shipping ', '邮费多少钱', ''] });
    expect(t.faq()).toEqual([expect.objectContaining({ keywords: ['运费多少', 'how much is shipping', '邮费多少钱'], answer: '包邮' })]);
  });

  it('cues OBS when a flash sale starts (at its start time, not before) and when a running one ends', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000, startAt: 3_000 });
    expect(t.obs.cues).toEqual([]);
    t.advance(2_999);
    expect(t.obs.cues).toEqual([]);
    t.advance(1);
    await Promise.resolve();
    expect(t.obs.cues).toEqual(['sale.start']);
    await t.run({ kind: 'banner.end' });
    expect(t.obs.cues).toEqual(['sale.start', 'sale.end']);
  });

  it('cues OBS at the end of a sale that runs out of time (after an extension), once, and a later End press adds nothing', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000 });
    t.advance(0);
    await Promise.resolve();
    expect(t.obs.cues).toEqual(['sale.start']);
    t.advance(30_000);
    await t.run({ kind: 'banner.extend', byMs: 60_000 }); // now ends at 120 s
    t.advance(89_999);
    expect(t.obs.cues).toEqual(['sale.start']);
    t.advance(1);
    await Promise.resolve();
    expect(t.obs.cues).toEqual(['sale.start', 'sale.end']);
    await t.run({ kind: 'banner.end' }); // the producer tidies up the ended banner
    t.advance(600_000);
    expect(t.obs.cues).toEqual(['sale.start', 'sale.end']);
  });

  it('a scheduled sale ended before it starts never cues OBS (neither its start later nor an end now)', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000, startAt: 10_000 });
    t.advance(1_000);
    await t.run({ kind: 'banner.end' });
    t.advance(600_000);
    await Promise.resolve();
    expect(t.obs.cues).toEqual([]);
  });

  /** Showrunner restarted `downMs` after `before` stopped: the overlay state and stored cue as a start reads them back. */
  const restart = (before: ReturnType<typeof setup>, downMs: number) => {
    const t = setup({ overlay: new LiveOverlay(before.overlay.current, { save: () => {}, publish: () => {} }) });
    t.advance(before.deps.now() + downMs);
    t.commands.resume(before.json.get('obsCuedSale') as string | null | undefined);
    return t;
  };

  it('a sale still running across a restart cues OBS at its end, once (not again at the next restart)', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000 });
    t.advance(0);
    await Promise.resolve();
    expect(t.obs.cues).toEqual(['sale.start']);
    t.advance(10_000);
    const t2 = restart(t, 20_000); // back at 30 s; the sale ends at 60 s
    t2.advance(29_999);
    await Promise.resolve();
    expect(t2.obs.cues).toEqual([]); // no second start cue: OBS is on the sale already
    t2.advance(1);
    await Promise.resolve();
    expect(t2.obs.cues).toEqual(['sale.end']);
    const t3 = restart(t2, 60_000);
    t3.advance(600_000);
    await Promise.resolve();
    expect(t3.obs.cues).toEqual([]);
  });

  it('a sale that ran out while Showrunner was down cues OBS\'s end at the start, once; one stored before the cue was kept (older store) too', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000 });
    t.advance(0);
    await Promise.resolve();
    t.advance(10_000);
    const t2 = restart(t, 120_000);
    t2.advance(0);
    await Promise.resolve();
    expect(t2.obs.cues).toEqual(['sale.end']);
    const t3 = restart(t2, 1_000);
    t3.advance(600_000);
    await Promise.resolve();
    expect(t3.obs.cues).toEqual([]);
    t.json.delete('obsCuedSale'); // a store written before the cue was saved: a sale past its start had its start cue
    const old = restart(t, 120_000);
    old.advance(0);
    await Promise.resolve();
    expect(old.obs.cues).toEqual(['sale.end']);
  });

  it('after a restart, a scheduled sale still cues its start and end; one that started and ended while down cues nothing', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000, startAt: 10_000 });
    t.advance(1_000);
    const t2 = restart(t, 1_000); // back at 2 s
    t2.advance(7_999);
    await Promise.resolve();
    expect(t2.obs.cues).toEqual([]);
    t2.advance(1);
    await Promise.resolve();
    expect(t2.obs.cues).toEqual(['sale.start']);
    t2.advance(60_000);
    await Promise.resolve();
    expect(t2.obs.cues).toEqual(['sale.start', 'sale.end']);
    const t3 = restart(t, 200_000);
    t3.advance(600_000);
    await Promise.resolve();
    expect(t3.obs.cues).toEqual([]);
  });

  it('a sale replaced by a new one cues the new start, not the old end', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000 });
    t.advance(10_000);
    await t.run({ kind: 'banner.start', product: 'Cup', price: 5, stock: 5, durationMs: 120_000 });
    t.advance(60_000);
    await Promise.resolve();
    expect(t.obs.cues).toEqual(['sale.start', 'sale.start']);
    t.advance(70_000);
    await Promise.resolve();
    expect(t.obs.cues).toEqual(['sale.start', 'sale.start', 'sale.end']);
  });

  it('stop() cancels a pending flash-sale cue', async () => {
    const t = setup();
    await t.run({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000, startAt: 3_000 });
    t.commands.stop();
    t.advance(10_000);
    expect(t.obs.cues).toEqual([]);
  });

  it('removes a shown comment everywhere: watch list or recent, featured slot, platform, audit, feed', async () => {
    const t = setup();
    await t.run({ kind: 'feature.set', messageId: 'm1' });
    expect(t.overlay.current.featured?.messageId).toBe('m1');
    const r = await t.run({ kind: 'moderation.remove', messageIds: ['m1', 'w1', 'gone'] }, 'mod:m');
    expect(r).toEqual({ removed: ['m1', 'w1'] });
    expect(t.overlay.current.featured).toBeNull();
    expect(t.recent.has('m1')).toBe(false);
    expect(t.watched.has('w1')).toBe(false);
    expect(t.rejected.map((m) => m.id)).toEqual(['m1', 'w1']);
    expect(t.audit.filter((e) => e.action === 'remove').map((e) => [e.messageId, e.detail])).toEqual([['m1', 'shown comment removed'], ['w1', 'abuse.model']]);
    expect(t.feed.map((f) => [f.id, f.action])).toEqual([['m1', 'block'], ['w1', 'block']]);
    expect(t.signals.auditNow).toBe(1);
  });

  it('dismisses flagged comments with one audit line, and none when nothing was on the list', async () => {
    const t = setup();
    expect(await t.run({ kind: 'moderation.dismiss', messageIds: ['nope'] })).toEqual({ dismissed: [] });
    expect(t.audit).toEqual([]);
    expect(await t.run({ kind: 'moderation.dismiss', messageIds: ['w1'] }, 'mod:m')).toEqual({ dismissed: ['w1'] });
    expect(t.audit).toEqual([expect.objectContaining({ action: 'dismiss', actor: 'mod:m', messageId: 'w1', detail: '1 flagged comment(s) kept' })]);
  });

  it('passes decisions to the queue and publishes the audit log at once', async () => {
    const t = setup();
    expect(await t.run({ kind: 'moderation.claim', itemId: 'i1' }, 'm')).toEqual({ claimedUntil: 3 });
    await t.run({ kind: 'moderation.decide', itemIds: ['i1', 'i2'], decision: 'reject' });
    expect(await t.run({ kind: 'moderation.undo', decisionId: 'd1' })).toEqual({ restored: ['i1'] });
    expect(t.signals.auditNow).toBe(2);
  });

  it('switches a sensitivity level: engine, store, console and audit', async () => {
    const t = setup();
    const r = await t.run({ kind: 'sensitivity.set', category: 'links', level: 'high' });
    expect(t.levels.links).toBe('high');
    expect(r).toEqual({ sensitivity: expect.objectContaining({ links: 'high' }) });
    expect(t.json.get('sensitivity')).toMatchObject({ links: 'high' });
    expect(t.published.get('sensitivity')).toMatchObject({ links: 'high' });
    expect(t.audit[0]).toMatchObject({ action: 'sensitivity', detail: 'links → high' });
  });

  it('adds and removes terms, normalised, once each', async () => {
    const t = setup();
    await t.run({ kind: 'terms.set', list: 'blocked', term: '  Scam  ', present: true });
    await t.run({ kind: 'terms.set', list: 'blocked', term: 'scam', present: true });
    await t.run({ kind: 'terms.set', list: 'blocked', term: 'spoiler', present: false });
    expect(t.deps.terms).toEqual({ blocked: ['scam'], allowed: [] });
    expect(t.termCalls).toEqual(['blocked:scam:true', 'blocked:scam:true', 'blocked:spoiler:false']);
    expect(t.published.get('terms')).toEqual({ blocked: ['scam'], allowed: [] });
  });

  it('deletes an FAQ entry, and refuses an unknown one with SR_NOT_FOUND', async () => {
    const t = setup();
    await t.run({ kind: 'faq.upsert', id: 'f1', keywords: ['ship'], answer: 'Free' });
    await t.run({ kind: 'faq.delete', id: 'f1' });
    expect(t.faq()).toEqual([]);
    await expect(t.run({ kind: 'faq.delete', id: 'f1' })).rejects.toMatchObject({ code: 'SR_NOT_FOUND' });
    await expect(t.run({ kind: 'faq.delete', id: 'f1' })).rejects.toBeInstanceOf(ShowrunnerError);
  });

  it('answers OBS commands with SR_OBS_UNAVAILABLE when OBS control is off, and passes them on when on', async () => {
    const off = setup({ obs: null });
    expect(await off.run({ kind: 'obs.setup' })).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE' });
    expect(await off.run({ kind: 'obs.scene', scene: 'Sale' })).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE' });
    const on = setup();
    expect(await on.run({ kind: 'obs.setup' })).toEqual({ ok: true, url: 'http://127.0.0.1:1/overlay' });
    expect(await on.run({ kind: 'obs.scene', scene: 'Sale' })).toEqual({ ok: true, scene: 'Sale' });
  });

  it('obs.reconnect (the console button) asks the controller to connect now; with OBS control off it says so', async () => {
    const on = setup();
    expect(await on.run({ kind: 'obs.reconnect' })).toEqual({ ok: true, value: undefined });
    expect(on.obs.starts).toBe(1);
    expect(await setup({ obs: null }).run({ kind: 'obs.reconnect' })).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE' });
  });

  it('refuses an unknown command kind with SR_BAD_REQUEST', async () => {
    const t = setup();
    await expect(t.run({ kind: 'nope' } as unknown as Command)).rejects.toMatchObject({ code: 'SR_BAD_REQUEST', message: 'unknown command nope' });
  });
});
