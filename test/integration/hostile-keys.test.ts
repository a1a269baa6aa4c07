import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PatchOp } from '../../config/protocol.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { applyPatch, nullProto, type StateTree } from '../../overlay/hub-client.js';
import { testConfig, TestSocket } from '../support/app.js';

const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();

let app: RunningApp;
const sockets: TestSocket[] = [];
beforeEach(async () => {
  app = await startApp(testConfig({ filters: { policy: { rules: { abuse: 'hold' } } } }), { log: () => {} });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app.close();
});

describe('viewers whose id or name is a special JavaScript property name', () => {
  it.each(HOSTILE)('holds a comment from %j without touching Object.prototype; control frames still work; the console has the viewer', async (uid) => {
    const control = await TestSocket.open(app.wsUrl('/ws/control'), { headers: { authorization: `Bearer ${app.tokens.moderator}` } });
    sockets.push(control);
    const snap = await control.next('snapshot');
    const consoleState: StateTree = nullProto(snap.state);
    const ops: PatchOp[] = [];

    const res = await fetch(app.url('/api/ingest'), {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ id: `m-${uid}`, platform: 'twitch', channel: 'shop', user: { id: uid, name: uid, displayName: uid }, text: 'you stupid bitch' }]),
    });
    expect(res.status).toBe(200);
    const [item] = app.queue.items();
    expect(item?.user.id).toBe(uid);
    // wait for the patch carrying the viewer's context, collecting every op on the way
    await control.next('patch', (p) => {
      ops.push(...p.ops);
      return ops.some((o) => o.path[0] === 'userContext' && o.path[1] === uid && o.path[2] === 'recent');
    });
    expect(({} as Record<string, unknown>)['recent']).toBeUndefined();
    expect(({} as Record<string, unknown>)['decisions']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);

    // the console's copy of the state has the viewer under that very key
    applyPatch(consoleState, ops);
    const ctx = consoleState['userContext'] as Record<string, { recent?: unknown[]; decisions?: unknown[] }>;
    expect(Object.hasOwn(ctx, uid)).toBe(true);
    expect(ctx[uid]?.recent).toHaveLength(1);
    expect(({} as Record<string, unknown>)['recent']).toBeUndefined();

    // the next control frames parse and run
    control.send({ type: 'command', id: 'c1', command: { kind: 'moderation.claim', itemId: (item as { id: string }).id } });
    expect((await control.next('ack', (f) => f.id === 'c1')).result).toHaveProperty('claimedUntil');
    control.send({ type: 'command', id: 'c2', command: { kind: 'moderation.decide', itemIds: [(item as { id: string }).id], decision: 'reject' } });
    expect((await control.next('ack', (f) => f.id === 'c2')).result).toMatchObject({ conflicts: [] });
    control.send({ type: 'command', id: 'bad', command: { kind: 'pin.set', answer: 42 } });
    expect(await control.next('error', (f) => f.id === 'bad')).toMatchObject({ code: 'SR_FRAME_INVALID' });
    const health = await fetch(app.url('/api/health'));
    expect(health.status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
    const hubCtx = app.hub.state['userContext'] as Record<string, unknown>;
    expect(Object.hasOwn(hubCtx, uid)).toBe(false); // decided: the context is gone again
  });
});
