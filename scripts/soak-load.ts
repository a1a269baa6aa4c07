/**
 * The load soak (`npm run soak -- --minutes N`, part of scripts/soak.ts): a server process of its
 * own, loopback only, fed `--rate` messages a second (default 5,000) over the ingest ws for N
 * minutes, with 5 moderator consoles (one of them rejecting what it sees, 20 items every 2 s), 100
 * overlay pages, a 30 s hold timeout (tens of thousands of holds expire during the run), and
 * /api/health asked every 100 ms. Every 5 s it samples the server's RSS, its longest event-loop
 * stall (perf_hooks monitorEventLoopDelay) and the health p99; it draws them, and checks: RSS in the
 * last third within 10 % of that third's mean, health p99 ≤ 100 ms, in + invalid + refused = sent.
 * Bounded: at most 120 minutes, the load stops at the deadline, the wait for the backlog is capped.
 */
import { mkdtempSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { AppChild, type ChildStats } from '../bench/child.js';
import { buildCorpus } from '../bench/corpus.js';
import { getHealth, wire } from '../bench/ingest.js';
import { quantile } from '../bench/stats.js';

export interface LoadSoakOptions {
  readonly minutes: number;
  readonly rate: number;
  readonly log: (line: string) => void;
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
  const dir = mkdtempSync(join(tmpdir(), 'sr-soak-'));
  const child = await AppChild.start({ store: { path: join(dir, 'soak.db') }, moderation: { holdTimeoutMs: 30_000 } });
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const sockets: WebSocket[] = [];
  try {
    log(`load soak: ${opts.rate.toLocaleString('en')} msg/s for ${minutes} min, 5 moderators, 100 overlays, hold timeout 30 s (server pid in its own process, 127.0.0.1:${child.port})`);
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
    const ingest = await open(child.wsUrl(`/ws/ingest?token=${child.tokens['ingest']}`));
    sockets.push(ingest);
    let replies = 0;
    ingest.on('message', () => replies++);

    const t0 = Date.now();
    const end = t0 + minutes * 60_000;
    let frames = 0;
    let sent = 0;
    let deferred = 0;
    let next = 0;
    let decisions = 0;
    const healthAll: number[] = [];
    let healthWindow: number[] = [];
    const samples: Sample[] = [];
    let lastIn = 0;
    let lastSampleAt = t0;
    child.resetStall();
    const start = await child.stats();
    lastIn = start.counters.in;

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
        healthAll.push(ms);
        healthWindow.push(ms);
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - t))));
      }
    })();

    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(5000, end - Date.now())));
      const s: ChildStats = await child.stats();
      child.resetStall();
      const now = Date.now();
      samples.push({ t: (now - t0) / 1000, rssMb: s.rssMb, stallMs: s.stallMaxMs, healthP99: quantile(healthWindow, 0.99), inRate: (s.counters.in - lastIn) / ((now - lastSampleAt) / 1000), queue: s.queue, timeouts: s.timeouts });
      healthWindow = [];
      lastIn = s.counters.in;
      lastSampleAt = now;
      const x = samples[samples.length - 1]!;
      log(`  ${x.t.toFixed(0).padStart(5)} s  rss ${x.rssMb.toFixed(0).padStart(4)} MB  stall ${x.stallMs.toFixed(0).padStart(4)} ms  health p99 ${x.healthP99.toFixed(1).padStart(6)} ms  in ${Math.round(x.inRate).toLocaleString('en').padStart(6)}/s  queue ${x.queue}  timeouts ${x.timeouts}`);
    }
    clearInterval(loadTimer);
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
    const healthP99 = quantile(healthAll, 0.99);
    const healthOk = healthP99 <= 100;
    const conserved = got === sent;
    const stallMax = Math.max(0, ...samples.map((s) => s.stallMs));
    log('');
    for (const l of asciiChart('server RSS, MB', samples.map((s) => s.rssMb), 'MB')) log(l);
    log('');
    for (const l of asciiChart('longest event-loop stall per 5 s, ms', samples.map((s) => s.stallMs), 'ms')) log(l);
    log('');
    for (const l of asciiChart('/api/health p99 per 5 s, ms', samples.map((s) => s.healthP99), 'ms')) log(l);
    log('');
    log(`sent ${sent.toLocaleString('en')} (client backed off ${deferred.toLocaleString('en')}), processed ${(c.in - start.counters.in).toLocaleString('en')}, refused ${c.refused - start.counters.refused}, invalid ${c.invalid - start.counters.invalid}; ${decisions} decisions by mod0; ${fin.timeouts.toLocaleString('en')} holds expired; ${overlayFrames.toLocaleString('en')} overlay frames; clients ${fin.clients.control} control + ${fin.clients.overlay} overlay`);
    log(`${rssOk ? 'ok  ' : 'FAIL'} RSS in the last third within 10 % of its mean (${mean.toFixed(0)} MB, worst ${(worst * 100).toFixed(1)} %)`);
    log(`${healthOk ? 'ok  ' : 'FAIL'} /api/health p99 ${healthP99.toFixed(1)} ms over ${healthAll.length.toLocaleString('en')} requests (≤ 100 ms)`);
    log(`${conserved ? 'ok  ' : 'FAIL'} in + invalid + refused = ${got.toLocaleString('en')}, sent ${sent.toLocaleString('en')}`);
    log(`     max event-loop stall ${stallMax.toFixed(0)} ms; holds expired ${fin.timeouts.toLocaleString('en')} (${fin.timeouts >= 20_000 ? '≥' : '<'} 20,000)`);
    return rssOk && healthOk && conserved;
  } finally {
    for (const s of sockets) s.terminate();
    agent.destroy();
    await child.close();
  }
}
