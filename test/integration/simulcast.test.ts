/**
 * A simulcast end to end: one config reads Twitch (real tmi.js), TikTok (real tiktok-live-connector)
 * and YouTube (Data API) at once against their local servers, through the real app. Every message
 * keeps its platform on the console feed; each source's state reaches the console; removing a comment
 * goes back to the platform it came from (Helix for Twitch, the Data API for YouTube, nothing for
 * TikTok, which is read only); and TikTok's server dying takes nothing else down.
 */
import { lookup as dnsLookup } from 'node:dns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../config/views.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { createEnforcement, routeEnforcement } from '../../server/enforcement/enforcement.js';
import { YOUTUBE_CHANNEL_ID, youtubeEnforcer } from '../../server/enforcement/youtube.js';
import { sourcesFromConfig } from '../../server/sources/index.js';
import { tiktokSource } from '../../server/sources/tiktok.js';
import { twitchSource } from '../../server/sources/twitch.js';
import { youtubeSource, YouTubeQuota, type YouTubeSource } from '../../server/sources/youtube.js';
import { testConfig, TestSocket } from '../support/app.js';
import { FakeHelix } from '../support/fake-helix.js';
import { FakeTikTok } from '../support/fake-tiktok.js';
import { FakeTwitch } from '../support/fake-twitch.js';
import { FakeYouTube } from '../support/fake-youtube.js';

const webClientOptions = {
  dnsLookup: (host: string, opts: object, cb: (...a: unknown[]) => void) => dnsLookup(host === 'tiktok.test' ? '127.0.0.1' : host, opts, cb as never),
};

let twitch: FakeTwitch;
let tiktok: FakeTikTok;
let youtube: FakeYouTube;
let helix: FakeHelix;
let app: RunningApp;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  [twitch, tiktok, youtube, helix] = await Promise.all([
    FakeTwitch.start(),
    FakeTikTok.start(),
    FakeYouTube.start({ apiKey: 'AIzaSimulcastKey_0123456789abcdef', oauthToken: 'ya29.simulcast-token', videoId: 'live0000001', liveChatId: 'SimulcastChat' }),
    FakeHelix.start({ clientId: 'clientid0123456789', token: 'helixusertoken0123456789', broadcasterId: '100', moderatorId: '200', now: () => Date.now() }),
  ]);
  const config = testConfig({
    filters: { spam: { model: { enabled: false } } },
    twitch: { channels: ['luna_live'], server: '127.0.0.1', port: twitch.port, secure: false, reconnectIntervalMs: 50 },
    tiktok: { username: 'glowshop', signServerUrl: tiktok.signBase, webHost: tiktok.host, webcastHost: tiktok.host, reconnectMs: 20, maxReconnectMs: 100 },
    youtube: { videoId: 'live0000001', apiKey: 'AIzaSimulcastKey_0123456789abcdef', oauthToken: 'ya29.simulcast-token', baseUrl: youtube.baseUrl, minPollMs: 10, enforce: true },
    helix: { enforce: true, baseUrl: helix.baseUrl, clientId: 'clientid0123456789', token: 'helixusertoken0123456789', broadcasterId: '100', moderatorId: '200' },
  });
  const quota = new YouTubeQuota(config.youtube.dailyQuota);
  let yt: YouTubeSource | null = null;
  const joined = twitch.nextJoin('luna_live');
  app = await startApp(config, {
    log: () => {},
    sources: (ctx) =>
      sourcesFromConfig(ctx, (cfg) => twitchSource(cfg, { clock: () => ctx.scheduler.now() }), {
        tiktok: (cfg) => tiktokSource(cfg, { webClientOptions, figuresEveryMs: 10 }),
        youtube: (cfg) => (yt = youtubeSource(cfg, { quota })),
      }),
    enforcer: (c) => {
      const routed = routeEnforcement({
        twitch: createEnforcement(c.helix, {}),
        youtube: createEnforcement(c.helix, { platform: 'youtube', enabled: c.youtube.enforce, userIdPattern: YOUTUBE_CHANNEL_ID, enforcer: youtubeEnforcer(c.youtube, { liveChatId: () => yt?.liveChatId, quota }) }),
      });
      return { enforce: (d, m) => routed.enforce(d, m, 'test') };
    },
  });
  await Promise.all([joined, tiktok.nextEnter()]);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app.close();
  await Promise.all([twitch.close(), tiktok.close(), youtube.close(), helix.close()]);
});

