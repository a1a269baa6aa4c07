/**
 * A Showrunner server in its own process for the load benchmarks and the soak (bench/ingest.ts,
 * scripts/soak-load.ts): the load generator must not share the server's event loop. Started with
 * `fork(..., { execArgv: ['--import', 'tsx'] })`; the config overrides come as JSON in argv[2].
 * IPC: it sends `ready` (port, tokens); it answers `stats` and `waitIn` (counters.in reached n),
 * and closes on `close`. It only listens on 127.0.0.1 and exits when its parent goes.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startApp } from '../server/app.js';
import { parseConfig } from '../server/config-load.js';
import { defaultParts } from '../server/parts.js';

type ParentMsg = { type: 'stats' } | { type: 'waitIn'; n: number } | { type: 'close' } | { type: 'resetStall' };

async function main(): Promise<void> {
  const overrides = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
  const config = parseConfig({ replay: { enabled: false }, ...overrides, server: { port: 0, host: '127.0.0.1', ...(overrides['server'] as object | undefined) } }, 'bench');
  const app = await startApp(config, { log: () => {}, ...defaultParts(() => {}) });
  const stall = monitorEventLoopDelay({ resolution: 10 });
  stall.enable();
  const send = (m: unknown): void => void process.send?.(m);
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
  process.on('message', (m: ParentMsg) => {
    if (m.type === 'stats') {
      send({ type: 'stats', counters: { ...app.counters }, buffered: app.ingest.buffered, queue: app.queue.size, rssMb: process.memoryUsage().rss / 2 ** 20, stallMaxMs: stall.max / 1e6, stallP99Ms: stall.percentile(99) / 1e6, hub: { ...app.hub.counters }, timeouts: (app.hub.state['modStats'] as { resolvedByTimeout?: number } | undefined)?.resolvedByTimeout ?? 0, clients: app.hub.clientCount });
    } else if (m.type === 'resetStall') {
      stall.reset();
    } else if (m.type === 'waitIn') {
      const check = (): void => {
        if (app.counters.in >= m.n && app.ingest.buffered === 0) send({ type: 'reached', at: Date.now(), in: app.counters.in });
        else setTimeout(check, 2);
      };
      check();
    } else if (m.type === 'close') {
      void app.close().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', port: app.port, tokens: app.tokens });
}

void main();
