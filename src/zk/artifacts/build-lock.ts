/**
 * One artifact build at a time per cache dir, across processes: a lock file created with O_EXCL
 * (`<cacheDir>/artifacts/build.lock`) holding the builder's pid and host. A second builder waits
 * for it (and then usually finds the artifacts built), so polling `vouch circuits build`, or test
 * runs in several checkouts sharing ~/.cache/vouch, never start parallel 5-minute ceremonies that
 * race on the shared powers-of-tau file.
 *
 * A lock whose holder is gone (same host, pid not alive) or older than `staleMs` is broken: a
 * killed build must not block every later one. Only the holder removes its own lock.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

export interface BuildLockOptions {
  /** How often a waiting builder looks again (default 1 s). */
  pollMs?: number;
  /** A lock older than this is considered abandoned (default 2 h: a ceremony takes minutes). */
  staleMs?: number;
  /** Called once when this builder starts waiting for another (for a progress note). */
  onWait?: (holder: LockHolder) => void;
}

export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  startedAt: number;
}

export function buildLockPath(cacheDir: string): string {
  return join(cacheDir, 'artifacts', 'build.lock');
}

/** Runs `fn` while holding the build lock of `cacheDir`, waiting for another holder first. */
export async function withBuildLock<T>(
  cacheDir: string,
  fn: () => Promise<T>,
  options: BuildLockOptions = {},
): Promise<T> {
  const path = buildLockPath(cacheDir);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(8).toString('hex'),
    startedAt: Date.now(),
  };
  await acquire(path, me, options);
  try {
    return await fn();
  } finally {
    if (readHolder(path)?.token === me.token) rmSync(path, { force: true });
  }
}

async function acquire(path: string, me: LockHolder, options: BuildLockOptions): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(path);
    if (abandoned(path, holder, options.staleMs ?? 2 * 3600_000)) {
      // Break it only if it is still the one judged abandoned (another waiter may have won already).
      if (readHolder(path)?.token === holder?.token) rmSync(path, { force: true });
      continue;
    }
    if (!waited && holder) options.onWait?.(holder);
    waited = true;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string'
      ? (h as LockHolder)
      : undefined;
  } catch {
    return undefined; // missing, or being written this instant
  }
}

function abandoned(path: string, holder: LockHolder | undefined, staleMs: number): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return false; // released meanwhile: the next attempt takes it
  }
  if (age > staleMs) return true;
  // An unreadable lock younger than a second is being written; older, it is garbage.
  if (!holder) return age > 1000;
  return holder.host === hostname() && !alive(holder.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
