/**
 * OBS crashes in the middle of a flash sale and comes back: the controller notices (1006), retries
 * with backoff, reconnects to the new OBS process and re-applies the sale scene and the shown item.
 * The restarted OBS loads a collection on 'Idle' with the price hidden, as if the crash had lost the
 * last switch, so only the controller can bring 'Sale' back.
 */
import { OBSWebSocket } from 'obs-websocket-js/json';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../config/schema.js';
import type { ObsStatus } from '../../config/views.js';
import { createObsController, type ObsController } from '../../server/obs/index.js';
import { realObsMissingReason, showSeed, startRealObs, type RealObs } from '../support/real-obs.js';

const missing = realObsMissingReason();

const waitFor = (c: ObsController, pred: (s: ObsStatus) => boolean) => firstValueFrom(c.status$.pipe(filter(pred)));

describe('OBS killed and restarted (real OBS 29)', () => {
  let obs: RealObs;
  let ctl: ObsController;
  const logs: string[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`the real-OBS tests need OBS: ${missing}`);
    obs = await startRealObs({ seed: showSeed() });
    ctl = createObsController(
      {
        enabled: true,
        url: obs.url,
        password: new Secret(obs.password),
        scene: 'Showrunner',
        sourceName: 'Showrunner overlay',
        cues: { saleStartScene: 'Sale', saleEndScene: 'Idle', saleShowItems: [{ scene: 'Sale', item: 'Price' }] },
      },
      // Short backoff so the test follows OBS's own restart time; the shape is tested on the fake.
      { log: (l) => logs.push(l), backoff: { baseMs: 100, capMs: 800 } },
    );
    ctl.start();
    await waitFor(ctl, (s) => s.state === 'connected');
  });

  afterAll(async () => {
    await ctl?.stop();
    await obs?.stop();
  });

  it('reconnects after OBS is killed and restarted, and re-applies the sale scene and item', async () => {
    expect(await ctl.cue('sale.start')).toEqual({ ok: true, value: undefined });
    expect((await waitFor(ctl, (s) => s.currentScene === 'Sale')).currentScene).toBe('Sale');

    const down = waitFor(ctl, (s) => s.state === 'disconnected');
    await obs.kill('SIGKILL');
    expect((await down).detail).toMatch(/OBS closed the connection \(1006/);
    expect(await ctl.setScene('Sale')).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE' });

    const t0 = performance.now();
    await obs.restart({ reseed: showSeed() }); // back on 'Idle', price hidden
    const back = await waitFor(ctl, (s) => s.state === 'connected');
    const reconnectMs = performance.now() - t0;
    expect(back.currentScene).toBe('Sale');

    const check = new OBSWebSocket();
    await check.connect(obs.url, obs.password, { rpcVersion: 1 });
    try {
      expect(await check.call('GetCurrentProgramScene')).toMatchObject({ currentProgramSceneName: 'Sale' });
      const { sceneItemId } = await check.call('GetSceneItemId', { sceneName: 'Sale', sourceName: 'Price' });
      expect(await check.call('GetSceneItemEnabled', { sceneName: 'Sale', sceneItemId })).toEqual({ sceneItemEnabled: true });
    } finally {
      await check.disconnect();
    }
    expect(logs).toContain('obs: re-applied scene "Sale" and 1 item(s) after connecting');
    // One line per state change: connecting, connected, disconnected, connected (+ the re-apply line).
    expect(logs.filter((l) => /^obs: \[/.test(l)).map((l) => /^obs: \[([a-z-]+)\]/.exec(l)?.[1])).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
    console.log(`obs restart: OBS ready in ${Math.round(obs.startMs)} ms, controller connected ${Math.round(reconnectMs)} ms after restart began`);
  });
});
