import { afterEach, describe, expect, it } from 'vitest';
import type { OverlayState } from '../../config/protocol.js';
import type { QueueItem } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { testConfig, tmpDbPath, TestSocket } from '../support/app.js';

const apps: RunningApp[] = [];
const start = async (overrides: Record<string, unknown> = {}): Promise<RunningApp> => {
  // Abuse always holds here (never blocks), so the queue has something to work on whatever the model scores.
  const app = await startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } }, ...overrides }), { log: () => {} });
  apps.push(app);
  return app;
};
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

/** Resolves once `pred` holds, looking again after pending I/O each time. */
async function until(pred: () => boolean): Promise<void> {
  while (!pred()) await new Promise<void>((r) => setImmediate(r));
}

const msg = (i: number, text: string) => ({ platform: 'tiktok', channel: 'shop', user: { id: `u${i}`, name: `user${i}`, displayName: `User${i}` }, text });

describe('generic ingest', () => {
  it('refuses each invalid item with its reason and lets the valid ones in the same batch go on', async () => {
    const app = await start();
    const control = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.producer}`));
    const batch = [msg(1, 'how much is shipping?'), { platform: 'tiktok', text: 'no user' }, msg(2, ''), msg(3, 'love this colour'), 'not even an object'];
    const res = await fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify({ messages: batch }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 2, 4]);
    expect(body.rejected[0]?.reason).toMatch(/user/);
    expect(body.rejected[1]?.reason).toMatch(/text/);
    const feed = await control.next('feed', (f) => f.items.length >= 2 || f.items.some((i) => i.text === 'love this colour'));
    expect(feed.items.map((i) => i.text)).toContain('how much is shipping?');
    expect(app.counters.in).toBe(2);
    control.close();
  });

  it('names every problem of a refused item in one reply, over HTTP (400) and the ws', async () => {
    const app = await start();
    // (a display name may be left out; a number is still wrong)
    const threeMissing = { channel: 'shop', user: { id: 'u1', displayName: 5 }, text: 'hi' };
    const fields = (r: { issues: { field: string; expected: string }[] } | undefined) => r?.issues.map((i) => `${i.field}:${i.expected}`);
    const res = await fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify([threeMissing]) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; reason: string; path: string[]; issues: { field: string; expected: string }[]; moreIssues: number }[] };
    expect(body.accepted).toBe(0);
    expect(body.rejected[0]).toMatchObject({ index: 0, path: ['platform'], moreIssues: 0 });
    expect(fields(body.rejected[0])).toEqual(['platform:string', 'user.name:string', 'user.displayName:string']);

    const ws = await TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
    ws.send(threeMissing);
    const reply = await new Promise<{ type: string; accepted: number; rejected: { issues: { field: string; expected: string }[] }[] }>((resolve) => ws.ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    expect(reply).toMatchObject({ type: 'ingest-result', accepted: 0 });
    expect(fields(reply.rejected[0])).toEqual(['platform:string', 'user.name:string', 'user.displayName:string']);
    expect(app.counters.invalid).toBe(2);
    ws.close();
  });

  it('needs the ingest token', async () => {
    const app = await start();
    const res = await fetch(app.url('/api/ingest'), { method: 'POST', body: JSON.stringify([msg(1, 'hi')]) });
    expect(res.status).toBe(401);
    const wrong = await fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.producer}` }, body: JSON.stringify([msg(1, 'hi')]) });
    expect(wrong.status).toBe(401);
    expect(app.counters.in).toBe(0);
  });

  it('accepts messages over the ingest ws and answers each frame', async () => {
    const app = await start();
    const ws = await TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
    ws.send([msg(1, 'hello'), { nope: true }]);
    const reply = await new Promise<{ type: string; accepted: number; rejected: unknown[] }>((resolve) => ws.ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    expect(reply).toMatchObject({ type: 'ingest-result', accepted: 1 });
    expect(reply.rejected).toHaveLength(1);
    ws.close();
  });

  it('answers every frame of a burst once and in order (replies of one read are corked into one write)', async () => {
    const app = await start();
    const ws = await TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
    const replies: { type: string; code?: string; accepted?: number }[] = [];
    const all = new Promise<void>((resolve) =>
      ws.ws.on('message', (d) => {
        replies.push(JSON.parse(d.toString()) as { type: string });
        if (replies.length === 62) resolve();
      }),
    );
    // one write of 62 frames, so the server reads them together: 60 messages, a frame that is not JSON, one that is no message
    const raw = (ws.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    raw.cork();
    for (let i = 0; i < 30; i++) ws.ws.send(JSON.stringify(msg(100 + i, `burst ${i}`)));
    ws.ws.send('{nope');
    ws.ws.send(JSON.stringify({ text: 'no user' }));
    for (let i = 30; i < 60; i++) ws.ws.send(JSON.stringify(msg(100 + i, `burst ${i}`)));
    raw.uncork();
    await all;
    expect(replies.map((r) => (r.type === 'error' ? r.code : r.accepted))).toEqual([...Array<number>(30).fill(1), 'SR_FRAME_INVALID', 0, ...Array<number>(30).fill(1)]);
    await app.ingest.whenDrained();
    expect(app.counters.in).toBe(60);
    expect(app.counters.invalid).toBe(2);
    ws.close();
  });

  it('stops reading a sender that does not read its replies, and answers every frame once it reads', async () => {
    const lines: string[] = [];
    const app = await startApp(testConfig({ server: { clientBufferHighBytes: 64 * 1024 } }), { log: (l) => lines.push(l) });
    apps.push(app);
    const ws = await TestSocket.open(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
    let replies = 0;
    ws.ws.on('message', () => replies++);
    const raw = (ws.ws as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    // each 1-byte frame that is not JSON gets a 66-byte error: 200,000 of them are 13 MB of replies, far over what loopback holds
    const sent = 200_000;
    for (let i = 0; i < sent; i++) ws.ws.send('x');
    const stopped = (): boolean => lines.some((l) => /does not read its replies/.test(l));
    await until(() => stopped() || app.counters.invalid >= sent);
    // before the fix the server read every frame and kept every reply in memory
    expect(app.counters.invalid).toBeLessThan(sent);
    expect(stopped()).toBe(true);
    raw.resume();
    await until(() => replies >= sent);
    expect(app.counters.invalid).toBe(sent);
    // and the socket takes messages again
    ws.send(msg(1, 'still here'));
    await until(() => replies === sent + 1);
    await app.ingest.whenDrained();
    expect(app.counters.in).toBe(1);
    ws.close();
  });

  it('keeps the conservation counters: in = allowed + held + blocked', async () => {
    const app = await start();
    const texts = ['hi', 'you are a fucking idiot', 'what size is the red one?', 'shit happens', 'nice'];
    await fetch(app.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(texts.map((t, i) => msg(i, t))) });
    const stats = (await (await fetch(app.url('/api/stats'), { headers: { authorization: `Bearer ${app.tokens.host}` } })).json()) as Record<string, number | boolean>;
    expect(stats['in']).toBe(5);
    expect((stats['allowed'] as number) + (stats['held'] as number) + (stats['blocked'] as number)).toBe(5);
    expect(stats['held'] as number).toBeGreaterThan(0);
    expect(stats['conservation']).toBe(true);
  });
});

describe('the store across a restart', () => {
  it('brings back a held message and a running countdown when a new process opens the file', async () => {
    const db = tmpDbPath();
    const first = await start({ store: { path: db } });
    await first.runCommand({ kind: 'countdown.start', label: 'Flash sale', durationMs: 10 * 60_000 });
    const endsAt = (first.hub.state['overlay'] as OverlayState).countdown?.endsAt;
    await fetch(first.url('/api/ingest'), { method: 'POST', headers: { authorization: `Bearer ${first.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify([msg(9, 'you are a fucking idiot')]) });
    expect(first.queue.size).toBe(1);
    const tokens = first.tokens;
    await first.close();

    const second = await start({ store: { path: db } });
    expect(second.tokens).toEqual(tokens);
    const overlay = await TestSocket.open(second.wsUrl('/ws/overlay'));
    const snap = await overlay.next('snapshot');
    expect((snap.state['overlay'] as OverlayState).countdown?.endsAt).toBe(endsAt);
    const control = await TestSocket.open(second.wsUrl(`/ws/control?token=${second.tokens.moderator}`));
    const csnap = await control.next('snapshot');
    const items = Object.values(csnap.state['queue'] as Record<string, QueueItem>);
    expect(items).toHaveLength(1);
    expect(items[0]?.text).toBe('you are a fucking idiot');
    overlay.close();
    control.close();
  });
});

describe('the store key-value table', () => {
  it('lists keys by prefix literally (% and _ are not wildcards) and deletes one key', async () => {
    const { Store } = await import('../../server/store/store.js');
    const store = new Store(tmpDbPath());
    for (const k of ['userRecent:a', 'userRecent:b_c', 'userRecentX', 'user%Recent:z', 'overlay']) store.setJson(k, [k]);
    expect(store.jsonKeys('userRecent:').sort()).toEqual(['userRecent:a', 'userRecent:b_c']);
    expect(store.jsonKeys('user%')).toEqual(['user%Recent:z']);
    store.deleteJson('userRecent:a');
    expect(store.jsonKeys('userRecent:')).toEqual(['userRecent:b_c']);
    expect(store.getJson('userRecent:a')).toBeUndefined();
    expect(store.getJson('overlay')).toEqual(['overlay']);
    store.close();
  });
});
