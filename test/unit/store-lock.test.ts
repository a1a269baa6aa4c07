/** One `npm start` per store: a second is refused with the first one's pid and address (README "Run it"). */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverText } from '../../server/messages.js';
import { claimStore, storeLockPath } from '../../server/store-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'sr-lock-'));
/** A pid that is surely gone: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 0;

describe('claiming the store', () => {
  it('lets one process hold a store and refuses a second, naming the first', () => {
    const store = join(dir, 'a', 'showrunner.db');
    const first = claimStore(store);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    first.at('http://127.0.0.1:4621');
    // another process (this test's parent stands in: alive, another pid)
    const second = claimStore(store, process.ppid);
    expect(second).toMatchObject({ ok: false, holder: { pid: process.pid, url: 'http://127.0.0.1:4621' } });
    first.release();
    expect(existsSync(storeLockPath(store))).toBe(false);
    const third = claimStore(store, process.ppid);
    expect(third.ok).toBe(true);
  });

  it('takes over a lock left by a process that is gone (a crash) or an unreadable one', () => {
    const store = join(dir, 'b.db');
    writeFileSync(storeLockPath(store), JSON.stringify({ pid: deadPid(), url: 'http://127.0.0.1:4500' }));
    expect(claimStore(store).ok).toBe(true);
    writeFileSync(storeLockPath(store), 'not json');
    expect(claimStore(store).ok).toBe(true);
  });

  it('never locks an in-memory store', () => {
    expect(claimStore(':memory:').ok).toBe(true);
    expect(claimStore(':memory:', process.ppid).ok).toBe(true);
  });

  it('says what to do in both languages', () => {
    expect(serverText.en.storeInUse('data/showrunner.db', 4242, 'http://127.0.0.1:4621')).toBe(
      'data/showrunner.db is in use by another Showrunner (pid 4242, http://127.0.0.1:4621). Stop that one first (Ctrl-C in its terminal), or give this one its own store: SHOWRUNNER_DB=data/other.db npm start',
    );
    expect(serverText.zh.storeInUse('data/showrunner.db', 4242, 'http://127.0.0.1:4621')).toBe(
      'data/showrunner.db 正被另一个 Showrunner 使用（进程 4242，http://127.0.0.1:4621）。请先停掉那一个（在它的终端按 Ctrl-C），或者给这一个换个数据库：SHOWRUNNER_DB=data/other.db npm start',
    );
  });
});

describe('starting `npm start` twice on one store', () => {
  it('refuses the second with exit code 1 and the first one\'s address; tokens.txt keeps the first', async () => {
    const store = join(dir, 'twice', 'showrunner.db');
    const env = { ...process.env, SHOWRUNNER_DB: store, LANG: 'en_US.UTF-8', LC_ALL: '' };
    const first = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--no-loop'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        first.stdout.on('data', (b: Buffer) => {
          text += b.toString();
          if (/\(producer\)/.test(text)) resolve(text);
        });
        first.on('exit', (code) => reject(new Error(`the first exited with ${code}`)));
      });
      const url = /Overlay\s+(http:\/\/127\.0\.0\.1:\d+)\/overlay/.exec(out)?.[1];
      expect(url).toBeDefined();
      const second = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--no-loop'], { env, encoding: 'utf8', timeout: 20_000 });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`${store} is in use by another Showrunner (pid ${first.pid}, ${url})`);
      expect(readFileSync(join(dir, 'twice', 'tokens.txt'), 'utf8')).toContain(`${url}/console?token=`);
    } finally {
      const exited = new Promise((resolve) => first.once('exit', resolve));
      first.kill('SIGINT');
      await exited;
    }
    // stopped cleanly: the store is free again
    expect(existsSync(storeLockPath(store))).toBe(false);
  }, 40_000);
});
