import { afterEach, describe, expect, it } from 'vitest';
import type { QueueItem } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig, tmpDbPath, TestSocket } from '../support/app.js';

const apps: RunningApp[] = [];
const sockets: TestSocket[] = [];
const start = async (overrides: Record<string, unknown> = {}): Promise<RunningApp> => {
  // Abuse always holds here (never blocks), so the queue has something to work on whatever the model scores.
  const app = await startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } }, ...overrides }), { log: () => {} });
  apps.push(app);
  return app;
};
const mod = async (app: RunningApp, name: string): Promise<TestSocket> => {
  const s = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.moderator}&name=${name}`));
  sockets.push(s);
  await s.next('snapshot');
  return s;
};
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const a of apps.splice(0)) await a.close();
});

async function holdSome(app: RunningApp, texts: string[]): Promise<QueueItem[]> {
  await fetch(app.url('/api/ingest'), {
    method: 'POST',
    headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' },
    body: JSON.stringify(texts.map((text, i) => ({ id: `m${i}-${text.length}`, platform: 'twitch', channel: 'shop', user: { id: `u${i}`, name: `user${i}`, displayName: `User${i}` }, text }))),
  });
  return app.queue.items();
}

describe('the moderation queue over the hub', () => {
  it('shows a held comment to two moderators; one decides; it disappears for both', async () => {
    const app = await start();
    const a = await mod(app, 'Ana');
    const b = await mod(app, 'Bo');
    const [item] = await holdSome(app, ['you stupid bitch']);
    expect(item).toBeDefined();
    const id = (item as QueueItem).id;
    await a.next('patch', (p) => p.ops.some((o) => o.path[0] === 'queue' && o.path[1] === id && o.op === 'set'));
    await b.next('patch', (p) => p.ops.some((o) => o.path[0] === 'queue' && o.path[1] === id && o.op === 'set'));
    a.send({ type: 'command', id: 'd1', command: { kind: 'moderation.decide', itemIds: [id], decision: 'reject' } });
    const ack = await a.next('ack', (f) => f.id === 'd1');
    expect(ack.result).toMatchObject({ decided: [id], conflicts: [] });
    await b.next('patch', (p) => p.ops.some((o) => o.op === 'del' && o.path[1] === id));
    const audit = app.store.allAudit().find((e) => e.itemId === id);
    expect(audit).toMatchObject({ actor: 'Ana', action: 'reject', userName: 'user0' });
    expect(audit?.waitedMs).toBeGreaterThanOrEqual(0);
  });

  it('lets exactly one of two moderators deciding the same item at the same moment win; the other is told', async () => {
    const app = await start();
    const a = await mod(app, 'Ana');
    const b = await mod(app, 'Bo');
    const [item] = await holdSome(app, ['fuck you']);
    const id = (item as QueueItem).id;
    a.send({ type: 'command', id: 'x', command: { kind: 'moderation.decide', itemIds: [id], decision: 'approve' } });
    b.send({ type: 'command', id: 'y', command: { kind: 'moderation.decide', itemIds: [id], decision: 'reject' } });
    const ra = await Promise.race([a.next('ack', (f) => f.id === 'x'), a.next('error', (f) => f.id === 'x')]);
    const rb = await Promise.race([b.next('ack', (f) => f.id === 'y'), b.next('error', (f) => f.id === 'y')]);
    const kinds = [ra.type, rb.type].sort();
    expect(kinds).toEqual(['ack', 'error']);
    const err = (ra.type === 'error' ? ra : rb) as { code: string };
    expect(err.code).toBe('SR_ALREADY_DECIDED');
    expect(app.store.allAudit().filter((e) => e.itemId === id)).toHaveLength(1);
  });

  it('refuses producer actions to a moderator token over HTTP, and moderation to an unknown token', async () => {
    const app = await start();
    const r1 = await fetch(app.url('/api/command'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.moderator}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'banner.start', product: 'Serum', price: 19, stock: 50 }) });
    expect(r1.status).toBe(403);
    expect(((await r1.json()) as { error: { code: string } }).error.code).toBe('SR_FORBIDDEN');
    const r2 = await fetch(app.url('/api/command'), { method: 'POST', headers: { authorization: 'Bearer guess', 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'overlay.hide', hidden: true }) });
    expect(r2.status).toBe(401);
  });

  it('answers bad action frames with an error and changes nothing', async () => {
    const app = await start();
    const a = await mod(app, 'Ana');
    await holdSome(app, ['fuck you']);
    const before = app.queue.size;
    a.send({ type: 'command', id: 'bad', command: { kind: 'moderation.decide', itemIds: [], decision: 'approve' } });
    expect((await a.next('error', (f) => f.id === 'bad')).code).toBe('SR_FRAME_INVALID');
    a.send({ type: 'command', id: 'bad2', command: { kind: 'moderation.decide', itemIds: ['x'], decision: 'nuke' } });
    expect((await a.next('error', (f) => f.id === 'bad2')).path).toEqual(['decision']);
    a.send({ type: 'command', id: 'gone', command: { kind: 'moderation.decide', itemIds: ['no-such-item'], decision: 'approve' } });
    expect((await a.next('error', (f) => f.id === 'gone')).code).toBe('SR_NOT_FOUND');
    expect(app.queue.size).toBe(before);
    expect(app.store.allAudit().filter((e) => e.actor === 'Ana')).toHaveLength(0);
  });

  it('rejects a whole raid in one batch and can undo it within the window', async () => {
    const app = await start();
    const a = await mod(app, 'Ana');
    const items = await holdSome(app, ['fuck this', 'fuck this!', 'fuck this!!']);
    a.send({ type: 'command', id: 'batch', command: { kind: 'moderation.decide', itemIds: items.map((i) => i.id), decision: 'reject' } });
    const ack = await a.next('ack', (f) => f.id === 'batch');
    const { decisionId, decided } = ack.result as { decisionId: string; decided: string[] };
    expect(decided).toHaveLength(3);
    expect(app.queue.size).toBe(0);
    a.send({ type: 'command', id: 'undo', command: { kind: 'moderation.undo', decisionId } });
    expect(((await a.next('ack', (f) => f.id === 'undo')).result as { restored: string[] }).restored).toHaveLength(3);
    expect(app.queue.size).toBe(3);
  });

  it('keeps the queue and the audit log exactly across a restart mid-queue', async () => {
    const db = tmpDbPath();
    const app = await start({ store: { path: db } });
    const items = await holdSome(app, ['fuck one', 'fuck two', 'fuck three']);
    // the queue orders by priority and age, not by arrival: pick viewer u0's item by its author
    const first = items.find((i) => i.user.id === 'u0') as QueueItem;
    await app.runCommand({ kind: 'moderation.decide', itemIds: [first.id], decision: 'reject' }, { role: 'moderator', actor: 'Ana' });
    const queueBefore = app.queue.items().map((i) => i.id).sort();
    const auditBefore = app.store.allAudit();
    type Ctx = Record<string, { recent?: Array<{ text: string; action: string }>; decisions?: unknown[] }>;
    const ctxBefore = app.hub.state['userContext'] as Ctx;
    expect(ctxBefore['u1']?.recent?.map((r) => r.text)).toEqual(['fuck two']);
    await app.close();
    const again = await start({ store: { path: db } });
    expect(again.queue.items().map((i) => i.id).sort()).toEqual(queueBefore);
    expect(again.store.allAudit()).toEqual(auditBefore);
    // the viewers' context comes back with their held items; the decided viewer's is dropped
    const ctxAfter = again.hub.state['userContext'] as Ctx;
    expect(Object.keys(ctxAfter).sort()).toEqual(['u1', 'u2']);
    expect(ctxAfter['u1']?.recent).toEqual(ctxBefore['u1']?.recent);
    expect(ctxAfter['u2']?.decisions).toEqual([]);
    expect(again.store.jsonKeys('userRecent:').sort()).toEqual(['userRecent:u1', 'userRecent:u2']);
    const raw = Buffer.from(await (await fetch(again.url('/api/audit?format=csv'), { headers: { authorization: `Bearer ${again.tokens.moderator}` } })).arrayBuffer());
    // a UTF-8 byte-order mark first, so Excel (what an 运营 opens it in) reads Chinese names as Chinese, not as GBK
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = raw.subarray(3).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('id,at,time,actor,action,itemId,messageId,userName,waitedMs,detail');
    expect(csv).toMatch(/Ana,reject/);
  });

  it('resolves held items when the platform deletes the message or times out the author', async () => {
    const app = await start();
    const items = await holdSome(app, ['fuck one', 'fuck two']);
    const [first, second] = items as [QueueItem, QueueItem];
    app.queue.applyModEvent({ kind: 'delete', platform: 'twitch', channel: 'shop', messageId: first.messageId, at: Date.now() });
    app.queue.applyModEvent({ kind: 'timeout', platform: 'twitch', channel: 'shop', userName: second.user.name, durationS: 600, at: Date.now() });
    expect(app.queue.size).toBe(0);
    const actions = app.store.allAudit().map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['platform:twitch platform-delete', 'platform:twitch platform-timeout']));
  });
});
