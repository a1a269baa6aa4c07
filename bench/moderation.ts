/**
 * Time from a message held to the item visible on a moderator's socket, p50/p99, with 5
 * moderators connected and 2,000 messages a second flowing in through the ingest ws.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ServerFrame } from '../config/protocol.js';
import type { QueueItem } from '../config/views.js';
import { parseConfig } from '../server/config-load.js';
import { startApp } from '../server/app.js';
import { bar, quantile, round } from './stats.js';
import type { BenchPlugin } from './types.js';

export const benchModeration: BenchPlugin = async (ctx) => {
  const corpus = await ctx.corpus();
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-'));
  const app = await startApp(parseConfig({ server: { port: 0 }, store: { path: join(dir, 'bench.db') }, replay: { enabled: false }, moderation: { holdTimeoutMs: 0 } }, 'bench'), { log: () => {} });
  const latencies: number[] = [];
  const mods: WebSocket[] = [];
  for (let i = 0; i < 5; i++) {
    const ws = new WebSocket(app.wsUrl(`/ws/control?token=${app.tokens.moderator}&name=mod${i}`));
    ws.on('message', (data) => {
      const at = Date.now();
      const f = JSON.parse(data.toString()) as ServerFrame;
      if (f.type !== 'patch') return;
      for (const op of f.ops) if (op.op === 'set' && op.path[0] === 'queue' && op.path.length === 2) latencies.push(at - (op.value as QueueItem).heldAt);
    });
    await new Promise((r) => ws.once('open', r));
    mods.push(ws);
  }
  const ingest = new WebSocket(app.wsUrl(`/ws/ingest?token=${app.tokens.ingest}`));
  await new Promise((r) => ingest.once('open', r));
  const seconds = ctx.quick ? 3 : 10;
  const perTick = 20; // every 10 ms → 2,000 msg/s
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const batch = [];
      for (let i = 0; i < perTick; i++) {
        const m = corpus[sent % corpus.length]!;
        batch.push({ ...m, id: `mb-${sent}`, receivedAt: Date.now() });
        sent++;
      }
      ingest.send(JSON.stringify(batch));
      if (sent >= seconds * 2000) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  // Let the last patches arrive.
  await new Promise((r) => setTimeout(r, 300));
  const held = app.counters.held;
  ingest.close();
  for (const m of mods) m.close();
  await app.close();
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  ctx.log(`hold → moderator socket  p50 ${p50.toFixed(1).padStart(6)} ms  ${bar(p50, 100)}`);
  ctx.log(`                         p99 ${p99.toFixed(1).padStart(6)} ms  ${bar(p99, 100)}  (${held} held of ${sent} in ${seconds} s at 2,000 msg/s, 5 moderators, ${latencies.length} deliveries)`);
  ctx.log(`                         patches are coalesced over 16 ms (one frame), so ~8 ms of the median is by design`);
  return { hold_to_moderator_ms_p50: round(p50, 1), hold_to_moderator_ms_p99: round(p99, 1) };
};
