/**
 * Issue 19, finding 10: `vouch circuits info` started a 5-minute build when artifacts were
 * missing, without a lock, so polling it started parallel builds. Now `info` never builds (it
 * answers ARTIFACT_MISSING) and builds hold a per-cache-dir file lock. The lock is tested with
 * stand-in work and real processes, never a real ceremony.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildLockPath, withBuildLock, type LockHolder } from '../../src/zk/artifacts/build-lock.js';

const BIN = fileURLToPath(new URL('../../bin/vouch.mjs', import.meta.url));
const cacheDir = () => mkdtempSync(join(tmpdir(), 'vouch-lock-'));

/** Writes a lock file as another builder would. */
function holdAs(dir: string, pid: number, host = hostname()): void {
  const path = buildLockPath(dir);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ pid, host, token: `other-${pid}`, startedAt: Date.now() }));
}

describe('the artifact build lock', () => {
  it('runs builds in one process one at a time, and the second finds the first one’s work', async () => {
    const dir = cacheDir();
    const marker = join(dir, 'built');
    let running = 0;
    let peak = 0;
    let builds = 0;
    const build = () =>
      withBuildLock(
        dir,
        async () => {
          running += 1;
          peak = Math.max(peak, running);
          if (!existsSync(marker)) {
            builds += 1;
            await new Promise((r) => setTimeout(r, 100));
            writeFileSync(marker, 'x');
          }
          running -= 1;
        },
        { pollMs: 20 },
      );
    await Promise.all([build(), build(), build()]);
    expect(peak).toBe(1);
    expect(builds).toBe(1);
    expect(existsSync(buildLockPath(dir))).toBe(false);
  });

  it('waits for a live builder in another process, and starts only after it is gone', async () => {
    const dir = cacheDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)'], { stdio: 'ignore' });
    let exited = false;
    child.on('exit', () => (exited = true));
    holdAs(dir, child.pid!);
    const waitedFor: LockHolder[] = [];
    let ranAfterExit: boolean | undefined;
    await withBuildLock(dir, async () => void (ranAfterExit = exited), {
      pollMs: 50,
      onWait: (h) => waitedFor.push(h),
    });
    expect(waitedFor.map((h) => h.pid)).toEqual([child.pid]);
    expect(ranAfterExit).toBe(true);
  });

  it('breaks a lock left by a builder that died, at once', async () => {
    const dir = cacheDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.pid'], { stdio: 'ignore' }).pid!;
    holdAs(dir, dead);
    const waitedFor: LockHolder[] = [];
    let ran = false;
    await withBuildLock(dir, async () => void (ran = true), { pollMs: 10_000, onWait: (h) => waitedFor.push(h) });
    expect(ran).toBe(true);
    expect(waitedFor).toEqual([]);
  });

  it('releases the lock when the build fails', async () => {
    const dir = cacheDir();
    await expect(withBuildLock(dir, async () => Promise.reject(new Error('compile failed')))).rejects.toThrow(
      'compile failed',
    );
    expect(existsSync(buildLockPath(dir))).toBe(false);
  });
});

describe('vouch circuits info', () => {
  it('reports missing artifacts with ARTIFACT_MISSING (exit 5) and starts no build', () => {
    const dir = cacheDir();
    const r = spawnSync(process.execPath, [BIN, '--json', 'circuits', 'info'], {
      encoding: 'utf8',
      env: { ...process.env, VOUCH_CACHE_DIR: dir, VOUCH_ARTIFACTS_MANIFEST: '' },
      timeout: 60_000,
    });
    expect(r.status).toBe(5);
    expect(JSON.parse(r.stdout).error.code).toBe('ARTIFACT_MISSING');
    // nothing was started: no work dir, no ptau, no lock
    expect(readdirSync(dir)).toEqual([]);
  });
});