const sources = (): Record<string, SourceStatus> => (app.hub.state as { sources: Record<string, SourceStatus> }).sources;

describe('simulcast: Twitch + TikTok + YouTube in one show', () => {
  it('keeps each platform, shows each state, enforces on the right platform, survives one platform failing', async () => {
    const control = await TestSocket.open(app.wsUrl(`/ws/control?token=${app.tokens.moderator}`));
    sockets.push(control);
    await control.next('snapshot');

    const twId = twitch.privmsg('luna_live', { login: 'mei', id: '5001' }, 'twitch says hi');
    tiktok.send([{ kind: 'chat', msgId: '7001', user: { id: '6912345678901234567', uniqueId: 'ann_buys', nickname: 'Ann' }, text: 'tiktok says hi' }]);
    const ytId = youtube.chat({ channelId: 'UCabcdefghijklmnopqrstuv', displayName: 'Bea' }, 'youtube says hi');

    const seen = new Map<string, string>();
    while (seen.size < 3) {
      const f = await control.next('feed');
      for (const i of f.items) if (i.text.endsWith('says hi')) seen.set(i.text, i.platform ?? '?');
    }
    expect(Object.fromEntries(seen)).toEqual({ 'twitch says hi': 'twitch', 'tiktok says hi': 'tiktok', 'youtube says hi': 'youtube' });

    await expect.poll(() => Object.fromEntries(Object.entries(sources()).map(([k, v]) => [k, v.state])), { timeout: 5000 }).toMatchObject({ twitch: 'connected', tiktok: 'connected', youtube: 'connected' });
    expect(sources()['tiktok']!.kind).toBe('tiktok');
    expect(sources()['youtube']!.condition).toBe('live');

    // Enforcement goes back where the comment came from.
    await app.runCommand({ kind: 'moderation.remove', messageIds: [ytId] }, { role: 'moderator', actor: 'moderator:Ana' });
    await expect.poll(() => youtube.deleted, { timeout: 5000 }).toEqual([ytId]);
    await app.runCommand({ kind: 'moderation.remove', messageIds: [twId] }, { role: 'moderator', actor: 'moderator:Ana' });
    await expect.poll(() => helix.deleted, { timeout: 5000 }).toEqual([twId]);
    await app.runCommand({ kind: 'moderation.remove', messageIds: ['tt-7001'] }, { role: 'moderator', actor: 'moderator:Ana' });
    expect(helix.deleted).toEqual([twId]);
    expect(youtube.deleted).toEqual([ytId]);

    // TikTok's servers die: TikTok shows it, Twitch and YouTube keep flowing.
    await tiktok.close();
    await expect.poll(() => sources()['tiktok']!.state, { timeout: 5000 }).not.toBe('connected');
    twitch.privmsg('luna_live', { login: 'tom', id: '5002' }, 'twitch still here');
    youtube.chat({ channelId: 'UCabcdefghijklmnopqrstuv', displayName: 'Bea' }, 'youtube still here');
    const after = new Set<string>();
    while (after.size < 2) {
      const f = await control.next('feed');
      for (const i of f.items) if (i.text.endsWith('still here')) after.add(i.platform ?? '?');
    }
    expect([...after].sort()).toEqual(['twitch', 'youtube']);
    expect(sources()['twitch']!.state).toBe('connected');
    expect(sources()['youtube']!.state).toBe('connected');
  });
});
