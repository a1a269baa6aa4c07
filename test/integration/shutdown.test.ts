import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApp } from '../../server/app.js';
import { testConfig, TestSocket } from '../support/app.js';

describe('shutdown', () => {
  it('closes overlay, control and ingest sockets with 1001 (going away), not 1006', async () => {
    const app = await startApp(testConfig(), { log: () => {} });
    const overlay = await TestSocket.open(app.wsUrl('/ws/overlay'));
    const control = await TestSocket.open(app.wsUrl('/ws/control'), { headers: { authorization: `Bearer ${app.tokens.host}` } });
    const ingest = await TestSocket.open(app.wsUrl('/ws/ingest'), { headers: { authorization: `Bearer ${app.tokens.ingest}` } });
    await overlay.next('snapshot');
    await control.next('snapshot');
    const closes = [overlay.closed(), control.closed(), ingest.closed()];
    await app.close();
    for (const c of await Promise.all(closes)) expect(c.code).toBe(1001);
  });
});

/** Resolves when nothing listens on the port any more; rejects after `withinMs`. */
async function portClosed(port: number, withinMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (!open) return Date.now() - t0;
    if (Date.now() - t0 > withinMs) throw new Error(`port ${port} still listening after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 100)); // polling a port from outside: there is no event to await
  }
}

/** Starts `npm start` on a free port and a temp DB; resolves once the banner names the port. */
async function npmStart(): Promise<{ npm: ChildProcess; port: number; serverPid: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'sr-npm-'));
  const npm = spawn('npm', ['start', '--silent', '--', '--port', '0', '--no-loop'], {
    env: { ...process.env, SHOWRUNNER_DB: join(dir, 'show.db'), SHOWRUNNER_TOKEN_PRODUCER: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    npm.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Overlay\s+http:\/\/127\.0\.0\.1:(\d+)\/overlay/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
  });
  // the server's pid (npm → sh → node), for clean-up should the test fail (Linux /proc)
  const childOf = (pid: number | undefined): string | undefined => {
    const file = `/proc/${pid}/task/${pid}/children`;
    return pid && existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/)[0] : undefined;
  };
  const sh = childOf(npm.pid);
  const first = childOf(sh ? Number(sh) : undefined);
  return { npm, port, serverPid: first ? Number(first) : null };
}

function cleanUp(pid: number | null): void {
  if (pid === null) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone: what the test wants
  }
}

describe('npm start', () => {
  it('stops listening when the npm process gets SIGTERM; pages see 1001', async () => {
    const { npm, port, serverPid } = await npmStart();
    try {
      const overlay = await TestSocket.open(`ws://127.0.0.1:${port}/ws/overlay`);
      await overlay.next('snapshot');
      const closed = overlay.closed();
      npm.kill('SIGTERM');
      expect((await closed).code).toBe(1001);
      expect(await portClosed(port, 10_000)).toBeLessThan(10_000);
    } finally {
      cleanUp(serverPid);
    }
  }, 120_000);

  it('stops listening when npm is killed outright (SIGKILL: no signal reaches the server)', async () => {
    const { npm, port, serverPid } = await npmStart();
    try {
      npm.kill('SIGKILL');
      expect(await portClosed(port, 10_000)).toBeLessThan(10_000);
    } finally {
      cleanUp(serverPid);
    }
  }, 120_000);
});
