/**
 * Producer action → overlay DOM updated, in real Chromium against the real server, and the
 * overlay page's weight. Each sample is sent from inside the overlay page (fetch POST
 * /api/command with the producer token), so the send time and the MutationObserver time are read
 * from the same clock (the page's performance.now()). Commands alternate between a countdown
 * start (new label) and a stock change (new number); a sample ends when the overlay shows it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../server/config-load.js';
import { startApp } from '../server/app.js';
import { ensurePagesBuilt, launchBrowser } from '../test/support/browser.js';
import { quantile, round } from './stats.js';
import type { BenchPlugin } from './types.js';

/** Gzipped size (KB) of every script the built overlay page loads (entry + preloaded chunks). */
export function overlayJsGzipKb(pagesDir: string): number {
  const html = readFileSync(join(pagesDir, 'overlay.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)) files.add(m[1] as string);
  // Chunks imported statically by those files (rollup hoists them to modulepreload links, but be sure).
  for (const f of [...files]) {
    const code = readFileSync(join(pagesDir, f), 'utf8');
    for (const m of code.matchAll(/from\s*["']\.\/([^"']+\.js)["']/g)) files.add(join('assets', m[1] as string));
  }
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(pagesDir, f)), { level: 9 }).length;
  return bytes / 1024;
}

export const benchOverlay: BenchPlugin = async (ctx) => {
  const pagesDir = await ensurePagesBuilt();
  const jsKb = overlayJsGzipKb(pagesDir);
  ctx.log(`overlay page JavaScript: ${round(jsKb)} KB gzipped (goal ≤ 30 KB)`);

  const dir = mkdtempSync(join(tmpdir(), 'showrunner-bench-overlay-'));
  const app = await startApp(parseConfig({ server: { port: 0 }, store: { path: join(dir, 'bench.db') }, replay: { enabled: false } }, 'bench'), { log: () => {} });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    // Timestamps each ws frame's arrival (before the page's own handler runs) to split the figure
    // into server + network (send → frame) and page render (frame → DOM).
    await page.addInitScript(`{
      const Native = window.WebSocket;
      window.__srFrameAt = 0;
      window.WebSocket = class extends Native {
        constructor(...args) { super(...args); this.addEventListener('message', () => { window.__srFrameAt = performance.now(); }); }
      };
    }`);
    await page.goto(app.url('/overlay'));
    await page.waitForFunction(() => document.documentElement.dataset.connected === 'true');
    // A sale to change the stock of.
    await page.evaluate(async (token) => {
      const res = await fetch('/api/command', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ kind: 'banner.start', product: 'Bench serum', price: 9.9, stock: 100000, lowStockAt: 0, durationMs: 3_600_000 }) });
      if (!res.ok) throw new Error(`banner.start: HTTP ${res.status}`);
    }, app.tokens.producer);
    await page.locator('[data-widget=banner].on').waitFor();

    const samples = ctx.quick ? 30 : 100;
    const warmup = 5;
    // Plain JS (a string) so the bundler's helpers (tsx's __name) do not leak into the page.
    const ms = await page.evaluate<[number, number, number][]>(`(async ({ token, n }) => {
      const stage = document.getElementById('stage');
      const out = [];
      for (let i = 0; i < n; i++) {
        const countdown = i % 2 === 0;
        const label = 'bench ' + i;
        const stock = 50000 - i;
        const isShown = countdown
          ? () => document.querySelector('[data-widget=countdown] .cd-label')?.textContent === label
          : () => document.querySelector('[data-widget=banner] .b-stock-text')?.textContent === new Intl.NumberFormat('en').format(stock) + ' left';
        const seen = new Promise((resolve) => {
          const mo = new MutationObserver(() => {
            if (isShown()) { const t = performance.now(); mo.disconnect(); resolve(t); }
          });
          mo.observe(stage, { subtree: true, childList: true, characterData: true, attributes: true });
          // never hang the bench: a text the page no longer writes fails loudly with what it shows
          setTimeout(() => { mo.disconnect(); resolve(Promise.reject(new Error('overlay never showed ' + (countdown ? label : stock) + '; it shows: ' + (document.querySelector(countdown ? '[data-widget=countdown] .cd-label' : '[data-widget=banner] .b-stock-text')?.textContent ?? 'nothing')))); }, 10000);
        });
        const body = countdown ? { kind: 'countdown.start', label, durationMs: 600000 } : { kind: 'banner.stock', stockLeft: stock };
        const t0 = performance.now();
        const res = await fetch('/api/command', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify(body) });
        if (!res.ok) throw new Error(body.kind + ': HTTP ' + res.status);
        const domAt = await seen;
        out.push([domAt - t0, window.__srFrameAt - t0, domAt - window.__srFrameAt]);
      }
      return out;
    })(${JSON.stringify({ token: app.tokens.producer, n: samples + warmup })})`);
    const rows = ms.slice(warmup);
    const kept = rows.map((r) => r[0]);
    const p50 = quantile(kept, 0.5);
    const p95 = quantile(kept, 0.95);
    const toFrame = rows.map((r) => r[1]);
    const render = rows.map((r) => r[2]);
    ctx.log(`  of which send → ws frame (HTTP, server, hub flush, network): p50 ${round(quantile(toFrame, 0.5))} ms, p95 ${round(quantile(toFrame, 0.95))} ms; frame → DOM (page): p50 ${round(quantile(render, 0.5))} ms, p95 ${round(quantile(render, 0.95))} ms`);
    ctx.log(`producer action → overlay DOM (real Chromium, ${kept.length} samples): p50 ${round(p50)} ms, p95 ${round(p95)} ms (goal p95 ≤ 50 ms)`);
    return { action_to_overlay_ms_p50: round(p50), action_to_overlay_ms_p95: round(p95), overlay_js_gzip_kb: round(jsKb) };
  } finally {
    await browser.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
