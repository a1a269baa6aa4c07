/**
 * Per-platform decode + normalise cost, per chat message, on the corpus's texts:
 *   tiktok_us_per_msg:  the library's own protobuf decoder (tiktok-live-connector's deserializeMessage on
 *                       a ProtoMessageFetchResult of 50 WebcastChatMessage, as the push socket delivers
 *                       them after gunzip) + normaliseTikTokChat (map + hand check, zod for what fails);
 *   youtube_us_per_msg: JSON.parse of a liveChatMessages.list page of 500 items + the page's zod schema
 *                       + youtubeChatFast per item (zod item schema + mapYouTubeItem + ChatMessageSchema
 *                       for anything it does not pass), as the source does.
 * Each is also timed all through zod (the code before the hand checks), in the same run, and logged.
 * Transport (gunzip, sockets, HTTP) is not included; those are the wire, not our code.
 */
import { performance } from 'node:perf_hooks';
import { deserializeMessage, ProtoMessageFetchResult, type WebcastChatMessage } from 'tiktok-live-connector';
import { ChatMessageSchema, type ChatMessage } from '../config/chat.js';
import { mapTikTokChat, normaliseTikTokChat } from '../server/sources/tiktok.js';
import { LiveChatItemSchema, LiveChatPageSchema, mapYouTubeItem, youtubeChatFast } from '../server/sources/youtube.js';
import { encodeEvent } from '../test/support/fake-tiktok.js';
import type { BenchPlugin } from './types.js';

const round = (n: number, d = 3): number => Math.round(n * 10 ** d) / 10 ** d;

export function tiktokBatches(msgs: readonly ChatMessage[], per: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < msgs.length; i += per) {
    const slice = msgs.slice(i, i + per);
    const messages = slice.map((m, j) => {
      const [method, payload] = encodeEvent({ kind: 'chat', msgId: String(7_000_000 + i + j), user: { id: String(6_900_000_000 + (j % 500)), uniqueId: m.user.name.replace(/[^A-Za-z0-9._]/g, '_').slice(0, 24) || 'viewer', nickname: m.user.displayName }, text: m.text }, '7301234567890');
      return { method, payload: Buffer.from(payload), msgId: String(i + j), msgType: 0, offset: String(i + j), isHistory: false, sampleFlag: 0 };
    });
    const base = ProtoMessageFetchResult.decode(new Uint8Array(0));
    // a Buffer already, as gunzip hands it to the library (no copy inside the timed loop)
    out.push(Buffer.from(ProtoMessageFetchResult.encode({ ...base, messages, cursor: `c${i}`, internalExt: `e${i}` }).finish()));
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

/** What the TikTok source does with each chat: map, then the hand check (zod for what fails it). */
export function runTikTok(batches: readonly Buffer[]): { n: number; ok: number } {
  let n = 0;
  let ok = 0;
  for (const b of batches) {
    const fetch = deserializeMessage('ProtoMessageFetchResult', b) as { messages: Array<{ decodedData?: { data: unknown } }> };
    for (const m of fetch.messages) {
      n++;
      if (typeof normaliseTikTokChat(m.decodedData?.data as WebcastChatMessage, 'glowshop', 1_700_000_000_000) !== 'string') ok++;
    }
  }
  return { n, ok };
}

/** What the YouTube source does with each item: the hand path for plain text messages, zod for the rest. */
export function runYouTube(pages: readonly string[]): { n: number; ok: number } {
  let n = 0;
  let ok = 0;
  for (const p of pages) {
    const page = LiveChatPageSchema.parse(JSON.parse(p));
    for (const raw of page.items) {
      n++;
      if (youtubeChatFast(raw, 'dQw4w9WgXcQ', 1_700_000_000_000)) {
        ok++;
        continue;
      }
      const item = LiveChatItemSchema.safeParse(raw);
      if (item.success && ChatMessageSchema.safeParse(mapYouTubeItem(item.data, 'dQw4w9WgXcQ', 1_700_000_000_000)).success) ok++;
    }
  }
  return { n, ok };
}

/** The same work all through zod (the sources before the hand checks): the baseline, measured in the same run. */
export function runTikTokZod(batches: readonly Buffer[]): { n: number; ok: number } {
  let n = 0;
  let ok = 0;
  for (const b of batches) {
    const fetch = deserializeMessage('ProtoMessageFetchResult', b) as { messages: Array<{ decodedData?: { data: unknown } }> };
    for (const m of fetch.messages) {
      n++;
      if (ChatMessageSchema.safeParse(mapTikTokChat(m.decodedData?.data as WebcastChatMessage, 'glowshop', 1_700_000_000_000)).success) ok++;
    }
  }
  return { n, ok };
}

export function runYouTubeZod(pages: readonly string[]): { n: number; ok: number } {
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
  const pages = youtubePages(sample, 500);
  const rounds = ctx.quick ? 3 : 5;
  // interleaved with the all-zod baseline, so both see the same machine load
  const tiktokZod = time(() => runTikTokZod(batches), rounds);
  const tiktok = time(() => runTikTok(batches), rounds);
  const youtubeZod = time(() => runYouTubeZod(pages), rounds);
  const youtube = time(() => runYouTube(pages), rounds);
  ctx.log(`   TikTok:  ${round(tiktok.us)} µs a message (protobuf decode by the library + map + hand check), ${tiktok.ok}/${tiktok.n} valid; all-zod baseline ${round(tiktokZod.us)} µs (${tiktokZod.ok} valid)`);
  ctx.log(`   YouTube: ${round(youtube.us)} µs a message (JSON.parse + zod page + hand-checked item and message), ${youtube.ok}/${youtube.n} valid; all-zod baseline ${round(youtubeZod.us)} µs (${youtubeZod.ok} valid)`);
  return { tiktok_us_per_msg: round(tiktok.us), youtube_us_per_msg: round(youtube.us) };
};
