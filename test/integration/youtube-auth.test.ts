/**
 * YouTube OAuth kept fresh, against the local fake's documented token endpoint (POST /token,
 * grant_type=refresh_token): a token before the first call, a new one `skewMs` before expiry on the
 * injected clock (no 401 on the way), one refresh and one retry when the API answers 401, one
 * request for concurrent callers, a revoked refresh token or a wrong client secret as "wrong
 * credentials" (not retried). The secrets and tokens never appear in a log line or a status.
 */
import { asyncScheduler, filter, firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../config/schema.js';
import type { SourceStatus } from '../../config/views.js';
import { youtubeEnforcer } from '../../server/enforcement/youtube.js';
import { YouTubeAuthError, YouTubeTokens } from '../../server/sources/youtube-auth.js';
import { YouTubeQuota, youtubeSource, type YouTubeSource } from '../../server/sources/youtube.js';
import { FakeYouTube } from '../support/fake-youtube.js';

const CLIENT = { clientId: '1234-showrunner.apps.googleusercontent.com', clientSecret: 'GOCSPX-fake-client-secret-0123', refreshToken: '1//fake-refresh-token-0123456789' };
const author = { channelId: 'UCabcdefghijklmnopqrstuv', displayName: 'Bea' };
let fake: FakeYouTube;
let t = 1_700_000_000_000;
const now = (): number => t;
let source: YouTubeSource | null = null;
const logs: string[] = [];

beforeEach(async () => {
  t = 1_700_000_000_000;
  logs.length = 0;
  fake = await FakeYouTube.start({ apiKey: 'AIzaUnusedKey_0123456789abcdefghij', oauthToken: 'ya29.static-token-not-used-here', videoId: 'dQw4w9WgXcQ', liveChatId: 'LiveChatAuth', oauthClient: { ...CLIENT, expiresInS: 3599 }, now });
});
afterEach(async () => {
  source?.stop();
  source = null;
  await fake.close();
});

const youtubeConfig = (extra: Record<string, unknown> = {}) =>
  ConfigSchema.parse({ youtube: { videoId: 'dQw4w9WgXcQ', baseUrl: fake.baseUrl, tokenUrl: fake.tokenUrl, minPollMs: 10, reconnectMs: 10, maxReconnectMs: 40, enforce: true, ...CLIENT, ...extra } }).youtube;
const secretsIn = (text: string): string[] => [CLIENT.clientSecret, CLIENT.refreshToken, 'ya29.fake-access'].filter((s) => text.includes(s));

describe('YouTube OAuth refresh (local token endpoint)', () => {
  it('gets a token before the first call and refreshes it before it expires, on the injected clock', async () => {
    const tokens = new YouTubeTokens(youtubeConfig(), { now });
    expect(tokens.canRefresh).toBe(true);
    const first = await tokens.authorization();
    expect(first).toMatch(/^Bearer ya29\.fake-access-1-/);
    expect(fake.tokenRequests).toEqual([{ grantType: 'refresh_token', clientId: CLIENT.clientId, status: 200 }]);
    t += (3599 - 61) * 1000; // 61 s before expiry: still the same token
    expect(await tokens.authorization()).toBe(first);
    t += 2_000; // 59 s before: refreshed ahead of time
    const second = await tokens.authorization();
    expect(second).toMatch(/^Bearer ya29\.fake-access-2-/);
    expect(fake.tokenRequests).toHaveLength(2);
    // concurrent callers share one request
    t += 3599 * 1000;
    const all = await Promise.all([tokens.authorization(), tokens.authorization(), tokens.authorization()]);
    expect(new Set(all).size).toBe(1);
    expect(fake.tokenRequests).toHaveLength(3);
  });

  it('reads chat with a refreshed token; a 401 refreshes once and the poll goes on', async () => {
    source = youtubeSource(youtubeConfig(), { clock: now, log: (l) => logs.push(l) });
    const s = source;
    const got = firstValueFrom(s.messages$.pipe(take(2), toArray()));
    fake.chat(author, 'first');
    await fake.nextList();
    expect(fake.tokenRequests).toHaveLength(1);
    // the access token dies early (revoked, clock skew): the next list is refused once, then retried
    fake.expireAccessTokens();
    fake.chat(author, 'second');
    const texts = (await got).map((m) => m.text);
    expect(texts).toEqual(['first', 'second']);
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.calls.filter((c) => c.status === 401)).toHaveLength(1);
    expect(s.tokens.refreshes).toBe(2);
    expect(fake.calls.every((c) => c.authorization === null || c.authorization === 'Bearer ***')).toBe(true);
    expect(secretsIn(logs.join('\n'))).toEqual([]);
  });

  it('a revoked refresh token is wrong credentials: said once, not retried, no secret shown', async () => {
    // counts the timers the source arms: a retry would arm one right after it says "error"
    let armed = 0;
    let armedAtError = -1;
    const scheduler = { now: () => asyncScheduler.now(), schedule: ((...a: Parameters<typeof asyncScheduler.schedule>) => (armed++, asyncScheduler.schedule(...a))) as typeof asyncScheduler.schedule };
    source = youtubeSource(youtubeConfig(), { clock: now, log: (l) => logs.push(l), scheduler });
    const s = source;
    const statuses: SourceStatus[] = [];
    s.status$.subscribe((st) => {
      statuses.push(st);
      if (st.state === 'error') armedAtError = armed;
    });
    s.messages$.subscribe();
    await fake.nextList();
    fake.revokeRefreshToken();
    fake.expireAccessTokens();
    const failed = await firstValueFrom(s.status$.pipe(filter((st) => st.state === 'error')));
    expect(failed.condition).toBe('auth');
    expect(failed.detail).toMatch(/YOUTUBE_REFRESH_TOKEN/);
    expect(fake.tokenRequests.at(-1)).toMatchObject({ status: 400 });
    expect(armedAtError).toBeGreaterThan(0);
    expect(armed).toBe(armedAtError); // not retried: no timer armed after the error
    expect(secretsIn(JSON.stringify(statuses) + logs.join('\n'))).toEqual([]);
  });

  it('a wrong client secret is refused as credentials', async () => {
    const tokens = new YouTubeTokens(youtubeConfig({ clientSecret: 'GOCSPX-wrong-secret-000000' }), { now });
    const err = await tokens.authorization().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(YouTubeAuthError);
    expect((err as YouTubeAuthError).kind).toBe('auth');
    expect((err as Error).message).toMatch(/401 invalid_client/);
    expect(secretsIn((err as Error).message)).toEqual([]);
  });

  it('the enforcer shares the tokens: a delete after the token died refreshes and goes through', async () => {
    const cfg = youtubeConfig();
    const tokens = new YouTubeTokens(cfg, { now });
    const quota = new YouTubeQuota(cfg.dailyQuota, now);
    const e = youtubeEnforcer(cfg, { liveChatId: () => 'LiveChatAuth', quota, tokens, now });
    const id = fake.chat(author, 'spam spam');
    expect(await e.deleteMessage(id)).toMatchObject({ ok: true });
    fake.expireAccessTokens();
    const id2 = fake.chat(author, 'more spam');
    expect(await e.deleteMessage(id2)).toMatchObject({ ok: true });
    expect(fake.deleted).toEqual([id, id2]);
    expect(fake.tokenRequests).toHaveLength(2);
    expect(quota.used).toBe(150); // the refused call counted too
  });
});
