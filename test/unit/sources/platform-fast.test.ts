/**
 * The TikTok and YouTube hand checks (server/sources/chat-fast.ts, youtubeChatFast) accept exactly
 * what zod accepts and give zod's value, over seeded mutations of a valid chat.
 */
import { describe, expect, it } from 'vitest';
import { ChatMessageSchema } from '../../../config/chat.js';
import { isValidBuiltChat } from '../../../server/sources/chat-fast.js';
import { mapTikTokChat, normaliseTikTokChat } from '../../../server/sources/tiktok.js';
import { LiveChatItemSchema, mapYouTubeItem, youtubeChatFast } from '../../../server/sources/youtube.js';
import { seededRandom } from '../../../filters/random.js';

const ODD: unknown[] = [undefined, null, '', 'x', '0', 'y'.repeat(129), 'z'.repeat(201), 'w'.repeat(2001), 'v'.repeat(5001), 0, -1, 1.5, 2 ** 53, Number.NaN, true, false, [], {}, { messageText: 'hi' }, { messageText: '' }, { messageText: 'q'.repeat(5001) }, { amountMicros: '5', currency: 'USD' }, { deletedMessageId: 'x' }, 'textMessageEvent', 'superChatEvent', 'youtube#liveChatMessage', { channelId: 'UC1' }, '__proto__'];

