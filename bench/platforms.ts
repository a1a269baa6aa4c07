/**
 * Per-platform decode + normalise cost, per chat message, on the corpus's texts:
 *   tiktok_us_per_msg:  the library's own protobuf decoder (tiktok-live-connector's deserializeMessage on
 *                       a ProtoMessageFetchResult of 50 WebcastChatMessage, as the push socket delivers
 *                       them after gunzip) + mapTikTokChat + ChatMessageSchema validation;
 *   youtube_us_per_msg: JSON.parse of a liveChatMessages.list page of 500 items + the page and item zod
 *                       schemas + mapYouTubeItem + ChatMessageSchema validation.
 * Transport (gunzip, sockets, HTTP) is not included; those are the wire, not our code.
 */
import { performance } from 'node:perf_hooks';
import { deserializeMessage, ProtoMessageFetchResult, type WebcastChatMessage } from 'tiktok-live-connector';
import { ChatMessageSchema, type ChatMessage } from '../config/chat.js';
import { mapTikTokChat } from '../server/sources/tiktok.js';
import { LiveChatItemSchema, LiveChatPageSchema, mapYouTubeItem } from '../server/sources/youtube.js';
import { encodeEvent } from '../test/support/fake-tiktok.js';
import type { BenchPlugin } from './types.js';

const round = (n: number, d = 3): number => Math.round(n * 10 ** d) / 10 ** d;

function tiktokBatches(msgs: readonly ChatMessage[], per: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < msgs.length; i += per) {
    const slice = msgs.slice(i, i + per);
    const messages = slice.map((m, j) => {
      const [method, payload] = encodeEvent({ kind: 'chat', msgId: String(7_000_000 + i + j), user: { id: String(6_900_000_000 + (j % 500)), uniqueId: m.user.name.replace(/[^A-Za-z0-9._]/g, '_').slice(0, 24) || 'viewer', nickname: m.user.displayName }, text: m.text }, '7301234567890');
      return { method, payload: Buffer.from(payload), msgId: String(i + j), msgType: 0, offset: String(i + j), isHistory: false, sampleFlag: 0 };
    });
    const base = ProtoMessageFetchResult.decode(new Uint8Array(0));
    out.push(ProtoMessageFetchResult.encode({ ...base, messages, cursor: `c${i}`, internalExt: `e${i}` }).finish());
  }
  return out;
}

function youtubePages(msgs: readonly ChatMessage[], per: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < msgs.length; i += per) {
    const items = msgs.slice(i, i + per).map((m, j) => ({
      kind: 'youtube#liveChatMessage',
      etag: 'x',
      id: `LCC.${i + j}`,
      snippet: { type: 'textMessageEvent', liveChatId: 'Cg0KC2RRdzR3OVdnWGNR', authorChannelId: 'UCabcdefghijklmnopqrstuv', publishedAt: '2026-11-29T20:00:00.000Z', hasDisplayContent: true, displayMessage: m.text, textMessageDetails: { messageText: m.text } },
      authorDetails: { channelId: 'UCabcdefghijklmnopqrstuv', channelUrl: 'http://www.youtube.com/channel/UCabcdefghijklmnopqrstuv', displayName: m.user.displayName, profileImageUrl: 'https://yt3.ggpht.com/x', isVerified: false, isChatOwner: false, isChatSponsor: j % 7 === 0, isChatModerator: false },
    }));
    out.push(JSON.stringify({ kind: 'youtube#liveChatMessageListResponse', etag: 'p', nextPageToken: `t${i + per}`, pollingIntervalMillis: 3000, pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items }));
  }
  return out;
}

export function runTikTok(batches: readonly Uint8Array[]): { n: number; ok: number } {
  let n = 0;
  let ok = 0;
  for (const b of batches) {
    const fetch = deserializeMessage('ProtoMessageFetchResult', Buffer.from(b)) as { messages: Array<{ decodedData?: { data: unknown } }> };
    for (const m of fetch.messages) {
      n++;
      if (ChatMessageSchema.safeParse(mapTikTokChat(m.decodedData?.data as WebcastChatMessage, 'glowshop', 1_700_000_000_000)).success) ok++;
    }
  }
  return { n, ok };
}

export function runYouTube(pages: readonly string[]): { n: number; ok: number } {
  let n = 0;
  let ok = 0;
  for (const p of pages) {
    const page = LiveChatPageSchema.parse(JSON.parse(p));
    for (const raw of page.items) {
      n++;
      const item = LiveChatItemSchema.safeParse(raw);
      if (item.success && ChatMessageSchema.safeParse(mapYouTubeItem(item.data, 'dQw4w9WgXcQ', 1_700_000_000_000)).success) ok++;
    }
  }
  return { n, ok };
}

function time(fn: () => { n: number; ok: number }, rounds: number): { us: number; n: number; ok: number } {
  fn(); // warm-up
  let best = Infinity;
  let last = { n: 0, ok: 0 };
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    last = fn();
    best = Math.min(best, ((performance.now() - t0) * 1000) / last.n);
  }
  return { us: best, ...last };
}

export const benchPlatforms: BenchPlugin = async (ctx) => {
  const corpus = await ctx.corpus();
  const sample = corpus.slice(0, ctx.quick ? 5_000 : 20_000);
  const batches = tiktokBatches(sample, 50);
  const tiktok = time(() => runTikTok(batches), ctx.quick ? 3 : 5);
  const pages = youtubePages(sample, 500);
  const youtube = time(() => runYouTube(pages), ctx.quick ? 3 : 5);
  ctx.log(`   TikTok:  ${round(tiktok.us)} µs a message (protobuf decode by the library + map + validate), ${tiktok.ok}/${tiktok.n} valid`);
  ctx.log(`   YouTube: ${round(youtube.us)} µs a message (JSON.parse + zod page/item + map + validate), ${youtube.ok}/${youtube.n} valid`);
  return { tiktok_us_per_msg: round(tiktok.us), youtube_us_per_msg: round(youtube.us) };
};
