/**
 * The server end to end, under load and over it. A server process of its own (bench/app-child.ts);
 * this process generates the load over loopback:
 * - throughput: ws ingest → pipeline → store → hub → one moderator socket, in frames of 1 and of
 *   100 messages, sent as fast as the server reads them (it pauses reading past its budget); the
 *   clock stops when every message went through the pipeline. Ratio to the bare pipeline (filters,
 *   classification, questions and mood, no I/O) measured here on the same lines.
 * - overload: twice the measured frame-of-100 rate offered for `--overload-s` seconds over a ws
 *   (frames of 100) and HTTP posts (batches of 100), with 5 moderators connected and /api/health
 *   asked every 50 ms: health p99, hold → moderator p99, and conservation (in + invalid + refused =
 *   sent, counted by the server; the sender stops offering while its socket is backed up).
 */
import { mkdtempSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import WebSocket from 'ws';
import type { Annotated, ChatMessage } from '../config/chat.js';
import { createFilterEngine } from '../filters/engine.js';
import { parseConfig } from '../server/config-load.js';
import { newCounters, pipeline } from '../server/pipeline/pipeline.js';
import { createInsights } from '../server/pipeline/insights-stage.js';
import { AppChild } from './child.js';
import { bar, quantile, round } from './stats.js';
import type { BenchContext, BenchPlugin } from './types.js';

const HIGH_WATER = 512 * 1024;

/** A message as a platform sends it: no receivedAt (the server stamps it), an id unique per round. */
export function wire(m: ChatMessage, round: number): Record<string, unknown> {
  const { receivedAt: _r, ...rest } = m;
  return round === 0 ? rest : { ...rest, id: `${m.id}-r${round}`, user: { ...m.user, id: `${m.user.id}-r${round}`, name: `${m.user.name}-r${round}` } };
}

/** Messages per second of the bare pipeline (filters + classify + insights) on the same lines, in this process. */
function barePipeline(corpus: readonly ChatMessage[], n: number): number {
  const config = parseConfig({}, 'bench');
  let virtualNow = 0;
  const scheduler = { now: () => virtualNow, schedule: () => ({ unsubscribe() {} }) } as never;
  const insights = createInsights(config.insights, []);
  const input = new Subject<ChatMessage>();
  input.pipe(pipeline(createFilterEngine(config.filters), newCounters(), scheduler)).subscribe((a: Annotated) => {
    if (a.verdict.action === 'allow') insights.observe(a, virtualNow);
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const m = corpus[i % corpus.length]!;
    virtualNow = m.receivedAt;
    input.next(m);
  }
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function openWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A moderator console: records hold → socket latency from queue patches (feed frames are skipped unparsed). */
function moderator(ws: WebSocket, latencies: number[] | null): void {
  ws.on('message', (data) => {
    const at = Date.now();
    if (!latencies) return;
    const s = data.toString();
    if (!s.startsWith('{"type":"patch"') || !s.includes('"queue"')) return;
    const f = JSON.parse(s) as { ops: { op: string; path: string[]; value?: { heldAt: number } }[] };
    for (const op of f.ops) if (op.op === 'set' && op.path[0] === 'queue' && op.path.length === 2 && op.value) latencies.push(at - op.value.heldAt);
  });
}

/** Sends pre-built frames as fast as the socket takes them; resolves when every frame has its reply. */
function pump(ws: WebSocket, frames: readonly string[]): Promise<void> {
  let replies = 0;
  let i = 0;
  return new Promise((resolve) => {
    ws.on('message', () => {
      if (++replies === frames.length) resolve();
    });
    const go = (): void => {
      while (i < frames.length && ws.bufferedAmount < HIGH_WATER) ws.send(frames[i++]!);
      if (i < frames.length) setTimeout(go, 1);
    };
    go();
  });
}

async function throughput(ctx: BenchContext, corpus: readonly ChatMessage[], frameSize: number, n: number, warm: number): Promise<{ rate: number; held: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-ingest-'));
  const child = await AppChild.start({ store: { path: join(dir, 'bench.db') } });
  try {
    const mod = await openWs(child.wsUrl(`/ws/control?token=${child.tokens['moderator']}&name=mod`));
    moderator(mod, []);
    const build = (from: number, count: number, round: number): string[] => {
      const frames: string[] = [];
      for (let i = from; i < from + count; i += frameSize) {
        const batch = [];
        for (let j = i; j < Math.min(i + frameSize, from + count); j++) batch.push(wire(corpus[j % corpus.length]!, round + Math.floor(j / corpus.length)));
        frames.push(JSON.stringify(frameSize === 1 ? batch[0] : batch));
      }
      return frames;
    };
    // warm the server's JIT with other lines first
    const warmWs = await openWs(child.wsUrl(`/ws/ingest?token=${child.tokens['ingest']}`));
    await pump(warmWs, build(corpus.length - warm, warm, 7));
    await child.waitIn(warm);
    warmWs.close();
    const frames = build(0, n, 0);
    const ws = await openWs(child.wsUrl(`/ws/ingest?token=${child.tokens['ingest']}`));
    const before = await child.stats();
    const t0 = Date.now();
    const replied = pump(ws, frames);
    const reached = await child.waitIn(warm + n);
    await replied;
    const after = await child.stats();
    const rate = n / ((reached.at - t0) / 1000);
    ctx.log(`ingest frames of ${String(frameSize).padEnd(3)} ${Math.round(rate).toLocaleString('en').padStart(8)} msg/s  ${bar(rate, 40_000)}  (${n.toLocaleString('en')} messages, ${after.counters.held - before.counters.held} held, refused ${after.counters.refused}, queue ${after.queue})`);
    ws.close();
    mod.close();
    return { rate, held: after.counters.held - before.counters.held };
  } finally {
    await child.close();
  }
}

interface OverloadResult {
  healthP99: number;
  healthP50: number;
  holdP99: number;
  holdP50: number;
  deliveries: number;
  conserved: boolean;
  sent: number;
  refused: number;
  processedRate: number;
  offeredRate: number;
  stallMaxMs: number;
}

/** One GET /api/health on a kept-alive agent: its round trip in ms. */
export function getHealth(agent: Agent, port: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
    req.end();
  });
}

function postBatch(agent: Agent, port: number, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/ingest', method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function overload(ctx: Pick<BenchContext, 'log'>, corpus: readonly ChatMessage[], offeredRate: number, seconds: number, overrides: Record<string, unknown> = {}): Promise<OverloadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-overload-'));
  const child = await AppChild.start({ store: { path: join(dir, 'bench.db') }, ...overrides });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const holdLatencies: number[] = [];
    const mods: WebSocket[] = [];
    for (let i = 0; i < 5; i++) {
      const ws = await openWs(child.wsUrl(`/ws/control?token=${child.tokens['moderator']}&name=mod${i}`));
      moderator(ws, holdLatencies);
      mods.push(ws);
    }
    const ingest = await openWs(child.wsUrl(`/ws/ingest?token=${child.tokens['ingest']}`));
    let wsReplies = 0;
    ingest.on('message', () => wsReplies++);
    let wsFrames = 0;
    let sent = 0;
    let deferred = 0;
    let next = 0;
    const frame = (): string => {
      const batch = [];
      for (let j = 0; j < 100; j++, next++) batch.push(wire(corpus[next % corpus.length]!, 1 + Math.floor(next / corpus.length)));
      return JSON.stringify(batch);
    };
    const health: number[] = [];
    let running = true;
    const healthLoop = (async () => {
      while (running) {
        const t = performance.now();
        health.push(await getHealth(agent, child.port));
        await new Promise((r) => setTimeout(r, Math.max(0, 50 - (performance.now() - t))));
      }
    })();
    let httpInFlight: Promise<void> = Promise.resolve();
    let httpBusy = false;
    let http429 = 0;
    child.resetStall();
    const before = await child.stats();
    const t0 = Date.now();
    let offered = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = (Date.now() - t0) / 1000;
        const due = Math.floor(offeredRate * Math.min(elapsed, seconds)) - offered;
        for (let k = 0; k + 100 <= due; k += 100) {
          offered += 100;
          // a tenth as HTTP posts, one at a time
          if (!httpBusy && offered % 1000 === 0) {
            httpBusy = true;
            sent += 100;
            httpInFlight = postBatch(agent, child.port, child.tokens['ingest']!, frame()).then((status) => {
              if (status === 429) http429++;
              httpBusy = false;
            });
            continue;
          }
          // the ws sender backs off while its socket is backed up (the server pauses reading): those are not sent
          if (ingest.bufferedAmount > HIGH_WATER) {
            deferred += 100;
            next += 100;
            continue;
          }
          ingest.send(frame());
          wsFrames++;
          sent += 100;
        }
        if (elapsed >= seconds) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    const sendSeconds = (Date.now() - t0) / 1000;
    const mid = await child.stats();
    // every frame answered, every post answered, the backlog worked off
    while (wsReplies < wsFrames) await new Promise((r) => setTimeout(r, 20));
    await httpInFlight;
    running = false;
    await healthLoop;
    await child.waitIn(0);
    const after = await child.stats();
    const c = after.counters;
    const b = before.counters;
    const got = c.in - b.in + (c.invalid - b.invalid) + (c.refused - b.refused);
    const result: OverloadResult = {
      healthP99: quantile(health, 0.99),
      healthP50: quantile(health, 0.5),
      holdP99: quantile(holdLatencies, 0.99),
      holdP50: quantile(holdLatencies, 0.5),
      deliveries: holdLatencies.length,
      conserved: got === sent,
      sent,
      refused: c.refused - b.refused,
      processedRate: (mid.counters.in - b.in) / sendSeconds,
      offeredRate,
      stallMaxMs: after.stallMaxMs,
    };
    ctx.log(`overload ${Math.round(offeredRate).toLocaleString('en')} msg/s offered for ${seconds} s: processed ${Math.round(result.processedRate).toLocaleString('en')} msg/s; sent ${sent.toLocaleString('en')}, client backed off ${deferred.toLocaleString('en')}, refused ${result.refused} (${http429} HTTP 429s), queue ${after.queue}`);
    ctx.log(`   /api/health      p50 ${result.healthP50.toFixed(1).padStart(6)} ms  p99 ${result.healthP99.toFixed(1).padStart(6)} ms  ${bar(result.healthP99, 100)}  (${health.length} requests; max event-loop stall ${result.stallMaxMs.toFixed(0)} ms)`);
    ctx.log(`   hold → moderator p50 ${result.holdP50.toFixed(1).padStart(6)} ms  p99 ${result.holdP99.toFixed(1).padStart(6)} ms  ${bar(result.holdP99, 250)}  (${result.deliveries} deliveries to 5 moderators)`);
    ctx.log(`   conservation: in + invalid + refused = ${got.toLocaleString('en')}, sent ${sent.toLocaleString('en')}: ${result.conserved ? 'kept' : 'BROKEN'}`);
    ingest.close();
    for (const m of mods) m.close();
    return result;
  } finally {
    agent.destroy();
    await child.close();
  }
}

