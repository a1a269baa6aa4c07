/**
 * The load soak (`npm run soak -- --minutes N`, part of scripts/soak.ts): a server process of its
 * own, loopback only, fed `--rate` messages a second (default 5,000) over the ingest ws for N
 * minutes (default 10), with 5 moderator consoles (one of them rejecting what it sees, 20 items
 * every 2 s), 100 overlay pages, a 30 s hold timeout, and /api/health asked every 100 ms.
 * Besides the steady holds (about 4 % of the lines), a wave of 20,000 comments that the filters
 * hold whoever sends them (personal data, abuse) goes in at once early in the run, so 20,000 holds
 * time out together 30 s later: the case that once stalled the server for seconds.
 * Every 5 s it samples the server's RSS, its longest event-loop stall (perf_hooks
 * monitorEventLoopDelay) and the health p99; it draws them, and checks: RSS in the last third
 * within 10 % of that third's mean, no stall over 250 ms, health p99 ≤ 100 ms over the run and
 * while the wave expires, at least 20,000 hold timeouts, in + invalid + refused = sent. The
 * figures end as one JSON line (`soak {...}`, the keys of SOAK_KEYS).
 * With SR_BENCH_TRACE_GC=<file> the server runs with --trace-gc into <file>, and the soak adds its
 * GC pauses and the GC beside each stall over 150 ms (scripts/soak-gc.ts) before the JSON line.
 * Bounded: at most 120 minutes, the load stops at the deadline, the wait for the backlog is capped.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import WebSocket from 'ws';
import { AppChild, type ChildStats } from '../bench/child.js';
import { buildCorpus } from '../bench/corpus.js';
import { getHealth, wire } from '../bench/ingest.js';
import { quantile, round } from '../bench/stats.js';
import type { Annotated, ChatMessage } from '../config/chat.js';
import { createFilterEngine } from '../filters/engine.js';
import { parseConfig } from '../server/config-load.js';
import { newCounters, pipeline } from '../server/pipeline/pipeline.js';
import { gcReport, parseGcTrace } from './soak-gc.js';

/** The keys of the soak's JSON line, in this order. */
export const SOAK_KEYS = [
  'soak_minutes',
  'soak_rate',
  'soak_msgs_in',
  'soak_rss_mb_last_third',
  'soak_rss_spread_pct',
  'soak_stall_max_ms',
  'soak_health_ms_p99',
  'soak_hold_timeouts',
  'soak_wave_holds',
  'soak_wave_health_ms_p99',
  'soak_wave_stall_max_ms',
  'soak_conserved',
  'soak_ok',
] as const;
export type SoakFigures = Record<(typeof SOAK_KEYS)[number], number | boolean>;

const HOLD_TIMEOUT_MS = 30_000;
const STALL_LIMIT_MS = 250;
const HEALTH_LIMIT_MS = 100;
const TIMEOUTS_WANTED = 20_000;
/** Lines sent before the clock starts, to warm the server up. */
const WARM = 20_000;

export interface LoadSoakOptions {
  readonly minutes: number;
  readonly rate: number;
  readonly log: (line: string) => void;
  /** Comments in the wave of holds (default 20,000; 0: no wave). */
  readonly wave?: number;
}

