/**
 * The OBS controller against a local fake speaking obs-websocket v5 (test/support/fake-obs.ts) through
 * the real obs-websocket-js client. Reconnect timing runs on vi's fake setTimeout (network I/O stays
 * real); every wait is an awaited event or status.
 */
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Secret, type Config } from '../../config/schema.js';
import type { ObsStatus } from '../../config/views.js';
import { createObsController, type ObsController } from '../../server/obs/index.js';
import { decodeFakeShot, defaultFakeState, startFakeObs, type FakeObs } from '../support/fake-obs.js';
import { freePort } from '../support/real-obs.js';

const PASSWORD = 'fake-obs-pw-7f3a';

function obsConfig(url: string, over: Partial<Config['obs']> = {}): Config['obs'] {
  return {
    enabled: true,
    url,
    password: new Secret(PASSWORD),
    scene: 'Showrunner',
    sourceName: 'Showrunner overlay',
    cues: { saleStartScene: 'Sale', saleEndScene: 'Idle', saleShowItems: [{ scene: 'Sale', item: 'Banner' }] },
    ...over,
  };
}

function waitFor(c: ObsController, pred: (s: ObsStatus) => boolean): Promise<ObsStatus> {
  return firstValueFrom(c.status$.pipe(filter(pred)));
}
const inState = (c: ObsController, state: ObsStatus['state']) => waitFor(c, (s) => s.state === state);

let fake: FakeObs | null = null;
let ctl: ObsController | null = null;
let logs: string[] = [];
/** Delays the controller asked for, in order (its reconnect backoff). */
let delays: number[] = [];

function make(cfg: Config['obs'], random = () => 0.5): ObsController {
  ctl = createObsController(cfg, {
    log: (l) => logs.push(l),
    random,
    clock: () => Date.now(),
    setTimeout: ((fn: () => void, ms: number) => {
      delays.push(ms);
      return setTimeout(fn, ms);
    }) as typeof setTimeout,
    clearTimeout,
  });
  return ctl;
}

