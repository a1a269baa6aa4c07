/**
 * A simulcast under load, through the real app and the real platform clients: Twitch (tmi.js against
 * the local tmi-compatible server the tests use), TikTok (tiktok-live-connector against the fake
 * webcast server: sign call, room info, protobuf push socket) and YouTube (the Data API source polling
 * the fake REST server, which answers pollingIntervalMillis 1,000: a page holds about a second of
 * chat, as a real live chat's pages do, not a 20 ms trickle), each offered RATE msg/s of corpus
 * texts, with 5 moderator sockets.
 * Three processes: the app and its three platform clients here; the fakes and the sender in
 * bench/simulcast-load.ts; the moderators alone in bench/simulcast-mods.ts (so their receive times
 * are not the sender's lag). Each run sends WARMUP_MS (not counted: the app's first messages load
 * the sentiment model, the JIT warms up) and then SECONDS; a full bench makes RUNS runs, each with a
 * fresh app and fresh processes.
 *   simulcast_hold_to_moderator_ms_p99: held (heldAt, server clock) → the queue item on a moderator's
 *                                      socket, over every delivery to the 5 moderators of items held
 *                                      after the warm-up; the median of the runs' p99s (each run's p99,
 *                                      the p99 of all runs' deliveries together and the load average
 *                                      are logged beside it, so a tail in one run stays visible);
 *   simulcast_msgs_per_s:              chat messages that reached the pipeline (counters.in) a second,
 *                                      over the send window plus the drain (median of the runs).
 * SR_BENCH_PROFILE=<dir>: the first run's counted window is CPU-profiled (the app's process) into <dir>.
 * Also logged per run: that time split at the hub's flush (held → the patch leaves, on the server;
 * the patch leaves → the moderator has it), the app's event-loop stalls and GC pauses in the counted
 * window, the moderators' process's own lag, and the wire → moderator time per platform (the fake
 * sent it → on a moderator's socket), which includes YouTube's polling interval and TikTok's batching.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { lookup as dnsLookup } from 'node:dns';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../server/config-load.js';
import { startApp } from '../server/app.js';
import { sourcesFromConfig } from '../server/sources/index.js';
import { tiktokSource } from '../server/sources/tiktok.js';
import { twitchSource } from '../server/sources/twitch.js';
import { youtubeSource } from '../server/sources/youtube.js';
import type { LoadDone, LoadSetup } from './simulcast-load.js';
import type { ModsDone } from './simulcast-mods.js';
import { bar, median, quantile, round } from './stats.js';
import type { BenchPlugin } from './types.js';

/** msg/s per platform (SR_SIMULCAST_RATE overrides it for a diagnosis: the key is only comparable at 1,000). */
const RATE = Number(process.env['SR_SIMULCAST_RATE'] ?? 1_000);
const RUNS = 3;
const WARMUP_MS = 1_500;
const DRAIN_MS = 3_000;
const YT: LoadSetup['youtube'] = { apiKey: 'AIzaBenchKey_0123456789abcdefghij', oauthToken: 'ya29.bench-token-unused', videoId: 'live0000001', liveChatId: 'BenchChat', pollingIntervalMillis: 1_000 };

type Ready = { type: 'ready'; twitchPort: number; tiktokHost: string; tiktokSign: string; youtubeBase: string };

interface Run {
  p50: number;
  p99: number;
  /** held → the patch leaves the server; the patch leaves → a moderator has it (p99 each). */
  serverP99: number;
  clientP99: number;
  deliveries: number[];
  items: number;
  viaSnapshot: number;
  droppedPatches: number;
  rate: number;
  got: number;
  sent: number;
  stallP99: number;
  stallMax: number;
  gcCount: number;
  gcMaxMs: number;
  gcTotalMs: number;
  modsLagMax: number;
  /** The app process's CPU time over wall time in the counted window (1 = one core). */
  cpuShare: number;
  /** The app's CPU time (all its threads) per message that reached the pipeline in the counted window. */
  cpuUsPerMsg: number;
  load: string;
  wire: Record<string, number[]>;
}

