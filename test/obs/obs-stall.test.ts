/**
 * A frozen OBS (SIGSTOP: its socket stays open, nothing is answered), as when OBS hangs on a slow
 * disk or a stuck plugin. A request that gets no answer turns the state to 'disconnected — OBS
 * stopped answering' at once, later actions fail fast instead of queueing on the dead socket, and
 * the controller reconnects by itself once OBS runs again. The request timeout is injected short
 * (300 ms) so the test waits on events, not on the 5 s default.
 */
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../config/schema.js';
import type { ObsStatus } from '../../config/views.js';
import { createObsController, type ObsController } from '../../server/obs/index.js';
import { realObsMissingReason, showSeed, startRealObs, type RealObs } from '../support/real-obs.js';

const missing = realObsMissingReason();
const waitFor = (c: ObsController, pred: (s: ObsStatus) => boolean) => firstValueFrom(c.status$.pipe(filter(pred)));

describe('OBS frozen and thawed (real OBS 29)', () => {
  let obs: RealObs;
  let ctl: ObsController;
  const logs: string[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`the real-OBS tests need OBS: ${missing}`);
    obs = await startRealObs({ seed: showSeed() });
    ctl = createObsController(
      { enabled: true, url: obs.url, password: new Secret(obs.password), scene: 'Showrunner', sourceName: 'Showrunner overlay', cues: { saleShowItems: [] } },
      { log: (l) => logs.push(l), backoff: { baseMs: 100, capMs: 800 }, requestTimeoutMs: 300, connectTimeoutMs: 1000 },
    );
    ctl.start();
    await waitFor(ctl, (s) => s.state === 'connected');
  });

  afterAll(async () => {
    obs?.freeze(false);
    await ctl?.stop();
    await obs?.stop();
  });

  it('says OBS stopped answering, fails later actions at once, and reconnects after OBS runs again', async () => {
    expect(await ctl.setScene('Sale')).toEqual({ ok: true, value: undefined });
    obs.freeze(true);
    const down = waitFor(ctl, (s) => s.state === 'disconnected');
    expect(await ctl.setScene('Idle')).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringMatching(/^OBS did not answer SetCurrentProgramScene within 0.3 s/) });
    expect((await down).detail).toMatch(/^OBS stopped answering \(no reply to SetCurrentProgramScene within 0.3 s\)/);
    const t0 = performance.now();
    expect(await ctl.refreshOverlay()).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringContaining('OBS stopped answering') });
    expect(performance.now() - t0).toBeLessThan(100); // at once, not another 0.3 s on the frozen socket

    obs.freeze(false);
    const back = await waitFor(ctl, (s) => s.state === 'connected');
    // the reconnect re-applied Showrunner's last scene over the switch OBS ran late
    expect(back.currentScene).toBe('Sale');
    expect(logs).toContain('obs: re-applied scene "Sale" and 0 item(s) after connecting');
  });
});
