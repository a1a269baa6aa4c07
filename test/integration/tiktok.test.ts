/**
 * Real tiktok-live-connector 2.5.0 against local stand-ins for TikTok's page, its webcast API, the
 * sign server and the push WebSocket (frames encoded with the library's own protobuf schema): chat →
 * ChatMessage, gifts/likes/follows/shares/joins/viewers → figures, offline → live, a dropped socket
 * → reconnect, a bad frame counted, sign-server 429 and 401 → 'rate-limited' and 'auth', and what is
 * sent to the sign server. Every wait is on an event.
 */
import { lookup as dnsLookup } from 'node:dns';
import { filter, firstValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../config/chat.js';
import { ConfigSchema } from '../../config/schema.js';
import type { SourceStatus } from '../../config/views.js';
import { tiktokSource, type TikTokSource } from '../../server/sources/tiktok.js';
import { FakeTikTok, type FakeUser } from '../support/fake-tiktok.js';

let fake: FakeTikTok;
let source: TikTokSource | null = null;
const logs: string[] = [];

/** got's dnsLookup: the reserved name tiktok.test goes to 127.0.0.1 (the library serves loopback hosts over https, so a name is needed). */
const webClientOptions = {
  dnsLookup: (host: string, opts: object, cb: (...a: unknown[]) => void) => (host === 'tiktok.test' ? dnsLookup('127.0.0.1', opts, cb as never) : dnsLookup(host, opts, cb as never)),
};

beforeEach(async () => {
  fake = await FakeTikTok.start();
  logs.length = 0;
});
afterEach(async () => {
  source?.stop();
  source = null;
  await fake.close();
});

function start(extra: Record<string, unknown> = {}): TikTokSource {
  const cfg = ConfigSchema.parse({
    tiktok: { username: '@GlowShop', signServerUrl: fake.signBase, webHost: fake.host, webcastHost: fake.host, reconnectMs: 20, offlinePollMs: 30, ...extra },
  }).tiktok;
  source = tiktokSource(cfg, { log: (l) => logs.push(l), webClientOptions, figuresEveryMs: 10 });
  return source;
}

const nextStatus = (s: TikTokSource, pred: (st: SourceStatus) => boolean): Promise<SourceStatus> => firstValueFrom(s.status$.pipe(filter(pred)));
const collect = <T>(o: Observable<T>, n: number): Promise<T[]> => firstValueFrom(o.pipe(take(n), toArray()));

const ann: FakeUser = { id: '6912345678901234567', uniqueId: 'ann_buys', nickname: 'Ann 🌸' };
const mod: FakeUser = { id: '6900000000000000001', uniqueId: 'shop_mod', nickname: 'Mod', moderator: true };

describe('TikTok source (tiktok-live-connector against local servers)', () => {
  it('connects by username, maps chat to ChatMessage and counts the rest as figures', async () => {
    const s = start();
    const got = collect(s.messages$, 2);
    await fake.nextEnter();
    await nextStatus(s, (st) => st.state === 'connected');
    expect(s.status$).toBeDefined();
    fake.send([
      { kind: 'chat', msgId: '7001', user: ann, text: 'how much is the serum? 多少钱' },
      { kind: 'gift', msgId: '7002', user: ann, giftId: '5655', giftName: 'Rose', diamonds: 1, repeat: 5, repeatEnd: true },
      { kind: 'like', msgId: '7003', user: ann, count: 15, total: 15 },
      { kind: 'follow', msgId: '7004', user: ann },
      { kind: 'share', msgId: '7005', user: ann },
      { kind: 'join', msgId: '7006', user: mod, memberCount: 10 },
      { kind: 'viewers', msgId: '7007', total: 321 },
      { kind: 'chat', msgId: '7008', user: mod, text: 'welcome all' },
    ]);
    const [a, b] = (await got) as [ChatMessage, ChatMessage];
    expect(a).toMatchObject({ id: 'tt-7001', platform: 'tiktok', channel: 'glowshop', text: 'how much is the serum? 多少钱', user: { id: ann.id, name: 'ann_buys', displayName: 'Ann 🌸', roles: [] } });
    expect(b.user.roles).toEqual(['moderator']);
    const st = await nextStatus(s, (x) => (x.figures?.['viewers'] ?? 0) === 321);
    expect(st.figures).toMatchObject({ gifts: 5, diamonds: 5, likes: 15, follows: 1, shares: 1, joins: 1, viewers: 321, invalid: 0 });
    expect(st.condition).toBe('live');

    // What left for the sign server: the room id and the library's own fields; no TikTok session.
    const call = fake.signCalls[0]!;
    expect(call.path).toBe(`/webcast/rooms/${fake.roomId}/connect`);
    expect(Object.keys(call.query).sort()).toEqual(['client', 'client_enter', 'cursor', 'platform', 'user_agent'].sort());
    expect(call.headers['x-cookie-header']).toBeUndefined();
    expect(call.headers['x-oauth-token']).toBeUndefined();
    expect(JSON.stringify(call)).not.toContain('glowshop');
  });

  it('counts an undecodable frame and keeps reading', async () => {
    const s = start();
    const got = collect(s.messages$, 1);
    await fake.nextEnter();
    fake.sendRaw(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    fake.send([{ kind: 'chat', msgId: '8001', user: ann, text: 'still here' }]);
    expect((await got)[0]!.text).toBe('still here');
    await nextStatus(s, (x) => (x.figures?.['invalid'] ?? 0) >= 1);
  });

  it('waits while the streamer is offline, then connects when live', async () => {
    fake.live = false;
    const s = start();
    s.messages$.subscribe();
    const off = await nextStatus(s, (st) => st.condition === 'offline');
    expect(off.state).toBe('disconnected');
    expect(off.detail).toContain('not live');
    expect(off.detail).toContain('未开播');
    // the console gets it as a message to say in its own language
    expect(off.message).toEqual({ key: 'offline', params: [expect.stringMatching(/^TikTok @/), expect.any(Number)] });
    fake.live = true;
    await fake.nextEnter();
    await nextStatus(s, (st) => st.state === 'connected' && st.condition === 'live');
  });

  it('reconnects after the push socket drops, with the gap in the status', async () => {
    const s = start();
    s.messages$.subscribe();
    await fake.nextEnter();
    await nextStatus(s, (st) => st.state === 'connected');
    fake.drop();
    await nextStatus(s, (st) => st.state === 'disconnected');
    await fake.nextEnter();
    const back = await nextStatus(s, (st) => st.state === 'connected');
    expect(back.gaps.length).toBe(1);
    expect(back.gaps[0]!.to).not.toBeNull();
    expect(fake.signCalls.length).toBe(2);
  });

  it('the stream ending is offline, not an error', async () => {
    const s = start({ offlinePollMs: 60_000 });
    s.messages$.subscribe();
    await fake.nextEnter();
    await nextStatus(s, (st) => st.state === 'connected');
    fake.send([{ kind: 'end', msgId: '9' }]);
    const st = await nextStatus(s, (x) => x.condition === 'offline' && x.state === 'disconnected');
    expect(st.detail).toMatch(/ended|not live/);
  });

  it('a sign-server 429 is rate-limited (retrying); a 401 is wrong credentials (not retrying)', async () => {
    fake.signMode = 'rate-limited';
    const s = start({ reconnectMs: 60_000 });
    s.messages$.subscribe();
    const rl = await nextStatus(s, (st) => st.condition === 'rate-limited');
    expect(rl.state).toBe('disconnected');
    s.stop();

    fake.signMode = 'unauthorized';
    const s2 = start({ signApiKey: 'euler_secret_key_123' });
    s2.messages$.subscribe();
    const bad = await nextStatus(s2, (st) => st.condition === 'auth');
    expect(bad.state).toBe('error');
    expect(bad.detail).not.toContain('euler_secret_key_123');
    expect(logs.join('\n')).not.toContain('euler_secret_key_123');
    // The key went to the sign server (that is its purpose), nowhere else.
    expect(fake.signCalls.at(-1)!.headers['x-api-key']).toBe('euler_secret_key_123');
  });
});
