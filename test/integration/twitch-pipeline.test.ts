/**
 * End to end with real tmi.js: the fake Twitch chat server → twitchSource → the app's pipeline →
 * the console's feed and, once featured, a real ws overlay client. Then the server drops tmi.js:
 * it reconnects by itself, the gap shows in the console's source status, and chat flows again.
 * A moderator deleting the featured message on Twitch clears it from the overlay.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { twitchSource } from '../../server/sources/twitch.js';
import { testConfig, TestSocket } from '../support/app.js';
import { FakeTwitch } from '../support/fake-twitch.js';

let server: FakeTwitch;
let app: RunningApp;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  server = await FakeTwitch.start();
  const joined = server.nextJoin('luna_live');
  const config = testConfig({ twitch: { channels: ['luna_live'], server: '127.0.0.1', port: server.port, secure: false, reconnectIntervalMs: 50 } });
  app = await startApp(config, { log: () => {}, sources: (ctx) => [twitchSource(ctx.config.twitch, { clock: () => ctx.scheduler.now() })] });
  await joined;
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app.close();
  await server.close();
});

const open = async (path: string): Promise<TestSocket> => {
  const s = await TestSocket.open(app.wsUrl(path));
  sockets.push(s);
  await s.next('snapshot');
  return s;
};

const statusPatch = (control: TestSocket, pred: (s: SourceStatus) => boolean) =>
  control.next('patch', (p) => p.ops.some((o) => o.op === 'set' && o.path.join('.') === 'sources.twitch' && pred(o.value as SourceStatus)));

describe('Twitch chat through the pipeline to the overlay', () => {
  it('flows, survives a dropped connection with the gap visible, and follows moderators on Twitch', async () => {
    const control = await open(`/ws/control?token=${app.tokens.producer}`);
    const overlay = await open('/ws/overlay');

    // 1. A message from Twitch reaches the console feed with its mapped fields.
    const id1 = server.privmsg('luna_live', { login: 'mei', displayName: '小美', id: '5001', badges: 'subscriber/3', firstMessage: true }, '😍 Kreygasm 这个口红好看', { emotes: '41:2-9' });
    const feed1 = await control.next('feed', (f) => f.items.some((i) => i.id === id1));
    const item = feed1.items.find((i) => i.id === id1)!;
    expect(item).toMatchObject({ text: '😍 Kreygasm 这个口红好看', action: 'allow', user: { id: '5001', displayName: '小美', roles: ['subscriber'], firstMessage: true } });

    // 2. Featured by the producer, it reaches the real overlay client.
    control.send({ type: 'command', id: 'f1', command: { kind: 'feature.set', messageId: id1 } });
    const featured = await overlay.next('patch', (p) => p.ops.some((o) => o.op === 'set' && o.path.join('.').startsWith('overlay') && JSON.stringify(o).includes(id1)));
    expect(JSON.stringify(featured.ops)).toContain('这个口红好看');

    // 3. The server drops tmi.js; it reconnects by itself and the console sees the gap.
    const rejoined = server.nextJoin('luna_live');
    // (the hub coalesces patches per path, so the short 'disconnected' state itself may never be sent)
    server.dropAll();
    await rejoined;
    const up = await statusPatch(control, (s) => s.state === 'connected' && s.gaps.length === 1 && s.gaps[0]!.to !== null);
    const upStatus = up.ops.find((o) => o.path.join('.') === 'sources.twitch') as { value: SourceStatus };
    expect(upStatus.value.gaps[0]!.to).toBeGreaterThanOrEqual(upStatus.value.gaps[0]!.from);

    // 4. Chat flows again after the reconnect.
    const id2 = server.privmsg('luna_live', { login: 'tom', id: '5002' }, 'how much is shipping');
    await control.next('feed', (f) => f.items.some((i) => i.id === id2 && i.text === 'how much is shipping'));

    // 5. A moderator deletes the featured message on Twitch: the overlay drops it.
    server.clearMsg('luna_live', 'mei', id1, '😍 Kreygasm 这个口红好看');
    const cleared = await overlay.next('patch', (p) => p.ops.some((o) => o.path.join('.') === 'overlay.featured' && o.op === 'set' && o.value === null));
    expect(cleared).toBeTruthy();
  });
});
