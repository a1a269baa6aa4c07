/**
 * The ingest under load: a budget with 429 / SR_BUSY past it, every item counted (in + invalid +
 * refused = sent), holds written before a moderator sees them, and a fast, ordered restart.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueInfo, QueueItem } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { Store } from '../../server/store/store.js';
import { testConfig, tmpDbPath, TestSocket } from '../support/app.js';

const apps: RunningApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const msg = (i: number, text: string) => ({ platform: 'tiktok', channel: 'shop', user: { id: `u${i}`, name: `user${i}`, displayName: `User${i}` }, text });
const post = (app: RunningApp, body: unknown) =>
  fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const sum = (app: RunningApp) => app.counters.in + app.counters.invalid + app.counters.refused;

describe('ingest budget', () => {
  it('answers 429 with Retry-After past the budget, SR_BUSY on the ws, and counts every refused item', async () => {
    // slices run only when the test says so: the buffer stays full as long as it needs to
    const slices: (() => void)[] = [];
    let manual = true;
    const app = await startApp(testConfig({ ingest: { maxBatch: 100, maxBuffered: 100 } }), { log: () => {}, ingestDefer: (fn) => (manual ? slices.push(fn) : setImmediate(fn)) });
    apps.push(app);
    const ws = await TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
    const replies: Record<string, unknown>[] = [];
    let waiting: (() => void) | null = null;
    ws.ws.on('message', (d) => {
      replies.push(JSON.parse(d.toString()) as Record<string, unknown>);
      waiting?.();
    });
    const nextReply = async (): Promise<Record<string, unknown>> => {
      while (!replies.length) await new Promise<void>((r) => (waiting = r));
      return replies.shift()!;
    };
    let sent = 0;
    // two frames written in one go reach the server in one read: the first fills the budget, the second is refused
    ws.send([...Array.from({ length: 99 }, (_, i) => msg(i, `line ${i}`)), { text: 'no user' }]);
    ws.send([msg(300, 'over the ws'), msg(301, 'too')]);
    sent += 102;
    expect(await nextReply()).toMatchObject({ type: 'ingest-result', accepted: 99 });
    const busy = await nextReply();
    expect(busy).toMatchObject({ type: 'error', code: 'SR_BUSY', refused: 2 });
    expect(busy['retryAfterMs']).toBeGreaterThanOrEqual(100);
    expect(app.ingest.buffered).toBe(99);
    expect(app.ingest.pressured).toBe(true);

    const refused = await post(app, [msg(200, 'one more'), msg(201, 'and another')]);
    sent += 2;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: 'SR_BUSY' }, refused: 2 });

    // nothing accepted is lost: the slices hand all 99 to the pipeline, and the ws is read again
    while (slices.length) slices.shift()!();
    expect(app.ingest.buffered).toBe(0);
    expect(app.ingest.pressured).toBe(false);
    ws.send([msg(400, 'room again')]);
    sent += 1;
    expect(await nextReply()).toMatchObject({ type: 'ingest-result', accepted: 1 });
    // an HTTP batch is answered once it went through the pipeline: slices run by themselves from here
    manual = false;
    while (slices.length) slices.shift()!();
    expect((await post(app, [msg(401, 'and over HTTP')])).status).toBe(200);
    sent += 1;
    expect(app.counters.in).toBe(101);

    const stats = (await (await fetch(app.url('/api/stats'), { headers: { authorization: `Bearer ${app.tokens.host}` } })).json()) as Record<string, number | boolean>;
    expect(stats).toMatchObject({ in: 101, invalid: 1, refused: 4, conservation: true });
    expect(sum(app)).toBe(sent);
    ws.close();
  });

  it('keeps in + invalid + refused = sent under a flood over the ws, malformed frames included', async () => {
    const app = await startApp(testConfig({ ingest: { maxBatch: 50, maxBuffered: 100 } }), { log: () => {} });
    apps.push(app);
    const ws = await TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
    let replies = 0;
    let refusedSeen = 0;
    const frames = 400;
    const allReplied = new Promise<void>((resolve) =>
      ws.ws.on('message', (d) => {
        const r = JSON.parse(d.toString()) as { code?: string; refused?: number };
        if (r.code === 'SR_BUSY') refusedSeen += r.refused ?? 0;
        if (++replies === frames) resolve();
      }),
    );
    let sent = 0;
    for (let f = 0; f < frames; f++) {
      if (f % 50 === 7) {
        ws.send('{not json');
        sent += 1;
        continue;
      }
      const batch = Array.from({ length: 40 }, (_, i) => (i === 3 ? { text: 'no user' } : msg(i, `flood ${f}.${i} you are a fucking idiot`)));
      ws.send(batch);
      sent += batch.length;
    }
    await allReplied;
    // the accepted backlog is handed on in slices
    await app.ingest.whenDrained();
    expect(app.counters.refused).toBe(refusedSeen);
    expect(sum(app)).toBe(sent);
    expect(app.counters.in).toBe(app.counters.allowed + app.counters.flagged + app.counters.held + app.counters.blocked);
    ws.close();
  });
});

describe('holds under load', () => {
  it('has each held item committed to SQLite before a moderator sees it, with holds written in batches', async () => {
    const db = tmpDbPath();
    const app = await startApp(testConfig({ store: { path: db }, filters: { policy: { rules: { abuse: 'hold' } } } }), { log: () => {} });
    apps.push(app);
    const reader = new Database(db, { readonly: true });
    const status = reader.prepare<[string], { status: string }>('SELECT status FROM held_items WHERE id = ?');
    const mod = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.moderator}&name=mod1`));
    await mod.next('snapshot');
    const seen: { id: string; stored: string | undefined }[] = [];
    const gotSome = new Promise<void>((resolve) =>
      mod.ws.on('message', (d) => {
        const f = JSON.parse(d.toString()) as { type: string; ops?: { op: string; path: string[]; value?: QueueItem }[] };
        if (f.type !== 'patch') return;
        for (const op of f.ops ?? []) {
          if (op.op === 'set' && op.path[0] === 'queue' && op.path.length === 2) seen.push({ id: op.path[1]!, stored: status.get(op.path[1]!)?.status });
        }
        if (seen.length >= 20) resolve();
      }),
    );
    const ws = await TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
    for (let f = 0; f < 10; f++) ws.send(Array.from({ length: 100 }, (_, i) => msg(f * 100 + i, i % 4 === 0 ? `you are a fucking idiot ${f}.${i}` : `what size is the red one ${f}.${i}?`)));
    await gotSome;
    expect(seen.every((s) => s.stored === 'pending')).toBe(true);
    reader.close();
    ws.close();
    mod.close();
  });
});

describe('restart', () => {
  it('restores a few thousand pending items in order, shows only the first page, and pulls the next one in', async () => {
    const db = tmpDbPath();
    const store = new Store(db);
    const pending = 3000;
    const rows: { id: string; priority: number; heldAt: number }[] = [];
    const t0 = Date.now() - 60_000;
    store.transaction(() => {
      for (let i = 0; i < pending + 2000; i++) {
        const row = {
          id: `h${String(i).padStart(5, '0')}`,
          message: { id: `m${i}`, platform: 'tiktok', channel: 'shop', user: { id: `u${i % 700}`, name: `user${i % 700}`, displayName: `User${i % 700}`, roles: [] }, text: `held line ${i}`, emotes: [], receivedAt: t0 + i },
          reasons: [{ filter: 'profanity', severity: 'medium' as const, detail: 'x' }],
          lang: 'en' as const,
          isQuestion: false,
          sentiment: 0,
          // not in hold order, with ties: the order is (priority desc, heldAt asc, id asc)
          heldAt: t0 + ((i * 7919) % 5000),
          priority: (i * 31) % 5,
        };
        store.insertHeld(row, row.message.text);
        if (i >= pending) store.decide(row.id, 'reject', 'mod', t0 + 50_000, { id: `a${i}`, at: t0 + 50_000, actor: 'mod', action: 'reject', itemId: row.id, messageId: row.message.id, userName: row.message.user.name, waitedMs: 1000, detail: 'x' });
        else rows.push({ id: row.id, priority: row.priority, heldAt: row.heldAt });
      }
    });
    store.close();
    const expected = [...rows].sort((a, b) => b.priority - a.priority || a.heldAt - b.heldAt || (a.id < b.id ? -1 : 1)).map((r) => r.id);

    const app = await startApp(testConfig({ store: { path: db }, moderation: { holdTimeoutMs: 0, pageSize: 100 } }), { log: () => {} });
    apps.push(app);
    expect(app.queue.size).toBe(pending);
    expect(app.queue.items().map((i) => i.id)).toEqual(expected);
    const mod = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.moderator}&name=mod1`));
    const snap = await mod.next('snapshot');
    const state = snap.state as { queue: Record<string, QueueItem>; queueInfo: QueueInfo };
    expect(Object.keys(state.queue).sort()).toEqual(expected.slice(0, 100).sort());

    await app.runCommand({ kind: 'moderation.decide', itemIds: [expected[0]!], decision: 'reject' }, { role: 'moderator', actor: 'mod1' });
    const patch = await mod.next('patch', (p) => p.ops.some((o) => o.op === 'set' && o.path[0] === 'queue' && o.path[1] === expected[100]));
    expect(patch.ops.some((o) => o.op === 'del' && o.path[0] === 'queue' && o.path[1] === expected[0])).toBe(true);
    mod.close();
  });
});
