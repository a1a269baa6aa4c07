/**
 * The console's OBS scene box in real Chromium, in English and Chinese: it offers OBS's scenes (a
 * <datalist> filled from /api/obs/scenes once OBS connects), and a name typed by hand still switches.
 * OBS is a fake with the real status and scene-list shapes.
 */
import { BehaviorSubject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ObsStatus } from '../../config/views.js';
import { startApp } from '../../server/app.js';
import type { ObsLike } from '../../server/part-types.js';
import { ARTIFACTS, browserSuite } from '../support/browser-suite.js';
import { testConfig } from '../support/app.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });
const chrome = browserSuite();

function fakeObs() {
  const status$ = new BehaviorSubject<ObsStatus>({ state: 'connecting', detail: 'connecting', since: Date.now(), currentScene: null, obsVersion: null });
  const switched: string[] = [];
  let scenes = ['Sale', 'Live', 'Showrunner'];
  const obs: ObsLike = {
    status$,
    start() {},
    stop: async () => {},
    setup: async (url) => ({ ok: true, url }),
    setScene: async (name) => {
      switched.push(name);
      return { ok: true, value: undefined };
    },
    refreshOverlay: async () => ({ ok: true }),
    listScenes: async () =>
      status$.getValue().state === 'connected'
        ? { ok: true, value: { scenes: scenes.map((name) => ({ name, items: [] })), current: 'Live' } }
        : { ok: false, code: 'SR_OBS_UNAVAILABLE', message: 'OBS is not connected' },
    cue: async () => ({ ok: true }),
  };
  const connect = () => status$.next({ state: 'connected', detail: 'connected', since: Date.now(), currentScene: 'Live', obsVersion: '30.2.0' });
  return { obs, connect, switched, setScenes: (s: string[]) => (scenes = s) };
}

describe('console: OBS scene picker (real Chromium)', () => {
  it('offers OBS\'s scenes once it connects, keeps typing possible, in English and Chinese', async () => {
    const fake = fakeObs();
    const a = await chrome.app(startApp(testConfig(), { log: () => {}, obs: () => fake.obs }));
    const context = await chrome.context({ locale: 'en-US', viewport: { width: 1600, height: 1000 } });
    const con = await context.newPage();
    const errors: string[] = [];
    con.on('pageerror', (e) => errors.push(e.message));
    await con.goto(a.url(`/console?token=${a.tokens.producer}`));
    await con.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    const box = con.locator('input[name="obsScene"]');
    const options = () => con.locator('datalist#obs-scenes option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(await box.getAttribute('list')).toBe('obs-scenes');
    expect(await box.getAttribute('placeholder')).toBe('pick or type a scene');
    expect(await options()).toEqual([]); // OBS still connecting: nothing to offer

    fake.connect();
    await poll(options).toEqual(['Sale', 'Live', 'Showrunner']);
    // a scene added in OBS since: offered the next time the box gets focus
    fake.setScenes(['Sale', 'Live', 'Showrunner', 'Giveaway']);
    await box.focus();
    await poll(options).toEqual(['Sale', 'Live', 'Showrunner', 'Giveaway']);
    // a name typed by hand (not in the list) still switches
    await box.fill('Backstage');
    await con.getByRole('button', { name: 'Switch scene' }).click();
    await poll(() => fake.switched).toEqual(['Backstage']);
    await con.screenshot({ path: `${ARTIFACTS}/console-obs-scenes-en.png` });

    await con.locator('[data-action="switch-lang"]').click();
    const zhBox = con.locator('input[name="obsScene"]');
    await poll(() => zhBox.getAttribute('placeholder')).toBe('选择或输入场景');
    expect(await zhBox.getAttribute('list')).toBe('obs-scenes');
    await zhBox.focus();
    await poll(options).toEqual(['Sale', 'Live', 'Showrunner', 'Giveaway']);
    await zhBox.fill('Sale');
    await con.getByRole('button', { name: '切换场景' }).click();
    await poll(() => fake.switched).toEqual(['Backstage', 'Sale']);
    expect(errors).toEqual([]);
  });
});
