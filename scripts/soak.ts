/**
 * `npm run soak [-- --minutes N] [--rate R] [--only fuzz|load]`: the long checks that do not run in
 * CI. First the fuzz (test/integration/fuzz.test.ts with FRAMES ws frames and BODIES HTTP bodies,
 * SEED from the environment), then the load soak (scripts/soak-load.ts, default 10 minutes at 5,000
 * msg/s). Loopback only; exits 1 when a check fails.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { soakLoad } from './soak-load.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, rate: { type: 'string' }, only: { type: 'string' } } });
  const only = values.only;
  let ok = true;
  if (!only || only === 'fuzz') {
    const env = {
      ...process.env,
      SHOWRUNNER_FUZZ_FRAMES: process.env['FRAMES'] ?? '200000',
      SHOWRUNNER_FUZZ_HTTP: process.env['BODIES'] ?? '10000',
      SHOWRUNNER_FUZZ_SEED: process.env['SEED'] ?? String(Math.floor(Date.now() / 1000)),
    };
    console.log(`fuzz: ${env.SHOWRUNNER_FUZZ_FRAMES} frames, ${env.SHOWRUNNER_FUZZ_HTTP} bodies, seed ${env.SHOWRUNNER_FUZZ_SEED}`);
    const r = spawnSync('npx', ['vitest', 'run', 'test/integration/fuzz.test.ts'], { env, stdio: 'inherit' });
    ok = r.status === 0 && ok;
  }
  if (!only || only === 'load') {
    const minutes = Number(values.minutes ?? 10);
    const rate = Number(values.rate ?? 5000);
    if (!(minutes > 0) || !(rate > 0)) throw new Error('--minutes and --rate take positive numbers');
    ok = (await soakLoad({ minutes, rate, log: (l) => console.log(l) })) && ok;
  }
  process.exit(ok ? 0 : 1);
}

void main();
