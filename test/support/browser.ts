/**
 * Real-Chromium helpers for the browser tests and the overlay bench: launches Chromium (the one
 * resolveChromium() picks: CHROMIUM_PATH, a system Chromium/Chrome, or the npm-shipped build)
 * through playwright-core, makes sure the Vite pages are built and current, and posts commands to
 * a running app the way a stream deck or script would.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Command } from '../../config/protocol.js';
import { resolveChromium } from './chromium-path.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const PAGES_DIR = join(ROOT, 'dist', 'pages');

export async function launchBrowser(): Promise<Browser> {
  const chosen = await resolveChromium();
  return chromium.launch({
    executablePath: chosen.executablePath,
    env: { ...process.env, ...chosen.env },
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** Builds dist/pages with Vite when it is missing or older than overlay/ or config/ (the page sources). */
export async function ensurePagesBuilt(): Promise<string> {
  const built = join(PAGES_DIR, 'overlay.html');
  const stale =
    !existsSync(built) ||
    !existsSync(join(PAGES_DIR, 'console.html')) ||
    !existsSync(join(PAGES_DIR, 'review.html')) ||
    statSync(built).mtimeMs < Math.max(newestMtime(join(ROOT, 'overlay')), newestMtime(join(ROOT, 'config')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (stale) {
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  return PAGES_DIR;
}

/** POST /api/command as a script would; throws with the server's error body on a non-2xx answer. */
export async function postCommand(baseUrl: string, token: string, command: Command): Promise<unknown> {
  const res = await fetch(new URL('/api/command', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(command),
  });
  const body = (await res.json()) as { result?: unknown; error?: unknown };
  if (!res.ok) throw new Error(`POST /api/command ${command.kind} → ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** POST /api/ingest as a bridge would: one Twitch-like chat line per item (user name = id suffix); throws on a non-200 answer. */
export async function ingestChat(baseUrl: string, ingestToken: string, items: readonly { id: string; user: string; text: string }[]): Promise<void> {
  const body = items.map((m) => ({ id: m.id, platform: 'twitch', user: { id: `u-${m.user}`, name: m.user, displayName: m.user }, text: m.text }));
  const res = await fetch(new URL('/api/ingest', baseUrl), { method: 'POST', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST /api/ingest → ${res.status} ${await res.text()}`);
}
