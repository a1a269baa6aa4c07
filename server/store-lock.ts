/**
 * One `npm start` per store. A second server on the same SQLite file would share its held queue and
 * shows with the first, and overwrite tokens.txt with its own address while the first still runs;
 * so the CLI claims `<store>.lock` (pid and address) and a second start is refused, naming the first.
 * A lock whose process is gone (a crash, SIGKILL) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StoreHolder {
  readonly pid: number;
  readonly url: string | null;
}

export type StoreClaim =
  | { readonly ok: true; readonly file: string; /** Records the address once it is known. */ at(url: string): void; release(): void }
  | { readonly ok: false; readonly file: string; readonly holder: StoreHolder };

/** The lock file of a store. */
export function storeLockPath(storePath: string): string {
  return `${storePath}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): StoreHolder | null {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; url?: unknown };
    return typeof raw.pid === 'number' && Number.isInteger(raw.pid) && raw.pid > 0 ? { pid: raw.pid, url: typeof raw.url === 'string' ? raw.url : null } : null;
  } catch {
    return null;
  }
}

/** Claims `storePath` for this process (`pid`), or says who holds it. `:memory:` is never shared. */
export function claimStore(storePath: string, pid = process.pid): StoreClaim {
  const file = storeLockPath(storePath);
  const mine = (): StoreClaim => ({
    ok: true,
    file,
    at: (url) => writeFileSync(file, JSON.stringify({ pid, url })),
    release: () => {
      if (holderOf(file)?.pid === pid) rmSync(file, { force: true });
    },
  });
  if (storePath === ':memory:') return { ok: true, file, at: () => {}, release: () => {} };
  mkdirSync(dirname(storePath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid, url: null }));
      closeSync(fd);
      return mine();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = holderOf(file);
    if (holder && holder.pid !== pid && alive(holder.pid)) return { ok: false, file, holder };
    // left by a process that is gone (or unreadable): take it over
    rmSync(file, { force: true });
  }
  return mine();
}