beforeEach(() => {
  logs = [];
  delays = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(async () => {
  await ctl?.stop();
  ctl = null;
  await fake?.kill();
  fake = null;
  vi.useRealTimers();
});

describe('OBS controller against a fake obs-websocket v5 server', () => {
  it('connects, reports OBS version and current scene, and status$ replays the current state', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    const s = await inState(c, 'connected');
    expect(s).toMatchObject({ state: 'connected', obsVersion: '29.0.2', currentScene: 'Idle' });
    expect(s.detail).toContain('obs-websocket 5.1.0');
    // A late subscriber gets the current state at once.
    expect((await firstValueFrom(c.status$)).state).toBe('connected');
    expect(logs).toEqual([expect.stringMatching(/^obs: \[connecting\] connecting to ws:/), expect.stringMatching(/^obs: \[connected\] connected to OBS 29\.0\.2/)]);
  });

  it('runs the flash-sale cues: start shows the items then switches scene, end switches back then hides them', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    const mark = fake.requests.length;

    const sceneSeen = waitFor(c, (s) => s.currentScene === 'Sale');
    expect(await c.cue('sale.start')).toEqual({ ok: true, value: undefined });
    expect(fake.state.current).toBe('Sale');
    expect(fake.item('Sale', 'Banner')?.enabled).toBe(true);
    expect(fake.requestTypes().slice(mark)).toEqual(['GetSceneItemId', 'SetSceneItemEnabled', 'SetCurrentProgramScene']);
    expect((await sceneSeen).currentScene).toBe('Sale'); // from the CurrentProgramSceneChanged event

    const mark2 = fake.requests.length;
    expect(await c.cue('sale.end')).toEqual({ ok: true, value: undefined });
    expect(fake.state.current).toBe('Idle');
    expect(fake.item('Sale', 'Banner')?.enabled).toBe(false);
    expect(fake.requestTypes().slice(mark2)).toEqual(['SetCurrentProgramScene', 'GetSceneItemId', 'SetSceneItemEnabled']);
  });

  it('reports a missing cue scene as OBS request failure with its code, not as success', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url, { cues: { saleStartScene: 'No such scene', saleShowItems: [] } }));
    c.start();
    await inState(c, 'connected');
    const r = await c.cue('sale.start');
    expect(r).toMatchObject({ ok: false, code: 'SR_OBS_REQUEST_FAILED' });
    expect(r.ok === false && r.message).toMatch(/600 \(ResourceNotFound\) to SetCurrentProgramScene/);
  });

  it('stops retrying on a wrong password (4009), says so once, and never logs the password', async () => {
    fake = await startFakeObs({ password: 'the-real-password' });
    const c = make(obsConfig(fake.url));
    c.start();
    const s = await inState(c, 'auth-failed');
    expect(s.detail).toMatch(/rejected the password.*Not retrying/);
    expect(s.message).toEqual({ key: 'obsAuthFailed', params: [{ key: 'obsBadPassword', params: [] }] });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fake.connections).toBe(1);
    expect(fake.identified).toBe(0);
    expect(logs.filter((l) => l.includes('auth-failed'))).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(PASSWORD);
    expect(JSON.stringify(s)).not.toContain(PASSWORD);
    expect(await c.setScene('Sale')).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringContaining('auth-failed') });
  });

  it('tells a missing password apart from a wrong one', async () => {
    fake = await startFakeObs({ password: 'the-real-password' });
    const c = make(obsConfig(fake.url, { password: undefined }));
    c.start();
    expect((await inState(c, 'auth-failed')).detail).toMatch(/requires a password and none is configured/);
  });

  it('start() after auth-failed tries again (the console reconnect button)', async () => {
    fake = await startFakeObs({ password: 'the-real-password' });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'auth-failed');
    const connected = fake.connections;
    const refused = inState(c, 'connecting');
    c.start();
    await refused;
    await inState(c, 'auth-failed');
    expect(fake.connections).toBe(connected + 1);
  });

  it('treats OBS absent as a normal state: retries with capped backoff, logs one line per state change', async () => {
    const port = await freePort(); // nothing listens here
    const c = make(obsConfig(`ws://127.0.0.1:${port}`), () => 0.5);
    c.start();
    await waitFor(c, (s) => s.state === 'disconnected' && s.detail.includes('next try'));
    for (let n = 0; n < 12; n++) {
      const retried = waitFor(c, (s) => s.state === 'disconnected' && s.detail.includes('next try') && delays.length > n + 1);
      await vi.advanceTimersByTimeAsync(delays.at(-1) ?? 0);
      await retried;
    }
    // Connect timeouts (10 s) are interleaved with the reconnect delays; pick the retry delays.
    const retries = delays.filter((d) => d !== 10_000);
    expect(retries.slice(0, 7)).toEqual([375, 750, 1500, 3000, 6000, 12_000, 22_500]);
    expect(Math.max(...retries)).toBe(22_500); // 30 s cap with jitter 0.5 → 15 + 7.5 s
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^obs: \[connecting\] connecting to ws:\/\/127\.0\.0\.1:\d+$/);
    expect(logs[1]).toMatch(/^obs: \[disconnected\] OBS is not reachable at .*ECONNREFUSED/);
  });

  it('answers every request at once with SR_OBS_UNAVAILABLE while OBS is down (no hang, no empty list)', async () => {
    const port = await freePort();
    const c = make(obsConfig(`ws://127.0.0.1:${port}`));
    c.start();
    await waitFor(c, (s) => s.state === 'disconnected' && s.detail.includes('next try'));
    const results = await Promise.all([
      c.setScene('Sale'),
      c.setItemVisible('Sale', 'Banner', true),
      c.refreshOverlay(),
      c.listScenes(),
      c.screenshot('Sale'),
      c.setup('http://127.0.0.1:4500/overlay'),
      c.cue('sale.start'),
    ]);
    for (const r of results) {
      expect(r).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringContaining('OBS is not connected (disconnected: OBS is not reachable') });
    }
    expect(results[6]).toMatchObject({ message: expect.stringContaining('applied when OBS reconnects') });
  });

  it('reconnects after OBS crashes and re-applies the cue scene and items to the restarted OBS', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    expect(await c.cue('sale.start')).toMatchObject({ ok: true });

    const down = waitFor(c, (s) => s.state === 'disconnected');
    await fake.kill();
    const gone = await down;
    expect(gone.detail).toMatch(/OBS closed the connection \(1006/);
    expect(gone.currentScene).toBeNull(); // the console does not show a scene OBS may no longer be on
    await fake.restart(defaultFakeState()); // OBS came back on 'Idle' with the banner hidden
    expect(fake.state.current).toBe('Idle');

    const back = inState(c, 'connected');
    await vi.advanceTimersByTimeAsync(delays.at(-1) ?? 0);
    // 'connected' is announced once the state is back, so no further wait is needed.
    expect((await back).currentScene).toBe('Sale');
    expect(fake.state.current).toBe('Sale');
    expect(fake.item('Sale', 'Banner')?.enabled).toBe(true);
    expect(logs.filter((l) => l === 'obs: re-applied scene "Sale" and 1 item(s) after connecting')).toHaveLength(1);
  });

  it('keeps a cue given while OBS is down and applies it when OBS comes back', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const port = Number(new URL(fake.url).port);
    await fake.kill();
    const c = make(obsConfig(`ws://127.0.0.1:${port}`));
    c.start();
    await waitFor(c, (s) => s.state === 'disconnected' && s.detail.includes('next try'));
    expect(await c.cue('sale.start')).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE' });
    await fake.restart();
    const back = inState(c, 'connected');
    await vi.advanceTimersByTimeAsync(delays.at(-1) ?? 0);
    expect((await back).currentScene).toBe('Sale');
    expect(fake.state.current).toBe('Sale');
    expect(fake.item('Sale', 'Banner')?.enabled).toBe(true);
  });

  it('start() while a retry is pending reconnects at once (no wait for the backoff)', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const port = Number(new URL(fake.url).port);
    await fake.kill();
    const c = make(obsConfig(`ws://127.0.0.1:${port}`));
    c.start();
    await waitFor(c, (s) => s.state === 'disconnected' && s.detail.includes('next try'));
    await fake.restart();
    const back = inState(c, 'connected');
    c.start(); // no timer advanced
    await back;
    expect(fake.identified).toBe(1);
  });

  it('distinguishes a clean OBS exit (1001) and reconnects when OBS is back', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    const down = waitFor(c, (s) => s.state === 'disconnected');
    await fake.close();
    expect((await down).detail).toMatch(/1001 Server stopping/);
    await fake.restart();
    const back = inState(c, 'connected');
    await vi.advanceTimersByTimeAsync(delays.at(-1) ?? 0);
    await back;
  });

  it('fails a request pending when the connection drops instead of hanging', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    fake.holdResponses = true;
    const asked = fake.nextRequest('GetSceneList');
    const pending = c.listScenes();
    await asked;
    await fake.kill();
    expect(await pending).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringContaining('while GetSceneList was pending') });
  });

  it('times out a request OBS never answers', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    fake.holdResponses = true;
    const asked = fake.nextRequest('SetCurrentProgramScene');
    const pending = c.setScene('Sale');
    await asked;
    await vi.advanceTimersByTimeAsync(5000);
    expect(await pending).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringMatching(/^OBS did not answer SetCurrentProgramScene within 5 s; Showrunner reconnects/) });
  });

  it('a request OBS never answers (a stalled OBS) says so in the state, drops the link so nothing piles up, and reconnects', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    fake.holdResponses = true;
    const asked = fake.nextRequest('SetCurrentProgramScene');
    const pending = c.setScene('Sale');
    await asked;
    const stalled = inState(c, 'disconnected');
    await vi.advanceTimersByTimeAsync(5000);
    expect(await pending).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringMatching(/^OBS did not answer SetCurrentProgramScene within 5 s/) });
    const s = await stalled;
    expect(s.detail).toMatch(/OBS stopped answering \(no reply to SetCurrentProgramScene within 5 s\)/);
    expect(s.message).toMatchObject({ key: 'obsRetry', params: [{ key: 'obsStalled', params: ['SetCurrentProgramScene', 5] }, expect.any(String)] });
    // further actions fail at once instead of queueing on the stalled socket
    const sent = fake.requests.length;
    expect(await c.setScene('Idle')).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE' });
    expect(fake.requests.length).toBe(sent);
    // OBS answers again: the controller reconnects by itself
    fake.holdResponses = false;
    const back = inState(c, 'connected');
    await vi.advanceTimersByTimeAsync(30_000);
    await back;
    expect(fake.identified).toBe(2);
  });

  it('refreshing an overlay source that is not in OBS (or is not a browser source) says so and what to press', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url, { sourceName: 'Not there' }));
    c.start();
    await inState(c, 'connected');
    expect(await c.refreshOverlay()).toEqual({
      ok: false,
      code: 'SR_OBS_NO_OVERLAY_SOURCE',
      message: expect.stringMatching(/^OBS has no browser source named "Not there" to refresh \(OBS answered 600 .*\): press "Set up overlay source"/),
    });
  });

  it.each([
    ['obs-websocket 4.x (no v5 subprotocol)', { mode: 'v4' as const }, /does not speak obs-websocket v5/],
    ['a Hello announcing version 4', { obsWebSocketVersion: '4.9.1' }, /obs-websocket 4\.9\.1 is too old/],
  ])('reports too-old for %s', async (_name, opts, detail) => {
    fake = await startFakeObs({ password: PASSWORD, ...opts });
    const c = make(obsConfig(fake.url));
    c.start();
    const s = await inState(c, 'too-old');
    expect(s.detail).toMatch(detail);
    expect(s.detail).toMatch(/OBS 28 or newer/);
    expect(delays.at(-1)).toBe(22_500); // slow retries only
  });

  it('gives up on a server that accepts the socket but never says Hello', async () => {
    fake = await startFakeObs({ mode: 'silent' });
    const c = make(obsConfig(fake.url));
    c.start();
    await new Promise<void>((resolve) => fake?.once('connection', () => resolve()));
    const gaveUp = waitFor(c, (s) => s.state === 'disconnected' && s.detail.includes('no obs-websocket Hello'));
    await vi.advanceTimersByTimeAsync(10_000);
    await gaveUp;
  });

  it('stays disabled and never connects when obs.enabled is false', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url, { enabled: false }));
    c.start();
    expect((await firstValueFrom(c.status$)).state).toBe('disabled');
    expect(await c.listScenes()).toMatchObject({ ok: false, code: 'SR_OBS_UNAVAILABLE', message: expect.stringContaining('disabled') });
    expect(fake.connections).toBe(0);
  });

  it('stop() disconnects, says it was manual, and does not reconnect', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    await c.stop();
    expect((await firstValueFrom(c.status$)).detail).toBe('stopped by Showrunner');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake.connections).toBe(1);
    expect(fake.clients).toBe(0);
  });

  it('lists scenes in OBS dock order with their items and the current scene', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    expect(await c.listScenes()).toEqual({
      ok: true,
      value: {
        current: 'Idle',
        scenes: [
          { name: 'Idle', items: [{ id: 1, name: 'Backdrop', enabled: true }] },
          {
            name: 'Sale',
            items: [
              { id: 1, name: 'Backdrop', enabled: true },
              { id: 2, name: 'Banner', enabled: false },
              { id: 3, name: 'Price', enabled: false },
            ],
          },
        ],
      },
    });
  });

  it('shows and hides an item and the screenshot reflects it', async () => {
    fake = await startFakeObs({ password: PASSWORD });
    const c = make(obsConfig(fake.url));
    c.start();
    await inState(c, 'connected');
    expect(await c.setItemVisible('Sale', 'Price', true)).toEqual({ ok: true, value: undefined });
    const shot = await c.screenshot('Sale', 320);
    expect(shot.ok && decodeFakeShot(shot.value)).toEqual({ source: 'Sale', visible: ['Backdrop', 'Price'], width: 320 });
    expect(await c.setItemVisible('Sale', 'Nope', true)).toMatchObject({ ok: false, code: 'SR_OBS_REQUEST_FAILED' });
    expect(await c.screenshot('Sale', 2)).toMatchObject({ ok: false, code: 'SR_BAD_REQUEST' });
  });

  describe('one-click setup', () => {
    it('reports an OBS build without browser source (605) clearly', async () => {
      fake = await startFakeObs({ password: PASSWORD, browserSource: false });
      const c = make(obsConfig(fake.url));
      c.start();
      await inState(c, 'connected');
      const r = await c.setup('http://127.0.0.1:4500/overlay');
      expect(r).toMatchObject({ ok: false, code: 'SR_OBS_NO_BROWSER_SOURCE' });
      expect(r.ok === false && r.message).toMatch(/no browser source \(OBS answered 605 \(InvalidInputKind\) to CreateInput/);
      expect(fake.state.scenes.map((s) => s.name)).toEqual(['Idle', 'Sale']); // the scene it made for the source is gone again
    });

    it('keeps credentials in the URL out of logs and status', async () => {
      fake = await startFakeObs({ password: PASSWORD });
      const c = make(obsConfig(fake.url.replace('ws://', 'ws://user:hunter2@')));
      c.start();
      const s = await inState(c, 'connected');
      expect(JSON.stringify(s) + logs.join('\n')).not.toContain('hunter2');
    });

    it('creates the scene and browser source, then is idempotent, then updates a changed URL', async () => {
      fake = await startFakeObs({ password: PASSWORD, browserSource: true });
      const c = make(obsConfig(fake.url));
      c.start();
      await inState(c, 'connected');
      expect(await c.setup('http://127.0.0.1:4500/overlay')).toEqual({ ok: true, value: { created: true, updated: false } });
      expect(fake.state.inputs.find((i) => i.name === 'Showrunner overlay')).toEqual({
        name: 'Showrunner overlay',
        kind: 'browser_source',
        settings: { url: 'http://127.0.0.1:4500/overlay', width: 1920, height: 1080 },
      });
      expect(fake.item('Showrunner', 'Showrunner overlay')?.enabled).toBe(true);
      expect(await c.setup('http://127.0.0.1:4500/overlay')).toEqual({ ok: true, value: { created: false, updated: false } });
      expect(await c.setup('http://127.0.0.1:4600/overlay', { width: 1280, height: 720 })).toEqual({ ok: true, value: { created: false, updated: true } });
      expect(fake.state.inputs.find((i) => i.name === 'Showrunner overlay')?.settings).toEqual({ url: 'http://127.0.0.1:4600/overlay', width: 1280, height: 720 });
      expect(await c.refreshOverlay()).toEqual({ ok: true, value: undefined });
      expect(fake.requests.at(-1)).toEqual({ type: 'PressInputPropertiesButton', data: { inputName: 'Showrunner overlay', propertyName: 'refreshnocache' } });
    });

    it('refuses a source of the wrong kind under the overlay name and a bad URL', async () => {
      const state = defaultFakeState();
      state.inputs.push({ name: 'Showrunner overlay', kind: 'text_ft2_source_v2', settings: {} });
      fake = await startFakeObs({ password: PASSWORD, browserSource: true, state });
      const c = make(obsConfig(fake.url));
      c.start();
      await inState(c, 'connected');
      expect(await c.setup('http://127.0.0.1:4500/overlay')).toMatchObject({ ok: false, code: 'SR_OBS_REQUEST_FAILED', message: expect.stringContaining('is a text_ft2_source_v2, not a browser source') });
      expect(await c.setup('javascript:alert(1)')).toMatchObject({ ok: false, code: 'SR_BAD_REQUEST' });
    });
  });
});