interface Sample {
  t: number;
  rssMb: number;
  stallMs: number;
  healthP99: number;
  inRate: number;
  queue: number;
  timeouts: number;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * Lines of the corpus that the default filters hold for what they say (personal data, abuse), not
 * for when or how often they come (floods, raids): sent by a fresh viewer, each one is held.
 */
export function heldWhoeverSends(corpus: readonly ChatMessage[]): ChatMessage[] {
  const config = parseConfig({}, 'soak');
  let virtualNow = 0;
  const scheduler = { now: () => virtualNow, schedule: () => ({ unsubscribe() {} }) } as never;
  const input = new Subject<ChatMessage>();
  const out: ChatMessage[] = [];
  input.pipe(pipeline(createFilterEngine(config.filters), newCounters(), scheduler)).subscribe((a: Annotated) => {
    if (a.verdict.action === 'hold' && a.verdict.reasons.every((r) => /^(privacy|abuse)\./.test(r.filter))) out.push(a.message);
  });
  for (const m of corpus.slice(0, 50_000)) {
    virtualNow = m.receivedAt;
    input.next(m);
  }
  input.complete();
  return out;
}

/** The wave's i-th comment: a held line again, from a viewer of its own. */
function waveItem(templates: readonly ChatMessage[], i: number): Record<string, unknown> {
  const m = templates[i % templates.length]!;
  const { receivedAt: _r, ...rest } = m;
  return { ...rest, id: `wave-${i}`, user: { ...m.user, id: `wave-viewer-${i}`, name: `wave${i}`, displayName: `wave${i}` } };
}

/** A small chart: one column per sample (resampled to `width`), `height` rows, the scale on the left. */
export function asciiChart(title: string, values: readonly number[], unit: string, height = 8, width = 60): string[] {
  if (values.length === 0) return [`${title}: no samples`];
  const cols: number[] = [];
  for (let c = 0; c < Math.min(width, values.length); c++) {
    const from = Math.floor((c * values.length) / Math.min(width, values.length));
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / Math.min(width, values.length)));
    cols.push(Math.max(...values.slice(from, to)));
  }
  const max = Math.max(...cols);
  const min = Math.min(0, ...cols);
  const span = max - min || 1;
  const lines = [`${title} (max ${max.toFixed(1)} ${unit})`];
  for (let r = height - 1; r >= 0; r--) {
    const level = min + (span * (r + 0.5)) / height;
    const label = r === height - 1 ? max.toFixed(0) : r === 0 ? min.toFixed(0) : '';
    lines.push(`${label.padStart(7)} │${cols.map((v) => (v >= level ? '█' : ' ')).join('')}`);
  }
  lines.push(`${''.padStart(7)} └${'─'.repeat(cols.length)} time →`);
  return lines;
}

