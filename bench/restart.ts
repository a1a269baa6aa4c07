/**
 * Start-up with a big store: 50,000 pending and 100,000 decided held items (each decision with its
 * audit entry, 10,000 of them inside the last 10 minutes) and the saved context of 20,000 viewers,
 * written through the Store API; then the time from startApp to listening, with the production
 * parts (questions and mood included).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../config/chat.js';
import { startApp } from '../server/app.js';
import { parseConfig } from '../server/config-load.js';
import { defaultParts } from '../server/parts.js';
import { Store, type HeldRow } from '../server/store/store.js';
import { bar, round } from './stats.js';
import type { BenchPlugin } from './types.js';

const PENDING = 50_000;
const DECIDED = 100_000;
const USERS = 20_000;

function buildStore(path: string): number {
  const t0 = performance.now();
  const store = new Store(path);
  const now = Date.now();
  const reasons: Finding[] = [{ filter: 'profanity', severity: 'medium', detail: 'a listed word' }];
  const row = (i: number): HeldRow => {
    const u = `v${i % USERS}`;
    return {
      id: `held-${i}`,
      message: { id: `msg-${i}`, platform: 'twitch', channel: 'shop', user: { id: u, name: u, displayName: u, roles: [] }, text: `held line number ${i}, call 555-0100`, emotes: [], receivedAt: now - 3_600_000 + i * 20 },
      reasons,
      lang: 'en',
      isQuestion: false,
      sentiment: (i % 7) / 10 - 0.3,
      heldAt: now - 3_600_000 + i * 20,
      priority: i % 5,
    };
  };
  for (let start = 0; start < PENDING + DECIDED; start += 10_000) {
    store.transaction(() => {
      for (let i = start; i < Math.min(start + 10_000, PENDING + DECIDED); i++) {
        const r = row(i);
        store.insertHeld(r, r.message.text);
        if (i < DECIDED) {
          const at = i >= DECIDED - 10_000 ? now - 300_000 + (i % 1000) : r.heldAt + 5000;
          store.decide(r.id, i % 3 === 0 ? 'approve' : 'reject', 'mod1', at, { id: `audit-${i}`, at, actor: 'mod1', action: 'reject', itemId: r.id, messageId: r.message.id, userName: r.message.user.name, waitedMs: 5000, detail: 'profanity' });
        }
      }
    });
  }
  store.transaction(() => {
    for (let u = 0; u < USERS; u++) store.setJson(`userRecent:v${u}`, [{ at: now - 1000, text: 'an earlier line', action: 'allow' }, { at: now - 500, text: 'the held line', action: 'hold' }], now);
  });
  store.close();
  return performance.now() - t0;
}

export const benchRestart: BenchPlugin = async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-bench-restart-'));
  const path = join(dir, 'restart.db');
  const buildMs = buildStore(path);
  const times: number[] = [];
  let size = 0;
  for (let run = 0; run < (ctx.quick ? 1 : 3); run++) {
    const config = parseConfig({ server: { port: 0 }, store: { path }, replay: { enabled: false } }, 'bench');
    const t0 = performance.now();
    const app = await startApp(config, { log: () => {}, ...defaultParts(() => {}) });
    times.push(performance.now() - t0);
    size = app.queue.size;
    await app.close();
  }
  const ms = Math.min(...times);
  ctx.log(`restart      ${ms.toFixed(0).padStart(6)} ms  ${bar(ms, 5000)}  startApp → listening with ${size.toLocaleString('en')} pending, ${DECIDED.toLocaleString('en')} decided, ${USERS.toLocaleString('en')} viewers' context (best of ${times.length}: ${times.map((t) => t.toFixed(0)).join(', ')} ms; the file took ${(buildMs / 1000).toFixed(1)} s to write)`);
  if (size !== PENDING) throw new Error(`restored ${size} pending items, expected ${PENDING}`);
  return { restart_ms: round(ms, 0) };
};