function mutate<T>(base: T, paths: readonly string[][], next: () => number, odd: readonly unknown[] = ODD): T {
  const x = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const n = 1 + Math.floor(next() * 3);
  for (let k = 0; k < n; k++) {
    const path = paths[Math.floor(next() * paths.length)]!;
    let at: Record<string, unknown> = x;
    for (const key of path.slice(0, -1)) {
      const inner = at[key];
      if (typeof inner !== 'object' || inner === null) break;
      at = inner as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (next() < 0.25) delete at[last];
    else Object.defineProperty(at, last, { value: odd[Math.floor(next() * odd.length)], enumerable: true, writable: true, configurable: true });
  }
  return x as T;
}

describe('the TikTok hand check', () => {
  const valid = { common: { msgId: '7301' }, user: { id: '69', displayId: 'ann', nickname: 'Ann', userAttr: { isAdmin: false } }, content: 'is the red one in stock?', userIdentity: { isAnchor: false, isModeratorOfAnchor: true, isSubscriberOfAnchor: true } };
  // the library's decoder gives strings and booleans where the proto has them: mutate within those types
  const TT_ODD: unknown[] = ['', '0', 'x', 'y'.repeat(129), 'w'.repeat(2001), ' '];
  const PATHS = [['common', 'msgId'], ['user'], ['user', 'id'], ['user', 'displayId'], ['user', 'nickname'], ['user', 'userAttr', 'isAdmin'], ['content'], ['userIdentity', 'isAnchor'], ['extra']];

  // a time past the last a Date holds made the console throw "Invalid time value"
  it('refuses, as zod does, a receivedAt past the last time a Date holds', () => {
    const built = mapTikTokChat(valid, 'shop', 8_700_000_000_000_000);
    expect(isValidBuiltChat(built)).toBe(false);
    expect(ChatMessageSchema.safeParse(built).success).toBe(false);
    expect(isValidBuiltChat(mapTikTokChat(valid, 'shop', 8_640_000_000_000_000))).toBe(true);
  });

  it('passes a plain chat without zod, and its value is zod’s', () => {
    const built = mapTikTokChat(valid, 'shop', 5);
    expect(isValidBuiltChat(built)).toBe(true);
    expect(normaliseTikTokChat(valid, 'shop', 5)).toEqual(ChatMessageSchema.parse(mapTikTokChat(valid, 'shop', 5)));
  });

  it('accepts only what zod accepts over 5,000 seeded mutations (data, channel and clock)', () => {
    const next = seededRandom(20261130);
    const wrong: unknown[] = [];
    let fast = 0;
    for (let i = 0; i < 5_000; i++) {
      const data = mutate(valid, PATHS, next, TT_ODD);
      const channel = next() < 0.1 ? (next() < 0.5 ? '' : 'c'.repeat(129)) : 'shop';
      const now = next() < 0.1 ? (next() < 0.5 ? -1 : 1.5) : 1_700_000_000_000;
      const built = mapTikTokChat(data, channel, now);
      const zod = ChatMessageSchema.safeParse(mapTikTokChat(data, channel, now));
      const r = normaliseTikTokChat(data, channel, now);
      if (isValidBuiltChat(built)) {
        fast++;
        // the hand path's message is zod's value, ids aside (a missing msgId draws a random one)
        if (!zod.success || JSON.stringify({ ...built, id: '' }) !== JSON.stringify({ ...zod.data, id: '' })) wrong.push(data);
      }
      if ((typeof r !== 'string') !== zod.success) wrong.push(data);
    }
    expect(wrong).toEqual([]);
    expect(fast).toBeGreaterThan(250);
    expect(fast).toBeLessThan(5_000);
  });
});

describe('the YouTube hand check', () => {
  const valid = {
    kind: 'youtube#liveChatMessage',
    etag: 'x',
    id: 'LCC.1',
    snippet: { type: 'textMessageEvent', liveChatId: 'Cg0', authorChannelId: 'UCabc', publishedAt: '2026-11-29T20:00:00.000Z', hasDisplayContent: true, displayMessage: 'hello', textMessageDetails: { messageText: 'hello there' } },
    authorDetails: { channelId: 'UCabc', channelUrl: 'http://x', displayName: 'Bea', profileImageUrl: 'https://y', isVerified: false, isChatOwner: false, isChatSponsor: true, isChatModerator: true },
  };
  const PATHS = [['kind'], ['id'], ['snippet'], ['snippet', 'type'], ['snippet', 'liveChatId'], ['snippet', 'authorChannelId'], ['snippet', 'publishedAt'], ['snippet', 'hasDisplayContent'], ['snippet', 'displayMessage'], ['snippet', 'textMessageDetails'], ['snippet', 'textMessageDetails', 'messageText'], ['snippet', 'superChatDetails'], ['snippet', 'messageDeletedDetails'], ['authorDetails'], ['authorDetails', 'channelId'], ['authorDetails', 'displayName'], ['authorDetails', 'isChatOwner'], ['authorDetails', 'isChatModerator'], ['authorDetails', 'isChatSponsor'], ['authorDetails', 'isVerified'], ['extra']];

  /** What the zod path makes of an item: a message, null (valid, not chat), or 'invalid'. */
  function viaZod(raw: unknown, channel: string, now: number): unknown {
    const item = LiveChatItemSchema.safeParse(raw);
    if (!item.success) return 'invalid';
    const c = mapYouTubeItem(item.data, channel, now);
    if (c === null) return null;
    const m = ChatMessageSchema.safeParse(c);
    return m.success ? m.data : 'invalid';
  }

  it('passes a plain text message without zod, and its value is zod’s', () => {
    expect(youtubeChatFast(valid, 'vid', 5)).toEqual(viaZod(valid, 'vid', 5));
    expect(youtubeChatFast(valid, 'vid', 5)).toMatchObject({ text: 'hello there', user: { roles: ['moderator', 'subscriber'] } });
  });

  it('accepts only what zod accepts over 5,000 seeded mutations', () => {
    const next = seededRandom(20261131);
    const wrong: unknown[] = [];
    let fast = 0;
    for (let i = 0; i < 5_000; i++) {
      const raw = mutate(valid, PATHS, next);
      const channel = next() < 0.05 ? '' : 'vid';
      const now = next() < 0.05 ? -1 : 1_700_000_000_000;
      const m = youtubeChatFast(raw, channel, now);
      if (m) {
        fast++;
        if (JSON.stringify(m) !== JSON.stringify(viaZod(raw, channel, now))) wrong.push(raw);
      }
    }
    expect(wrong).toEqual([]);
    expect(fast).toBeGreaterThan(250);
    expect(fast).toBeLessThan(5_000);
  });
});
