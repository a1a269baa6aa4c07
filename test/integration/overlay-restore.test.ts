/**
 * A version before the start-time checks (c39b4bc, a2ecdc5) could save a sale or countdown whose
 * times are no date; the pages then threw "Invalid time value" on every frame after each restart.
 * A real SQLite file holding such a state is started from: the bad part is cleared with a log line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OverlayState } from '../../config/protocol.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { logTextFor } from '../../server/log-text.js';
import { initialOverlay } from '../../server/overlay/reducer.js';
import { Store } from '../../server/store/store.js';
import { testConfig } from '../support/app.js';

const THEME = initialOverlay(testConfig().overlay.theme).theme;
const countdown = { id: 'c1', label: 'Doors', endsAt: 2_000_000_000_000, durationMs: 60_000, pausedRemainingMs: null };
const banner = { id: 'b1', product: 'Lamp', currency: '$', price: 10, stockTotal: 5, stockLeft: 5, lowStockAt: 1, startsAt: 1_900_000_000_000, endsAt: 1_900_000_300_000, pausedRemainingMs: null, endedAt: null };

let app: RunningApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Writes `parts` over a default overlay into a new SQLite file (as the old version did), then starts the app on it. */
async function startFrom(parts: Partial<Record<keyof OverlayState, unknown>>, lang?: 'zh-CN'): Promise<{ overlay: OverlayState; lines: string[]; stored: OverlayState }> {
  const config = testConfig(lang ? { overlay: { lang } } : {});
  const old = new Store(config.store.path);
  old.setJson('overlay', { ...initialOverlay(THEME), pinned: { id: 'p1', question: 'Ship?', answer: 'Yes', pinnedAt: 1 }, ...parts });
  old.close();
  const lines: string[] = [];
  app = await startApp(config, { log: (l) => lines.push(l), ...(lang ? { logText: logTextFor(lang) } : {}) });
  return { overlay: app.hub.state['overlay'] as OverlayState, lines, stored: app.store.getJson<OverlayState>('overlay')! };
}

describe('restoring a saved overlay whose times are no date', () => {
  it.each([
    ['a sale starting past the last date (8.7e15)', 'banner', { ...banner, startsAt: 8.7e15, endsAt: 8.7e15 + 300_000 }, 'startsAt'],
    ['a sale starting at 1e300', 'banner', { ...banner, startsAt: 1e300, endsAt: 1e300 }, 'startsAt'],
    ['a sale ending at Infinity (saved as null)', 'banner', { ...banner, endsAt: null }, 'endsAt'],
    ['a sale ended at 9e15', 'banner', { ...banner, endedAt: 9e15 }, 'endedAt'],
    ['a countdown ending at 1e300', 'countdown', { ...countdown, endsAt: 1e300 }, 'endsAt'],
    ['a countdown paused with 1e300 left', 'countdown', { ...countdown, pausedRemainingMs: 1e300 }, 'pausedRemainingMs'],
    ['a countdown ending at a string', 'countdown', { ...countdown, endsAt: 'soon' }, 'endsAt'],
  ] as const)('clears %s, logs it, keeps the rest and saves the cleared state', async (_n, part, value, field) => {
    const { overlay, lines, stored } = await startFrom({ [part]: value });
    expect(overlay[part]).toBeNull();
    expect(overlay.pinned?.question).toBe('Ship?');
    expect(lines.filter((l) => l.startsWith('overlay:'))).toEqual([logTextFor('en').overlayTimeDropped(part, field)]);
    expect(lines.join('\n')).toContain(`'s ${field} is not a valid date`);
    expect(stored[part]).toBeNull();
  });

  it('keeps a sale and a countdown whose times are dates, without a line', async () => {
    const { overlay, lines } = await startFrom({ banner, countdown });
    expect(overlay.banner).toMatchObject({ startsAt: banner.startsAt, endsAt: banner.endsAt });
    expect(overlay.countdown).toMatchObject({ endsAt: countdown.endsAt });
    expect(lines.filter((l) => l.startsWith('overlay:'))).toEqual([]);
  });

  it.each([['a list', ['overlay']], ['a number', 7], ['null', null]])('starts from the defaults when the saved overlay is %s', async (_n, value) => {
    const config = testConfig();
    const old = new Store(config.store.path);
    old.setJson('overlay', value);
    old.close();
    app = await startApp(config, { log: () => {} });
    const overlay = app.hub.state['overlay'] as Record<string, unknown>;
    expect(Object.keys(overlay).sort()).toEqual([...Object.keys(initialOverlay(THEME)), 'engage'].sort()); // the engage view is added by the app
    expect(overlay['banner']).toBeNull();
  });

  it('logs in Chinese for a Chinese show', async () => {
    const { overlay, lines } = await startFrom({ banner: { ...banner, startsAt: 8.7e15 } }, 'zh-CN');
    expect(overlay.banner).toBeNull();
    expect(lines).toContain('叠加层：保存的秒杀横幅的 startsAt 不是有效的时间（可能由旧版本写入）；已清除');
  });
});
