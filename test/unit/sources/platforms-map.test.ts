/**
 * The pure parts of the TikTok and YouTube sources: message mapping (roles, ids, text caps), event
 * items that are not chat, error classification (offline / rate-limited / auth / retry), and the
 * route that sends each decision back to its platform.
 */
import { SignatureRateLimitError, UserOfflineError } from 'tiktok-live-connector';
import { describe, expect, it } from 'vitest';
import { ChatMessageSchema } from '../../../config/chat.js';
import { routeEnforcement } from '../../../server/enforcement/enforcement.js';
import { classifyTikTokError, mapTikTokChat } from '../../../server/sources/tiktok.js';
import { classifyYouTubeError, LiveChatItemSchema, mapYouTubeItem } from '../../../server/sources/youtube.js';

describe('TikTok mapping', () => {
  it('maps a chat with roles and a capped text', () => {
    const m = ChatMessageSchema.parse(
      mapTikTokChat({ common: { msgId: '42' }, user: { id: '69', displayId: 'ann', nickname: 'Ann' }, content: 'x'.repeat(3000), userIdentity: { isAnchor: true, isSubscriberOfAnchor: true } }, 'shop', 5),
    );
    expect(m).toMatchObject({ id: 'tt-42', platform: 'tiktok', channel: 'shop', user: { id: '69', name: 'ann', displayName: 'Ann', roles: ['broadcaster', 'subscriber'] }, receivedAt: 5 });
    expect(m.text).toHaveLength(2000);
  });
  it('classifies offline, rate limit and anything else', () => {
    expect(classifyTikTokError(new UserOfflineError('off'))).toMatchObject({ condition: 'offline', retry: true });
    const rl = new SignatureRateLimitError(undefined, 'slow down', { headers: { 'retry-after': '3' } });
    expect(classifyTikTokError(rl)).toMatchObject({ condition: 'rate-limited', retry: true, retryAfterMs: 3000 });
    expect(classifyTikTokError(new Error('socket hang up'))).toMatchObject({ state: 'disconnected', retry: true });
  });
});

describe('YouTube mapping', () => {
  const author = { channelId: 'UCabcdefghijklmnopqrstuv', displayName: 'Bea', isChatOwner: false, isChatModerator: true, isChatSponsor: true };
  it('maps text messages and Super Chat comments; events without text are not chat', () => {
    const text = LiveChatItemSchema.parse({ id: 'a', snippet: { type: 'textMessageEvent', textMessageDetails: { messageText: 'hi' } }, authorDetails: author });
    expect(mapYouTubeItem(text, 'vid', 1)).toMatchObject({ id: 'a', platform: 'youtube', text: 'hi', user: { roles: ['moderator', 'subscriber'] } });
    const sc = LiveChatItemSchema.parse({ id: 'b', snippet: { type: 'superChatEvent', superChatDetails: { amountMicros: '1000000', currency: 'USD', userComment: 'thanks' } }, authorDetails: author });
    expect(mapYouTubeItem(sc, 'vid', 1)).toMatchObject({ text: 'thanks' });
    const member = LiveChatItemSchema.parse({ id: 'c', snippet: { type: 'newSponsorEvent' }, authorDetails: author });
    expect(mapYouTubeItem(member, 'vid', 1)).toBeNull();
  });
  it('classifies the documented errors', () => {
    const err = (code: number, reason: string, message = '') => ({ error: { code, message, errors: [{ reason }] } });
    expect(classifyYouTubeError(403, err(403, 'quotaExceeded'))).toMatchObject({ condition: 'rate-limited', retry: true });
    expect(classifyYouTubeError(403, err(403, 'rateLimitExceeded'))).toMatchObject({ condition: 'rate-limited' });
    expect(classifyYouTubeError(403, err(403, 'liveChatEnded'))).toMatchObject({ condition: 'offline', ended: true });
    expect(classifyYouTubeError(400, err(400, 'badRequest', 'API key not valid. Please pass a valid API key.'))).toMatchObject({ condition: 'auth', retry: false });
    expect(classifyYouTubeError(401, err(401, 'authError'))).toMatchObject({ condition: 'auth', retry: false });
    expect(classifyYouTubeError(503, 'not json')).toMatchObject({ state: 'disconnected', retry: true });
  });
});

describe('routeEnforcement', () => {
  it('sends each decision to its platform; TikTok is read only', async () => {
    const calls: string[] = [];
    const fake = (p: string) => ({ enforce: (_d: 'reject' | 'timeout' | 'ban', m: { id: string }) => (calls.push(`${p}:${m.id}`), Promise.resolve({ done: false as const, skipped: 'x' })) });
    const route = routeEnforcement({ twitch: fake('twitch'), youtube: fake('youtube') });
    const msg = (platform: string, id: string) => ChatMessageSchema.parse({ id, platform, channel: 'c', user: { id: 'u', name: 'u', displayName: 'u' }, text: 't', receivedAt: 0 });
    await route.enforce('reject', msg('youtube', 'y1'));
    await route.enforce('reject', msg('twitch', 't1'));
    expect(await route.enforce('reject', msg('tiktok', 'k1'))).toEqual({ done: false, skipped: 'no moderation on tiktok (read only)' });
    expect(calls).toEqual(['youtube:y1', 'twitch:t1']);
  });
});
