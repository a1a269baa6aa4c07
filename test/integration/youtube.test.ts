/**
 * The YouTube source (plain fetch) and the YouTube enforcer against the local fake of the documented
 * Data API endpoints: chat by page token at pollingIntervalMillis, Super Chats and memberships as
 * figures, other moderators' deletions as ModEvents, bad items counted and named, quota counted the
 * same as the server counts it, ended chat → offline, quotaExceeded → rate-limited, bad key → auth;
 * delete / temporary ban / ban through the same Enforcement as Helix, off by default. Event-driven waits.
 */
import { filter, firstValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ModEvent } from '../../config/chat.js';
import { ConfigSchema } from '../../config/schema.js';
import type { SourceStatus } from '../../config/views.js';
import { createEnforcement } from '../../server/enforcement/enforcement.js';
import { YOUTUBE_CHANNEL_ID, youtubeEnforcer } from '../../server/enforcement/youtube.js';
import { YouTubeQuota, youtubeSource, type YouTubeSource } from '../../server/sources/youtube.js';
import { FakeYouTube, type FakeAuthor } from '../support/fake-youtube.js';

const KEY = 'AIzaFakeKey_0123456789abcdefghijkl';
const TOKEN = 'ya29.fake-oauth-token-0123456789';
let fake: FakeYouTube;
let source: YouTubeSource | null = null;
const logs: string[] = [];

beforeEach(async () => {
  fake = await FakeYouTube.start({ apiKey: KEY, oauthToken: TOKEN, videoId: 'dQw4w9WgXcQ', liveChatId: 'Cg0KC2RRdzR3OVdnWGNR' });
  logs.length = 0;
});
afterEach(async () => {
  source?.stop();
  source = null;
  await fake.close();
});

function config(extra: Record<string, unknown> = {}) {
  return ConfigSchema.parse({ youtube: { videoId: 'dQw4w9WgXcQ', apiKey: KEY, baseUrl: fake.baseUrl, minPollMs: 10, reconnectMs: 10, maxReconnectMs: 40, ...extra } });
}
function start(extra: Record<string, unknown> = {}): YouTubeSource {
  source = youtubeSource(config(extra).youtube, { log: (l) => logs.push(l) });
  return source;
}
const nextStatus = (s: YouTubeSource, pred: (st: SourceStatus) => boolean): Promise<SourceStatus> => firstValueFrom(s.status$.pipe(filter(pred)));
const collect = <T>(o: Observable<T>, n: number): Promise<T[]> => firstValueFrom(o.pipe(take(n), toArray()));

const bea: FakeAuthor = { channelId: 'UCabcdefghijklmnopqrstuv', displayName: 'Bea' };
const owner: FakeAuthor = { channelId: 'UCowner_owner_owner_owne', displayName: 'GlowShop', owner: true };

