/**
 * A simulcast under load, through the real app and the real platform clients: Twitch (tmi.js against
 * the local tmi-compatible server the tests use), TikTok (tiktok-live-connector against the fake
 * webcast server: sign call, room info, protobuf push socket) and YouTube (the Data API source polling
 * the fake REST server), each offered RATE msg/s of corpus texts for SECONDS, with 5 moderator sockets.
 *   simulcast_hold_to_moderator_ms_p99: held (heldAt, server clock) → the queue item on a moderator's
 *                                      socket, over every delivery to the 5 moderators;
 *   simulcast_msgs_per_s:              chat messages that reached the pipeline (counters.in) a second,
 *                                      over the send window plus the drain.
 * The fakes, the sender and the moderator sockets run in their own process (bench/simulcast-load.ts);
 * the app and its three platform clients run in this one.
 * Also logged: the wire → moderator time (the fake sent it → on a moderator's socket), which includes
 * YouTube's polling interval and TikTok's batching by design.
 */
import { fork } from 'node:child_process';
import { lookup as dnsLookup } from 'node:dns';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../server/config-load.js';
import { startApp } from '../server/app.js';
import { sourcesFromConfig } from '../server/sources/index.js';
import { tiktokSource } from '../server/sources/tiktok.js';
import { twitchSource } from '../server/sources/twitch.js';
import { youtubeSource } from '../server/sources/youtube.js';
import type { LoadSetup } from './simulcast-load.js';
import { bar, quantile, round } from './stats.js';
import type { BenchPlugin } from './types.js';

const RATE = 1_000; // msg/s per platform
const YT: LoadSetup['youtube'] = { apiKey: 'AIzaBenchKey_0123456789abcdefghij', oauthToken: 'ya29.bench-token-unused', videoId: 'live0000001', liveChatId: 'BenchChat', pollingIntervalMillis: 20 };

type Ready = { type: 'ready'; twitchPort: number; tiktokHost: string; tiktokSign: string; youtubeBase: string };
type Done = { type: 'done'; sent: number; sendMs: number; ticks: number; hold: number[]; wire: Record<string, number[]>; viaSnapshot: number };

export const benchSimulcast: BenchPlugin = async (ctx) => {
  const seconds = ctx.quick ? 3 : 10;
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-simulcast-'));
  // the fakes, the sender and the moderators run in their own process (bench/simulcast-load.ts)
  const load = fork(fileURLToPath(new URL('./simulcast-load.ts', import.meta.url)), [JSON.stringify({ rate: RATE, youtube: YT } satisfies LoadSetup)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      load.once('exit', (code) => reject(new Error(`the load process exited with ${code}`)));
      load.once('message', (m: Ready) => resolve(m));
    });
    const webClientOptions = { dnsLookup: (host: string, opts: object, cb: (...a: unknown[]) => void) => dnsLookup(host === 'tiktok.test' ? '127.0.0.1' : host, opts, cb as never) };
    const config = parseConfig(
      {
        server: { port: 0 },
        store: { path: join(dir, 'bench.db') },
        replay: { enabled: false },
        moderation: { holdTimeoutMs: 0 },
        twitch: { channels: ['luna_live'], server: '127.0.0.1', port: ready.twitchPort, secure: false },
        tiktok: { username: 'glowshop', signServerUrl: ready.tiktokSign, webHost: ready.tiktokHost, webcastHost: ready.tiktokHost },
        youtube: { videoId: YT.videoId, apiKey: YT.apiKey, baseUrl: ready.youtubeBase, minPollMs: 10 },
      },
      'bench',
    );
    const app = await startApp(config, {
      log: () => {},
      sources: (c) =>
        sourcesFromConfig(c, (cfg) => twitchSource(cfg, { clock: () => c.scheduler.now() }), {
          tiktok: (cfg) => tiktokSource(cfg, { webClientOptions }),
          youtube: (cfg) => youtubeSource(cfg),
        }),
    });
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    const in0 = app.counters.in;
    const t0 = Date.now();
    let lastIn = in0;
    let lastInAt = t0;
    const watch = setInterval(() => {
      if (app.counters.in !== lastIn) {
        lastIn = app.counters.in;
        lastInAt = Date.now();
      }
    }, 5);
    load.send({ type: 'go', wsBase: app.wsUrl('').replace(/\/$/, ''), token: app.tokens.moderator, seconds, drainMs: 3_000 });
    const done = await new Promise<Done>((resolve) => load.once('message', (m: Done) => resolve(m)));
    clearInterval(watch);
    stall.disable();
    const got = app.counters.in - in0;
    const held = app.counters.held;
    const hub = { ...app.hub.counters };
    await app.close();

    const p50 = quantile(done.hold, 0.5);
    const p99 = quantile(done.hold, 0.99);
    // from go to the last message reaching the pipeline (at least the send window)
    const firstToLastS = Math.max(done.sendMs, lastInAt - t0) / 1000;
    const rate = got / firstToLastS;
    ctx.log(`   offered ${RATE} msg/s on each of Twitch, TikTok and YouTube for ${(done.sendMs / 1000).toFixed(1)} s (${done.sent} messages, ${done.ticks} send ticks); ${got} reached the pipeline, the last ${((lastInAt - t0) / 1000).toFixed(1)} s after go: ${Math.round(rate)} msg/s`);
    ctx.log(`   hold → moderator socket  p50 ${p50.toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms  ${bar(p99, 100)}  (${held} held, 5 moderators, ${done.hold.length} deliveries, ${done.viaSnapshot} of them in a catch-up snapshot; ${hub.droppedPatches} patches dropped for moderators behind)`);
    ctx.log(`   the app's event loop stalled p99 ${(stall.percentile(99) / 1e6).toFixed(1)} ms, max ${(stall.max / 1e6).toFixed(1)} ms (the app, its three platform clients and the pipeline share it)`);
    for (const [p, l] of Object.entries(done.wire)) if (l.length) ctx.log(`   ${p.padEnd(8)} wire → moderator socket p50 ${quantile(l, 0.5).toFixed(1)} ms, p99 ${quantile(l, 0.99).toFixed(1)} ms (${l.length} deliveries)`);
    return { simulcast_hold_to_moderator_ms_p99: round(p99, 1), simulcast_msgs_per_s: Math.round(rate) };
  } finally {
    load.kill();
  }
};