/** The next IPC message of a given type from a child. */
function next<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null): void => reject(new Error(`a bench process exited with ${code} before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const loadavg = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function runOnce(seconds: number, profileDir: string | null): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-simulcast-'));
  const child = (file: string, args: string[] = []): ChildProcess =>
    fork(fileURLToPath(new URL(file, import.meta.url)), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const load = child('./simulcast-load.ts', [JSON.stringify({ rate: RATE, youtube: YT } satisfies LoadSetup)]);
  const mods = child('./simulcast-mods.ts');
  try {
    const ready = await next<Ready>(load, 'ready');
    const webClientOptions = { dnsLookup: (host: string, opts: object, cb: (...a: unknown[]) => void) => dnsLookup(host === 'tiktok.test' ? '127.0.0.1' : host, opts, cb as never) };
    const config = parseConfig(
      {
        server: { port: 0 },
        store: { path: join(dir, 'bench.db') },
        replay: { enabled: false },
        moderation: { holdTimeoutMs: 0 },
        twitch: { channels: ['luna_live'], server: '127.0.0.1', port: ready.twitchPort, secure: false },
        tiktok: { username: 'glowshop', signServerUrl: ready.tiktokSign, webHost: ready.tiktokHost, webcastHost: ready.tiktokHost },
        youtube: { videoId: YT.videoId, apiKey: YT.apiKey, baseUrl: ready.youtubeBase, minPollMs: 10, maxResults: 2_000 },
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
    mods.send({ type: 'go', wsBase: app.wsUrl('').replace(/\/$/, ''), token: app.tokens.moderator });
    await next(mods, 'ready');

    const stall = monitorEventLoopDelay({ resolution: 5 });
    const gcs: number[] = [];
    let counting = false;
    const gcWatch = new PerformanceObserver((list) => {
      if (counting) for (const e of list.getEntries()) gcs.push(e.duration);
    });
    gcWatch.observe({ entryTypes: ['gc'] });
    const in0 = app.counters.in;
    let lastIn = in0;
    let lastInAt = Date.now();
    const watch = setInterval(() => {
      if (app.counters.in !== lastIn) {
        lastIn = app.counters.in;
        lastInAt = Date.now();
      }
    }, 5);
    const sending = next<{ type: 'sending'; at: number }>(load, 'sending');
    const finished = next<LoadDone>(load, 'done');
    load.send({ type: 'go', seconds, warmupMs: WARMUP_MS, drainMs: DRAIN_MS });
    const t0 = (await sending).at;
    const countFrom = t0 + WARMUP_MS;
    let inAtCount = app.counters.in;
    let cpu0 = process.cpuUsage();
    let cpuFrom = performance.now();
    const profiler = profileDir ? new Session() : null;
    const startCounting = setTimeout(() => {
      counting = true;
      if (profiler) {
        profiler.connect();
        profiler.post('Profiler.enable', () => profiler.post('Profiler.start'));
      }
      stall.enable();
      cpu0 = process.cpuUsage();
      cpuFrom = performance.now();
      inAtCount = app.counters.in;
    }, countFrom - Date.now());
    const done = await finished;
    if (profiler && profileDir) {
      const profile = await new Promise<unknown>((resolve) => profiler.post('Profiler.stop', (_err, r) => resolve(r?.profile)));
      profiler.disconnect();
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, `simulcast-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - cpuFrom);
    const cpuUsPerMsg = (cpu.user + cpu.system) / Math.max(1, app.counters.in - inAtCount);
    clearTimeout(startCounting);
    clearInterval(watch);
    stall.disable();
    gcWatch.disconnect();
    const modsDone = next<ModsDone>(mods, 'done');
    mods.send({ type: 'stop' });
    const got = app.counters.in - in0;
    const droppedPatches = app.hub.counters.droppedPatches;
    await app.close();
    const m = await modsDone;
    const load1 = loadavg();

    const sentAt = new Map(done.sentAt);
    const counted = m.deliveries.filter(([heldAt]) => heldAt >= countFrom);
    const hold = counted.map(([heldAt, , at]) => at - heldAt);
    const wire: Record<string, number[]> = { twitch: [], tiktok: [], youtube: [] };
    for (const [, , at, messageId, platform] of counted) {
      const s = sentAt.get(messageId);
      if (s !== undefined) wire[platform]?.push(at - s);
    }
    const firstToLastS = Math.max(done.sendMs, lastInAt - t0) / 1000;
    return {
      p50: quantile(hold, 0.5),
      p99: quantile(hold, 0.99),
      serverP99: quantile(
        counted.map(([heldAt, serverNow]) => serverNow - heldAt),
        0.99,
      ),
      clientP99: quantile(
        counted.map(([, serverNow, at]) => at - serverNow),
        0.99,
      ),
      deliveries: hold,
      items: new Set(counted.map((d) => d[3])).size,
      viaSnapshot: m.viaSnapshot,
      droppedPatches,
      rate: got / firstToLastS,
      got,
      sent: done.sent,
      stallP99: stall.percentile(99) / 1e6,
      stallMax: stall.max / 1e6,
      gcCount: gcs.length,
      gcMaxMs: gcs.length ? Math.max(...gcs) : 0,
      gcTotalMs: gcs.reduce((a, b) => a + b, 0),
      modsLagMax: m.lagMaxMs,
      cpuShare,
      cpuUsPerMsg,
      load: load1,
      wire,
    };
  } finally {
    load.kill();
    mods.kill();
  }
}