describe('YouTube source (Data API v3 against a local fake)', () => {
  it('reads chat page by page, keeps Super Chats and memberships as figures, counts quota', async () => {
    const s = start();
    const first = collect(s.messages$, 2);
    fake.chat(bea, 'is the serum vegan?');
    fake.chat(owner, 'yes it is!');
    const [a, b] = (await first) as [ChatMessage, ChatMessage];
    expect(a).toMatchObject({ platform: 'youtube', channel: 'dQw4w9WgXcQ', text: 'is the serum vegan?', user: { id: bea.channelId, name: 'Bea', roles: [] } });
    expect(b.user.roles).toEqual(['broadcaster']);

    const more = collect(s.messages$, 2);
    fake.member({ ...bea, member: true });
    const sc = fake.superChat(bea, 5_000_000, 'love this show');
    fake.raw({ id: 'broken', snippet: { type: 42 } });
    fake.chat({ ...bea, member: true }, 'second one');
    const [c, d] = (await more) as [ChatMessage, ChatMessage];
    expect(c).toMatchObject({ id: sc, text: 'love this show' });
    expect(d.user.roles).toEqual(['subscriber']);
    const st = await nextStatus(s, (x) => (x.figures?.['superChats'] ?? 0) === 1);
    expect(st.figures).toMatchObject({ superChats: 1, superChatMicros: 5_000_000, newMembers: 1, invalid: 1 });
    expect(st.condition).toBe('live');
    expect(logs.join('\n')).toMatch(/invalid chat item \(snippet\.type/);

    // Page tokens: each list after the first carries the previous nextPageToken; the poll waits pollingIntervalMillis.
    const lists = fake.calls.filter((c) => c.path.endsWith('/liveChat/messages'));
    expect(lists[0]!.query['pageToken']).toBeUndefined();
    expect(lists[1]!.query['pageToken']).toMatch(/^t\d+$/);
    expect(lists[0]!.query['key']).toBe('***');
    // The client counts quota exactly as the server does.
    await fake.nextList();
    expect(s.quota.used).toBeGreaterThanOrEqual(fake.quotaUsed - 5);
    expect(s.quota.used).toBeLessThanOrEqual(fake.quotaUsed + 5);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('passes on other moderators’ deletions as ModEvents', async () => {
    const s = start();
    const ev = firstValueFrom<ModEvent>(s.modEvents$);
    s.messages$.subscribe();
    const id = fake.chat(bea, 'spam spam');
    fake.deletedBySomeoneElse(id, owner);
    expect(await ev).toMatchObject({ kind: 'delete', platform: 'youtube', messageId: id });
  });

  it('a page that is not the documented shape is counted and retried, never fatal', async () => {
    const s = start();
    const got = collect(s.messages$, 1);
    fake.nextRawBody = '{"items": "nope"}';
    fake.chat(bea, 'after the bad page');
    expect((await got)[0]!.text).toBe('after the bad page');
    expect(s.invalid).toBeGreaterThanOrEqual(1);
  });

  it('no live chat yet → offline; then live; chat ended → offline again', async () => {
    fake.mode = 'not-live';
    const s = start();
    s.messages$.subscribe();
    const off = await nextStatus(s, (x) => x.condition === 'offline');
    expect(off.detail).toContain('未开播');
    fake.mode = 'live';
    await nextStatus(s, (x) => x.condition === 'live' && x.state === 'connected');
    fake.mode = 'ended';
    await nextStatus(s, (x) => x.condition === 'offline');
  });

  it('quotaExceeded → rate-limited (retrying); a bad API key → wrong credentials (not retrying)', async () => {
    fake.mode = 'quota';
    const s = start();
    s.messages$.subscribe();
    const rl = await nextStatus(s, (x) => x.condition === 'rate-limited');
    expect(rl.detail).toMatch(/quota/);
    s.stop();
    fake.mode = 'live';
    const s2 = start({ apiKey: 'AIzaWrongKey_zzzzzzzzzzzzzzzzzzzzzz' });
    s2.messages$.subscribe();
    const bad = await nextStatus(s2, (x) => x.condition === 'auth');
    expect(bad.state).toBe('error');
    expect(bad.detail).not.toContain('AIza');
  });
});

describe('YouTube enforcement (same Enforcement as Helix)', () => {
  it('is off by default; when on it deletes, times out and bans on YouTube, counting quota', async () => {
    const s = start({ oauthToken: TOKEN });
    const got = collect(s.messages$, 1);
    const id = fake.chat(bea, 'buy followers at spam.example');
    const msg = (await got)[0]!;
    expect(msg.id).toBe(id);
    s.stop(); // no more polling: the quota below moves only with the moderation calls

    const off = createEnforcement(config().helix, { platform: 'youtube', enabled: config().youtube.enforce, enforcer: youtubeEnforcer(config().youtube, { liveChatId: () => s.liveChatId, quota: s.quota }), userIdPattern: YOUTUBE_CHANNEL_ID });
    expect(await off.enforce('reject', msg)).toEqual({ done: false, skipped: 'enforcement is off (youtube.enforce: false)' });

    const cfg = config({ enforce: true, oauthToken: TOKEN }).youtube;
    const before = s.quota.used;
    const on = createEnforcement(config().helix, { platform: 'youtube', enabled: cfg.enforce, enforcer: youtubeEnforcer(cfg, { liveChatId: () => s.liveChatId, quota: s.quota }), userIdPattern: YOUTUBE_CHANNEL_ID });
    // The Helix ladder: delete first, then a timeout (temporary ban), then a ban.
    const r1 = await on.enforce('reject', msg);
    expect(r1).toMatchObject({ done: true, action: { action: 'delete' }, result: { ok: true, status: 204 } });
    expect(fake.deleted).toEqual([id]);
    const r2 = await on.enforce('reject', msg);
    expect(r2).toMatchObject({ done: true, action: { action: 'timeout', seconds: 600 }, result: { ok: true } });
    const r3 = await on.enforce('ban', msg);
    expect(r3).toMatchObject({ done: true, action: { action: 'ban' }, result: { ok: true } });
    expect(fake.bans).toEqual([
      { channelId: bea.channelId, type: 'temporary', banDurationSeconds: 600 },
      { channelId: bea.channelId, type: 'permanent' },
    ]);
    expect(s.quota.used - before).toBe(150);
    const writes = fake.calls.filter((c) => c.method !== 'GET');
    expect(writes.every((c) => c.authorization === 'Bearer ***')).toBe(true);
    // A Twitch message never goes to YouTube.
    expect(await on.enforce('reject', { ...msg, platform: 'twitch' })).toMatchObject({ done: false });
  });

  it('without an OAuth token it says so instead of calling', async () => {
    const cfg = config({ enforce: true }).youtube;
    const e = youtubeEnforcer(cfg, { liveChatId: () => 'x', quota: new YouTubeQuota(1) });
    expect(await e.deleteMessage('abc')).toMatchObject({ ok: false, status: 0, message: expect.stringMatching(/YOUTUBE_OAUTH_TOKEN/) as unknown });
    expect(fake.calls).toHaveLength(0);
  });
});
