/**
 * Nothing lost across a crash (issue 16): the real server in a child process, a show with chat on
 * two platforms, then kill -9 (no signal handler runs, nothing is flushed). The store and the
 * running minute's checkpoint file, reopened, hold every message; a new server resumes the same
 * show and its review counts them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Review } from '../../config/review.js';
import { startApp, type RunningApp } from '../../server/app.js';
import { openMinutePath } from '../../server/shows/recorder.js';
import { buildReview, loadShow } from '../../server/shows/review.js';
import { Store } from '../../server/store/store.js';
import { testConfig } from '../support/app.js';

const PRODUCER = 'producer-token-for-the-crash-test';
const INGEST = 'ingest-token-for-the-crash-test';

let child: ChildProcess | null = null;
let app: RunningApp | null = null;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  await app?.close();
  app = null;
});

/** The server as `npm start` runs it (without building the pages), on a free port; resolves with its URL. */
async function serve(dir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--config', join(dir, 'config.yaml'), '--port', '0'], {
    env: { ...process.env, SHOWRUNNER_DB: join(dir, 'show.db'), SHOWRUNNER_TOKEN_PRODUCER: PRODUCER, SHOWRUNNER_TOKEN_INGEST: INGEST },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/overlay/.exec(out);
      if (m) resolve(m[1] as string);
    });
    proc.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${out}`)));
  });
  return { proc, url };
}

const post = (url: string, token: string, body: unknown) => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('a show across kill -9', () => {
  it('keeps every message counted before the last checkpoint, and the restarted server continues the show', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-crash-'));
    writeFileSync(join(dir, 'config.yaml'), 'replay:\n  enabled: false\nshows:\n  checkpointMs: 1000\n');
    const s = await serve(dir);
    child = s.proc;
    const started = (await (await post(`${s.url}/api/shows/start`, PRODUCER, { title: 'crash' })).json()) as { show: { id: string } };
    const id = started.show.id;
    const body = Array.from({ length: 30 }, (_, i) => ({ id: `k${i}`, platform: i % 3 === 0 ? 'youtube' : 'tiktok', user: { id: `v${i % 6}`, name: `v${i % 6}`, displayName: `V${i % 6}` }, text: i % 5 === 0 ? 'how much is shipping?' : `love it ${i}` }));
    expect(((await (await post(`${s.url}/api/ingest`, INGEST, body)).json()) as { accepted: number }).accepted).toBe(30);
    // the server ticks once a second and writes the running minute at most 1 s after a change
    await new Promise((r) => setTimeout(r, 3000));
    const died = new Promise((r) => s.proc.once('exit', r));
    s.proc.kill('SIGKILL');
    await died;

    // the dead server's files: the store, and the running minute in its checkpoint file
    const store = new Store(join(dir, 'show.db'));
    const file = openMinutePath(store, id);
    const withFile = loadShow(store, id, file);
    const storeOnly = loadShow(store, id);
    store.close();
    expect(storeOnly).not.toBeNull();
    const dead = buildReview(withFile!.meta, withFile!.minutes);
    expect(dead.totals.msgs).toBe(30);
    expect(Object.fromEntries(dead.platforms.map((p) => [p.platform, p.msgs]))).toEqual({ tiktok: 20, youtube: 10 });

    // a new server on the same files resumes the show; its review has the 30 messages and more chat adds to them
    app = await startApp(testConfig({ store: { path: join(dir, 'show.db') }, tokens: { producer: PRODUCER, ingest: INGEST } }), { log: () => {} });
    const list = (await (await fetch(app.url('/api/shows'), { headers: { authorization: `Bearer ${PRODUCER}` } })).json()) as { active: string };
    expect(list.active).toBe(id);
    expect(((await (await post(app.url('/api/ingest'), INGEST, [{ id: 'after', platform: 'twitch', user: { id: 'n', name: 'n', displayName: 'N' }, text: 'back again' }])).json()) as { accepted: number }).accepted).toBe(1);
    const review = (await (await fetch(app.url(`/api/shows/${id}/review`), { headers: { authorization: `Bearer ${PRODUCER}` } })).json()) as Review;
    expect(review.totals.msgs).toBe(31);
    expect(review.platforms.map((p) => p.platform).sort()).toEqual(['tiktok', 'twitch', 'youtube']);
    expect(review.totals.chatters).toBe(7);
  }, 60_000);
});