export const benchSimulcast: BenchPlugin = async (ctx) => {
  const seconds = ctx.quick ? 3 : 10;
  const runs = ctx.quick ? 1 : RUNS;
  ctx.log(`   ${runs} run(s): ${RATE} msg/s on each of Twitch, TikTok and YouTube, ${WARMUP_MS / 1000} s warm-up (not counted) + ${seconds} s, 5 moderators; load average before: ${loadavg()} (${os.cpus().length} CPUs)`);
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runOnce(seconds, i === 0 ? (process.env['SR_BENCH_PROFILE'] ?? null) : null);
    results.push(r);
    ctx.log(
      `   run ${i + 1}: hold → moderator p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms ${bar(r.p99, 100, 20)} (server: held → patch sent p99 ${r.serverP99.toFixed(1)}; patch sent → moderator p99 ${r.clientP99.toFixed(1)}); ${r.items} items, ${r.deliveries.length} deliveries, ${r.viaSnapshot} via a catch-up snapshot, ${r.droppedPatches} patches dropped`,
    );
    ctx.log(
      `          ${r.got}/${r.sent} reached the pipeline (${Math.round(r.rate)} msg/s); the app used ${(r.cpuShare * 100).toFixed(0)} % of a core (${Math.round(r.cpuUsPerMsg)} µs CPU a message, sockets to SQLite to hub); its event loop stalled p99 ${r.stallP99.toFixed(1)} ms, max ${r.stallMax.toFixed(1)} ms; GC ${r.gcCount}× (max ${r.gcMaxMs.toFixed(1)} ms, total ${Math.round(r.gcTotalMs)} ms); moderators' own lag max ${r.modsLagMax.toFixed(1)} ms; load average after: ${r.load}`,
    );
    if (r.got < r.sent) ctx.log(`          ⚠ not all chat reached the pipeline by the end of the drain: the app had ${(r.cpuShare * 100).toFixed(0)} % of a core (load average ${r.load} on ${os.cpus().length} CPUs); this run measured a machine short of CPU, not the app's latency`);
    ctx.log(`          wire → moderator p50/p99: ${Object.entries(r.wire).map(([p, l]) => `${p} ${quantile(l, 0.5).toFixed(0)}/${quantile(l, 0.99).toFixed(0)} ms`).join(', ')}`);
  }
  const p99 = median(results.map((r) => r.p99));
  const all = results.flatMap((r) => r.deliveries);
  ctx.log(`   hold → moderator p99: median of the runs ${p99.toFixed(1)} ms ${bar(p99, 100)} (runs: ${results.map((r) => r.p99.toFixed(1)).join(', ')}; all runs' deliveries together: p99 ${quantile(all, 0.99).toFixed(1)} ms, p50 ${quantile(all, 0.5).toFixed(1)} ms)`);
  return { simulcast_hold_to_moderator_ms_p99: round(p99, 1), simulcast_msgs_per_s: Math.round(median(results.map((r) => r.rate))) };
};
