/**
 * A flash sale across a Showrunner restart: the overlay comes back from SQLite and OBS still gets
 * the sale's end cue — at endsAt while it runs, at once if it ran out while Showrunner was down —
 * and only once across further starts. The app runs on virtual time with a fake OBS; the two
 * starts share one store file.
 */
import { BehaviorSubject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../config/schema.js';
import { startApp, type RunningApp } from '../../server/app.js';
import type { ObsLike } from '../../server/part-types.js';
import { testConfig } from '../support/app.js';

const apps: RunningApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function fakeObs(cues: string[]): ObsLike {
  return {
    status$: new BehaviorSubject({ state: 'connected' }) as unknown as ObsLike['status$'],
    start() {},
    stop: async () => {},
    setup: async (url) => ({ ok: true, url }),
    setScene: async (name) => ({ ok: true, scene: name }),
    refreshOverlay: async () => ({ ok: true }),
    listScenes: async () => [],
    cue: async (event) => {
      cues.push(event);
      return { ok: true };
    },
  };
}

/** Starts the app at virtual time `at` on `config`'s store; `cues` records what OBS was told. */
async function start(config: Config, at: number) {
  const sched = new VirtualTimeScheduler(VirtualAction, 0);
  sched.frame = at;
  const cues: string[] = [];
  const app = await startApp(config, { log: () => {}, scheduler: sched, obs: () => fakeObs(cues) });
  apps.push(app);
  const advance = async (ms: number): Promise<void> => {
    const target = sched.now() + ms;
    sched.maxFrames = target;
    sched.flush();
    sched.frame = target;
    await Promise.resolve();
  };
  return { app, cues, advance, stop: async () => void (await apps.splice(apps.indexOf(app), 1)[0]?.close()) };
}

describe('a flash sale across a restart', () => {
  it('still running: OBS gets the end cue at its end, and not again at the next start', async () => {
    const config = testConfig();
    const a = await start(config, 1_000);
    await a.app.runCommand({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000 }, { role: 'producer', actor: 'producer:p1' });
    await a.advance(0);
    expect(a.cues).toEqual(['sale.start']);
    await a.stop();

    const b = await start(config, 31_000); // back at 31 s; the sale ends at 61 s
    await b.advance(29_999);
    expect(b.cues).toEqual([]);
    await b.advance(1);
    expect(b.cues).toEqual(['sale.end']);
    await b.stop();

    const c = await start(config, 200_000);
    await c.advance(600_000);
    expect(c.cues).toEqual([]);
  });

  it('ran out while Showrunner was down: OBS leaves the sale at the start, once', async () => {
    const config = testConfig();
    const a = await start(config, 1_000);
    await a.app.runCommand({ kind: 'banner.start', product: 'Mug', price: 9, stock: 5, durationMs: 60_000 }, { role: 'producer', actor: 'producer:p1' });
    await a.advance(0);
    await a.stop();

    const b = await start(config, 500_000);
    await b.advance(0);
    expect(b.cues).toEqual(['sale.end']);
    await b.stop();

    const c = await start(config, 900_000);
    await c.advance(600_000);
    expect(c.cues).toEqual([]);
  });
});
