/**
 * Stop with the parent. `npm start` runs `sh -c "node … server/main.ts"` (dash does not exec the
 * command), so the tree is npm → sh → node. npm passes SIGTERM on to sh, and sh dies without
 * passing it on; if npm itself is killed outright, sh stays. Either way the server must not live
 * on as an orphan holding the port and the DB (issue 12), so it watches its parent and, when an
 * npm script started it, its parent's parent too, and stops when one of them is gone.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The parent pid of `pid`, or null when it cannot be read. */
export function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); // "pid (comm) state ppid …"; comm may hold spaces and parens
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    // no /proc (macOS): ask ps
  }
  try {
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    return null; // neither: only the direct parent is watched
  }
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours to signal
  }
}

/** The pids to watch: the parent, and under an npm script the parent's parent (npm itself). */
export function watchedAncestors(env: NodeJS.ProcessEnv = process.env): number[] {
  const parent = process.ppid;
  const out = [parent];
  if (env['npm_lifecycle_event']) {
    const grand = parentOf(parent);
    if (grand !== null && grand > 1) out.push(grand);
  }
  return out;
}

/** Calls `onGone` once when the parent changes or a watched ancestor exits; returns a stop function. */
export function watchParents(onGone: (why: string) => void, everyMs = 1000): () => void {
  const parent = process.ppid;
  const ancestors = watchedAncestors();
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? parent : ancestors.find((pid) => !isAlive(pid));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(`parent process ${gone} exited`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
