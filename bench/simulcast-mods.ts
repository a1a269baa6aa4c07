/**
 * The moderators of bench/simulcast.ts in a process of their own: 5 control sockets and nothing else,
 * so the time a queue item reaches them is not the sender's or the fakes' event-loop lag (the load
 * process sends 3,000 messages a second and serves YouTube's polls). IPC: on `go` (the app's ws URL
 * and moderator token) connects the 5 sockets and answers `ready`; on `stop` closes them and answers
 * `done` with every delivery [heldAt, serverNow, receivedAt, messageId, platform] (heldAt and
 * serverNow on the server's clock, receivedAt on this one: the same machine's Date.now) and this
 * process's own event-loop lag, so a reader can see whether the receiving side was late.
 * Exits when its parent goes.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ServerFrame } from '../config/protocol.js';
import type { QueueItem } from '../config/views.js';

export type Delivery = [heldAt: number, serverNow: number, receivedAt: number, messageId: string, platform: string];
export type ModsDone = { type: 'done'; deliveries: Delivery[]; viaSnapshot: number; lagP99Ms: number; lagMaxMs: number };
type Go = { type: 'go'; wsBase: string; token: string };

export const MODERATORS = 5;
const FEED_PREFIX = JSON.stringify({ type: 'feed' }).slice(0, -1);

async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const go = await new Promise<Go>((r) => process.once('message', (m: Go) => r(m)));
  const deliveries: Delivery[] = [];
  const mods: WebSocket[] = [];
  let viaSnapshot = 0;
  for (let i = 0; i < MODERATORS; i++) {
    const ws = new WebSocket(`${go.wsBase}/ws/control?token=${go.token}&name=mod${i}`);
    // a moderator that falls behind gets a snapshot instead of patches: its new queue items count too
    const seen = new Set<string>();
    const record = (q: QueueItem, serverNow: number, at: number): void => {
      if (seen.has(q.id)) return;
      seen.add(q.id);
      deliveries.push([q.heldAt, serverNow, at, q.messageId, q.platform]);
    };
    ws.on('message', (data) => {
      const at = Date.now();
      const raw = data.toString();
      // the live feed (every comment, for the console's streams) is not what is timed here: not parsed,
      // so this process stays light and its own lag stays out of the figure
      if (raw.startsWith(FEED_PREFIX)) return;
      const f = JSON.parse(raw) as ServerFrame;
      if (f.type === 'snapshot') {
        const queue = (f.state['queue'] ?? {}) as Record<string, QueueItem>;
        // the first snapshot (before any load) has nothing; later ones are catch-ups
        for (const q of Object.values(queue)) {
          if (!seen.has(q.id)) viaSnapshot++;
          record(q, f.serverNow, at);
        }
        return;
      }
      if (f.type !== 'patch') return;
      for (const op of f.ops) if (op.op === 'set' && op.path[0] === 'queue' && op.path.length === 2) record(op.value as QueueItem, f.serverNow, at);
    });
    await new Promise((r) => ws.once('open', r));
    mods.push(ws);
  }
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  process.send?.({ type: 'ready' });
  await new Promise((r) => process.once('message', r));
  lag.disable();
  for (const m of mods) m.close();
  process.send?.({ type: 'done', deliveries, viaSnapshot, lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6 } satisfies ModsDone);
}

void main();
