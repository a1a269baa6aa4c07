import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../config/protocol.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig, TestSocket } from '../support/app.js';

const HOST_KEYS = ['clusters', 'mood', 'obs', 'overlay', 'presets', 'sources', 'stats'];
const PRIVATE = ['queue', 'userContext', 'audit', 'terms', 'faq', 'modStats'];

let app: RunningApp;
const sockets: TestSocket[] = [];
const control = async (token: string): Promise<TestSocket> => {
  const s = await TestSocket.open(app.wsUrl('/ws/control'), { headers: { authorization: `Bearer ${token}` } });
  sockets.push(s);
  return s;
};
beforeEach(async () => {
  app = await startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } }), { log: () => {} });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app.close();
});

async function holdOne(): Promise<string> {
  const res = await fetch(app.url('/api/ingest'), {
    method: 'POST',
    headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ id: 'm1', platform: 'twitch', channel: 'shop', user: { id: 'u1', name: 'viewer', displayName: 'Viewer' }, text: 'you stupid bitch' }]),
  });
  expect(res.status).toBe(200);
  const [item] = app.queue.items();
  expect(item).toBeDefined();
  return (item as { id: string }).id;
}

describe('role-scoped state', () => {
  it("gives a host only its widgets' slices: snapshot, patches (gap-free versions), no feed, and /api/state", async () => {
    const host = await control(app.tokens.host);
    const mod = await control(app.tokens.moderator);
    const snap = await host.next('snapshot');
    expect(Object.keys(snap.state).sort()).toEqual(HOST_KEYS);
    const modSnap = await mod.next('snapshot');
    for (const k of PRIVATE) expect(modSnap.state).toHaveProperty(k);

    const itemId = await holdOne();
    await mod.next('patch', (p) => p.ops.some((o) => o.path[0] === 'queue' && o.path[1] === itemId));
    await mod.next('feed');
    await app.runCommand({ kind: 'pin.set', question: 'shipping?', answer: 'Free over $30', saveToFaq: false });
    await app.runCommand({ kind: 'terms.set', list: 'blocked', term: 'secretword', present: true });
    const pinPatch = await host.next('patch', (p) => p.ops.some((o) => o.path.join('.') === 'overlay.pinned'));
    await mod.next('patch', (p) => p.ops.some((o) => o.path[0] === 'terms'));
    // the host console can run its commands
    host.send({ type: 'command', id: 'h1', command: { kind: 'pin.clear' } });
    expect(await host.next('ack', (f) => f.id === 'h1')).toBeTruthy();
    await host.next('patch', (p) => p.ops.some((o) => o.path.join('.') === 'overlay.pinned' && o.op === 'set' && o.value === null));

    const frames = host.frames.filter((f): f is Extract<ServerFrame, { type: 'patch' }> => f.type === 'patch');
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]?.version).toBe(snap.version + 1);
    frames.forEach((f, i) => expect(f.version).toBe(snap.version + 1 + i));
    for (const f of frames) for (const op of f.ops) expect(HOST_KEYS).toContain(op.path[0]);
    expect(host.frames.some((f) => f.type === 'feed')).toBe(false);
    expect(JSON.stringify(host.frames)).not.toContain('stupid');
    expect(JSON.stringify(host.frames)).not.toContain('secretword');
    expect(pinPatch.ops.length).toBeGreaterThan(0);

    host.send({ type: 'resync' });
    const again = await host.next('snapshot');
    expect(Object.keys(again.state).sort()).toEqual(HOST_KEYS);

    const hostState = (await (await fetch(app.url('/api/state'), { headers: { authorization: `Bearer ${app.tokens.host}` } })).json()) as Record<string, unknown>;
    expect(Object.keys(hostState).sort()).toEqual(HOST_KEYS);
    const modState = (await (await fetch(app.url('/api/state'), { headers: { authorization: `Bearer ${app.tokens.moderator}` } })).json()) as Record<string, unknown>;
    expect(Object.keys(modState['queue'] as object)).toEqual([itemId]);
    expect(modState).toHaveProperty('audit');
    expect((await fetch(app.url('/api/audit'), { headers: { authorization: `Bearer ${app.tokens.host}` } })).status).toBe(403);
  });

  it('keeps the host from the queue commands it cannot see', async () => {
    const itemId = await holdOne();
    const host = await control(app.tokens.host);
    await host.next('snapshot');
    host.send({ type: 'command', id: 'h', command: { kind: 'moderation.decide', itemIds: [itemId], decision: 'approve' } });
    expect(await host.next('error', (f) => f.id === 'h')).toMatchObject({ code: 'SR_FORBIDDEN' });
    expect(app.queue.size).toBe(1);
  });
});
