/**
 * Cue → OBS latency against a real OBS 29 under Xvfb: the time from a producer's flash-sale cue
 * (controller.cue(), which shows the configured item and switches the scene) to OBS reporting the
 * switch with a CurrentProgramSceneChanged event (seen by the controller, i.e. its status$ currentScene).
 * Cues alternate sale.start → 'Sale' and sale.end → 'Idle'; the scene collection uses the Cut transition.
 *
 * Without obs-studio/Xvfb it returns nulls and says why. Standalone: `npx tsx bench/obs.ts [--quick]`.
 */
import { pathToFileURL } from 'node:url';
import { filter, firstValueFrom } from 'rxjs';
import { Secret } from '../config/schema.js';
import { createObsController } from '../server/obs/index.js';
import { realObsMissingReason, showSeed, startRealObs } from '../test/support/real-obs.js';
import type { BenchContext, BenchFigures, BenchPlugin } from './types.js';

const NULLS: BenchFigures = { cue_to_obs_ms_p50: null, cue_to_obs_ms_p95: null, cue_to_obs_ms_max: null, obs_start_ms: null };

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}
const round = (n: number) => Math.round(n * 10) / 10;

export const benchObs: BenchPlugin = async (ctx: BenchContext) => {
  const missing = realObsMissingReason();
  if (missing) {
    ctx.log(`obs: skipped, ${missing}`);
    return NULLS;
  }
  const cues = ctx.quick ? 20 : 50;
  let obs;
  try {
    obs = await startRealObs({ seed: showSeed() });
  } catch (err) {
    ctx.log(`obs: skipped, OBS did not start: ${(err as Error).message.split('\n')[0]}`);
    return NULLS;
  }
  const ctl = createObsController(
    {
      enabled: true,
      url: obs.url,
      password: new Secret(obs.password),
      scene: 'Showrunner',
      sourceName: 'Showrunner overlay',
      cues: { saleStartScene: 'Sale', saleEndScene: 'Idle', saleShowItems: [{ scene: 'Sale', item: 'Price' }] },
    },
    { log: () => undefined },
  );
  try {
    ctl.start();
    await firstValueFrom(ctl.status$.pipe(filter((s) => s.state === 'connected' || s.state === 'auth-failed')));
    const samples: number[] = [];
    for (let n = 0; n < cues; n++) {
      const event = n % 2 === 0 ? 'sale.start' : 'sale.end';
      const scene = n % 2 === 0 ? 'Sale' : 'Idle';
      const seen = firstValueFrom(ctl.status$.pipe(filter((s) => s.currentScene === scene)));
      const t0 = performance.now();
      const r = await ctl.cue(event);
      if (!r.ok) throw new Error(`cue ${event} failed: ${r.message}`);
      await seen;
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    const figures: BenchFigures = {
      cue_to_obs_ms_p50: round(percentile(samples, 50)),
      cue_to_obs_ms_p95: round(percentile(samples, 95)),
      cue_to_obs_ms_max: round(samples[samples.length - 1] ?? Number.NaN),
      obs_start_ms: Math.round(obs.startMs),
    };
    ctx.log(
      `obs: ${cues} cues, cue → CurrentProgramSceneChanged p50 ${figures.cue_to_obs_ms_p50} ms, p95 ${figures.cue_to_obs_ms_p95} ms, max ${figures.cue_to_obs_ms_max} ms (OBS ${figures.obs_start_ms} ms to start)`,
    );
    return figures;
  } finally {
    await ctl.stop();
    await obs.stop();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchObs({
    corpus: async () => [],
    log: (l) => console.log(l),
    quick: process.argv.includes('--quick'),
  });
  console.log(JSON.stringify(figures));
}