export const benchIngest: BenchPlugin = async (ctx) => {
  const corpus = await ctx.corpus();
  const quick = ctx.quick;
  const pipelineRate = barePipeline(corpus, quick ? 30_000 : 100_000);
  ctx.log(`bare pipeline     ${Math.round(pipelineRate).toLocaleString('en').padStart(8)} msg/s  ${bar(pipelineRate, 40_000)}  (same lines, this process, no I/O)`);
  const f1 = await throughput(ctx, corpus, 1, quick ? 20_000 : 60_000, quick ? 5_000 : 20_000);
  const f100 = await throughput(ctx, corpus, 100, quick ? 50_000 : 150_000, quick ? 10_000 : 40_000);
  const seconds = ctx.overloadSeconds ?? (quick ? 10 : 20);
  const o = await overload(ctx, corpus, 2 * f100.rate, seconds);
  return {
    ingest_msgs_per_s: Math.round(f100.rate),
    ingest_msgs_per_s_frame1: Math.round(f1.rate),
    ingest_msgs_per_s_frame100: Math.round(f100.rate),
    ingest_vs_pipeline: round(f100.rate / pipelineRate, 2),
    health_ms_p99: round(o.healthP99, 1),
    overload_hold_to_moderator_ms_p99: round(o.holdP99, 1),
    overload_refused: o.refused,
    overload_seconds: seconds,
    ingest_conserved: o.conserved,
  };
};
