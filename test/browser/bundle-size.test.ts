/**
 * The overlay page's JavaScript, as `npm run build:pages` writes it, stays small enough for an OBS
 * browser source with both languages in it: ≤ 30 KB gzipped (the bench key `overlay_js_gzip_kb`
 * measures the same files), and both languages' texts are really in the bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlayJsGzipKb } from '../../bench/overlay.js';
import { ensurePagesBuilt } from '../support/browser.js';

describe('the overlay bundle', () => {
  it('is at most 30 KB of gzipped JavaScript with the Chinese and English texts in it', async () => {
    const dir = await ensurePagesBuilt();
    const kb = overlayJsGzipKb(dir);
    expect(kb).toBeGreaterThan(1); // measured something
    expect(kb).toBeLessThanOrEqual(30);
    const js = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js') && !f.startsWith('console')).map((f) => readFileSync(join(dir, 'assets', f), 'utf8')).join('\n');
    for (const text of ['限时秒杀', '距结束', 'Flash sale', 'ends in']) expect(js, text).toContain(text);
    expect(js).not.toMatch(/ZodError|zod/); // no zod in the page bundle
  });
});