export async function soakLoad(opts: LoadSoakOptions): Promise<boolean> {
  const minutes = Math.min(120, Math.max(0.25, opts.minutes));
  const log = opts.log;
  const corpus = buildCorpus(200_000);
  const waveSize = Math.max(0, opts.wave ?? TIMEOUTS_WANTED);
  const templates = waveSize > 0 ? heldWhoeverSends(corpus) : [];
  if (waveSize > 0 && templates.length === 0) throw new Error('soak: the corpus has no line the filters hold whoever sends it');
  const dir = mkdtempSync(join(tmpdir(), 'sr-soak-'));
  const child = await AppChild.start({ store: { path: join(dir, 'soak.db') }, moderation: { holdTimeoutMs: HOLD_TIMEOUT_MS } });
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const sockets: WebSocket[] = [];
  try {
    // the wave goes in once the server is warm, early enough that it expires well inside the run
    const waveAtS = Math.min(60, Math.max(5, minutes * 60 * 0.1));
    log(`load soak: ${opts.rate.toLocaleString('en')} msg/s for ${minutes} min, 5 moderators, 100 overlays, hold timeout ${HOLD_TIMEOUT_MS / 1000} s, a wave of ${waveSize.toLocaleString('en')} holds at ${waveAtS.toFixed(0)} s (server in its own process, 127.0.0.1:${child.port})`);
    // 5 moderators; mod0 rejects what it sees on its page
    const visible = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const ws = await open(child.wsUrl(`/ws/control?token=${child.tokens['moderator']}&name=mod${i}`));
      if (i === 0) {
        ws.on('message', (d) => {
          const s = d.toString();
          if (!s.includes('"queue"')) return;
          const f = JSON.parse(s) as { type: string; state?: { queue?: Record<string, unknown> }; ops?: { op: string; path: string[] }[] };
          if (f.type === 'snapshot') for (const id of Object.keys(f.state?.queue ?? {})) visible.add(id);
          for (const op of f.ops ?? []) {
            if (op.path[0] !== 'queue' || op.path.length !== 2) continue;
            if (op.op === 'set') visible.add(op.path[1]!);
            else visible.delete(op.path[1]!);
          }
        });
      }
      sockets.push(ws);
    }
    let overlayFrames = 0;
    for (let i = 0; i < 100; i++) {
      const ws = await open(child.wsUrl('/ws/overlay'));
      ws.on('message', () => overlayFrames++);
      sockets.push(ws);
    }
    // warm the server's JIT first (lines of a round of their own, not counted): a cold start is not the soak's question
    const warm = await open(child.wsUrl(`/ws/ingest?token=${child.tokens['ingest']}`));
    const warmed = (await child.stats()).counters.in + WARM;
    for (let i = 0; i < WARM; i += 100) {
      const batch = [];
      for (let j = i; j < i + 100; j++) batch.push(wire(corpus[j % corpus.length]!, 1_000));
      warm.send(JSON.stringify(batch));
      while (warm.bufferedAmount > 512 * 1024) await new Promise((r) => setTimeout(r, 5));
    }
    await child.waitIn(warmed);
    warm.terminate();
    const ingest = await open(child.wsUrl(`/ws/ingest?token=${child.tokens['ingest']}`));
    sockets.push(ingest);
    const waveWs = await open(child.wsUrl(`/ws/ingest?token=${child.tokens['ingest']}`));
    sockets.push(waveWs);
    let replies = 0;
    ingest.on('message', () => replies++);
    waveWs.on('message', () => replies++);

    const t0 = Date.now();
    const end = t0 + minutes * 60_000;
    let frames = 0;
    let sent = 0;
    let deferred = 0;
    let next = 0;
    let decisions = 0;
    const healthAll: { at: number; ms: number }[] = [];
    let healthWindow: number[] = [];
    const samples: Sample[] = [];
    let lastIn = 0;
    let lastSampleAt = t0;
    child.resetStall();
    const start = await child.stats();
    lastIn = start.counters.in;

    // the wave: frames of 100 as fast as the server reads them (it pauses reading past its budget)
    let waveSent = 0;
    let waveDoneAt: number | null = waveSize === 0 ? t0 : null;
    /** Timeouts counted when the wave was in (the first sample after it). */
    let waveTimeoutsBefore: number | null = null;
    const waveTimer = setInterval(() => {
      if (waveDoneAt !== null || Date.now() < t0 + waveAtS * 1000) return;
      while (waveSent < waveSize && waveWs.bufferedAmount < 512 * 1024) {
        const batch = [];
        for (let j = 0; j < 100 && waveSent < waveSize; j++) batch.push(waveItem(templates, waveSent++));
        waveWs.send(JSON.stringify(batch));
        frames++;
        sent += batch.length;
      }
      if (waveSent >= waveSize) waveDoneAt = Date.now();
    }, 10);
    const loadTimer = setInterval(() => {
      const due = Math.floor((opts.rate * (Math.min(Date.now(), end) - t0)) / 1000) - next - deferred;
      for (let k = 0; k + 50 <= due; k += 50) {
        if (ingest.bufferedAmount > 512 * 1024) {
          deferred += 50;
          continue;
        }
        const batch = [];
        for (let j = 0; j < 50; j++, next++) batch.push(wire(corpus[next % corpus.length]!, 1 + Math.floor(next / corpus.length)));
        ingest.send(JSON.stringify(batch));
        frames++;
        sent += 50;
      }
    }, 10);
    const decideTimer = setInterval(() => {
      const ids = [...visible].slice(0, 20);
      if (ids.length === 0) return;
      for (const id of ids) visible.delete(id);
      sockets[0]!.send(JSON.stringify({ type: 'command', id: `d${++decisions}`, command: { kind: 'moderation.decide', itemIds: ids, decision: 'reject' } }));
    }, 2000);
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        const ms = await getHealth(agent, child.port);
        healthAll.push({ at: Date.now(), ms });
        healthWindow.push(ms);
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - t))));
      }
    })();

    // the wave expires from HOLD_TIMEOUT_MS after it was sent until the timeouts counter has risen by
    // its size (steady holds expire alongside, so the window gets 10 s more at the end)
    let waveExpiredAt: number | null = null;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(5000, end - Date.now())));
      const s: ChildStats = await child.stats();
      child.resetStall();
      const now = Date.now();
      samples.push({ t: (now - t0) / 1000, rssMb: s.rssMb, stallMs: s.stallMaxMs, healthP99: quantile(healthWindow, 0.99), inRate: (s.counters.in - lastIn) / ((now - lastSampleAt) / 1000), queue: s.queue, timeouts: s.timeouts });
      if (waveSize > 0 && waveDoneAt !== null && waveTimeoutsBefore === null) waveTimeoutsBefore = s.timeouts;
      if (waveTimeoutsBefore !== null && waveExpiredAt === null && waveDoneAt !== null && now > waveDoneAt + HOLD_TIMEOUT_MS && s.timeouts - waveTimeoutsBefore >= waveSize) waveExpiredAt = now;
      healthWindow = [];
      lastIn = s.counters.in;
      lastSampleAt = now;
      const x = samples[samples.length - 1]!;
      log(`  ${x.t.toFixed(0).padStart(5)} s  rss ${x.rssMb.toFixed(0).padStart(4)} MB  stall ${x.stallMs.toFixed(0).padStart(4)} ms  health p99 ${x.healthP99.toFixed(1).padStart(6)} ms  in ${Math.round(x.inRate).toLocaleString('en').padStart(6)}/s  queue ${x.queue}  timeouts ${x.timeouts}`);
    }
    clearInterval(loadTimer);
    clearInterval(waveTimer);
    clearInterval(decideTimer);
    // every frame answered and the backlog worked off (capped at a minute)
    const capAt = Date.now() + 60_000;
    while (replies < frames && Date.now() < capAt) await new Promise((r) => setTimeout(r, 20));
    await Promise.race([child.waitIn(0), new Promise((r) => setTimeout(r, Math.max(0, capAt - Date.now())))]);
    polling = false;
    await poller;
    const fin = await child.stats();
    const c = fin.counters;
    const got = c.in - start.counters.in + (c.invalid - start.counters.invalid) + (c.refused - start.counters.refused);

    const third = samples.slice(Math.floor((samples.length * 2) / 3));
    const mean = third.reduce((a, s) => a + s.rssMb, 0) / Math.max(1, third.length);
    const worst = Math.max(0, ...third.map((s) => Math.abs(s.rssMb - mean) / mean));
    const rssOk = third.length > 0 && worst <= 0.1;
    const healthP99 = quantile(healthAll.map((h) => h.ms), 0.99);
    const healthOk = healthP99 <= HEALTH_LIMIT_MS;
    const conserved = got === sent;
    const stallMax = Math.max(0, ...samples.map((s) => s.stallMs));
    const stallOk = stallMax <= STALL_LIMIT_MS;
    const timeoutsOk = fin.timeouts >= TIMEOUTS_WANTED;
    // while the wave expires: from its timeout until it was taken in (or the end of the run)
    const waveFrom = waveDoneAt === null ? Number.POSITIVE_INFINITY : waveDoneAt + HOLD_TIMEOUT_MS - 5_000;
    const waveTo = waveExpiredAt === null ? Date.now() : waveExpiredAt + 10_000;
    const waveHealth = healthAll.filter((h) => h.at >= waveFrom && h.at <= waveTo).map((h) => h.ms);
    const waveStall = Math.max(0, ...samples.filter((s) => t0 + s.t * 1000 >= waveFrom && t0 + s.t * 1000 - 5_000 <= waveTo).map((s) => s.stallMs));
    const waveHealthP99 = quantile(waveHealth, 0.99);
    const waveOk = waveSize === 0 || (waveExpiredAt !== null && waveHealthP99 <= HEALTH_LIMIT_MS && waveStall <= STALL_LIMIT_MS);
    log('');
    for (const l of asciiChart('server RSS, MB', samples.map((s) => s.rssMb), 'MB')) log(l);
    log('');
    for (const l of asciiChart('longest event-loop stall per 5 s, ms', samples.map((s) => s.stallMs), 'ms')) log(l);
    log('');
    for (const l of asciiChart('/api/health p99 per 5 s, ms', samples.map((s) => s.healthP99), 'ms')) log(l);
    log('');
    log(`sent ${sent.toLocaleString('en')} (client backed off ${deferred.toLocaleString('en')}; wave ${waveSent.toLocaleString('en')}), processed ${(c.in - start.counters.in).toLocaleString('en')}, refused ${c.refused - start.counters.refused}, invalid ${c.invalid - start.counters.invalid}; ${decisions} decisions by mod0; ${fin.timeouts.toLocaleString('en')} holds expired; ${overlayFrames.toLocaleString('en')} overlay frames; clients ${fin.clients.control} control + ${fin.clients.overlay} overlay`);
    log(`${rssOk ? 'ok  ' : 'FAIL'} RSS in the last third within 10 % of its mean (${mean.toFixed(0)} MB, worst ${(worst * 100).toFixed(1)} %)`);
    log(`${stallOk ? 'ok  ' : 'FAIL'} longest event-loop stall ${stallMax.toFixed(0)} ms (≤ ${STALL_LIMIT_MS} ms)`);
    log(`${healthOk ? 'ok  ' : 'FAIL'} /api/health p99 ${healthP99.toFixed(1)} ms over ${healthAll.length.toLocaleString('en')} requests (≤ ${HEALTH_LIMIT_MS} ms)`);
    log(`${timeoutsOk ? 'ok  ' : 'FAIL'} ${fin.timeouts.toLocaleString('en')} hold timeouts (≥ ${TIMEOUTS_WANTED.toLocaleString('en')})`);
    if (waveSize > 0) {
      const how = waveExpiredAt === null ? 'had not all expired by the end of the run' : `expired within ${((waveExpiredAt - (waveDoneAt ?? 0) - HOLD_TIMEOUT_MS) / 1000).toFixed(0)} s of its timeout`;
      log(`${waveOk ? 'ok  ' : 'FAIL'} the wave of ${waveSize.toLocaleString('en')} holds ${how}: health p99 ${waveHealthP99.toFixed(1)} ms over ${waveHealth.length} requests, longest stall ${waveStall.toFixed(0)} ms`);
    }
    log(`${conserved ? 'ok  ' : 'FAIL'} in + invalid + refused = ${got.toLocaleString('en')}, sent ${sent.toLocaleString('en')}`);
    const ok = rssOk && stallOk && healthOk && timeoutsOk && waveOk && conserved;
    const figures: SoakFigures = {
      soak_minutes: minutes,
      soak_rate: opts.rate,
      soak_msgs_in: c.in - start.counters.in,
      soak_rss_mb_last_third: round(mean, 0),
      soak_rss_spread_pct: round(worst * 100, 1),
      soak_stall_max_ms: round(stallMax, 0),
      soak_health_ms_p99: round(healthP99, 1),
      soak_hold_timeouts: fin.timeouts,
      soak_wave_holds: waveSize,
      soak_wave_health_ms_p99: round(waveHealthP99, 1),
      soak_wave_stall_max_ms: round(waveStall, 0),
      soak_conserved: conserved,
      soak_ok: ok,
    };
    const traceFile = process.env['SR_BENCH_TRACE_GC'];
    if (traceFile) {
      log('');
      for (const l of gcReport(parseGcTrace(readFileSync(traceFile, 'utf8'), t0 - child.startedAt), samples, 150)) log(l);
    }
    log(`soak ${JSON.stringify(figures)}`);
    return ok;
  } finally {
    for (const s of sockets) s.terminate();
    agent.destroy();
    await child.close();
  }
}
