/**
 * `npm start` as an operator runs it, then stops it: SIGTERM (a process supervisor, `kill`) or
 * SIGINT (Ctrl-C) sent to npm reaches the server, which drains and closes, and npm exits after it.
 * No server is left behind holding the port (the start script `exec`s the server, so the shell
 * npm runs it in does not stand between them and swallow the signal).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt } from '../package/support/built.js';

const work = mkdtempSync(join(tmpdir(), 'vouch-npm-start-'));
const started: number[] = [];

/** Whether any process of npm's process group is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => {
  for (const pgid of started) if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

async function npmStart(dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: 'info' };
  delete env.PORT;
  // its own process group, so whatever it starts can be found (and, should the test fail, removed)
  const npm = spawn('npm', ['start', '--', '--port', '0'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(npm.pid!);
  let out = '';
  npm.stdout.on('data', (c) => (out += c));
  npm.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    npm.stdout.on('data', () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"listening"/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`npm start exited ${code} before listening:\n${out}`)));
  });
  return { npm, url, exited, output: () => out };
}

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the server cleanly when npm gets ${signal}, leaving no process on the port`, async () => {
      const s = await npmStart(join(work, signal));
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      s.npm.kill(signal);
      expect(await s.exited).toBe(0);
      expect(s.output()).toContain(`"signal":"${signal}"`);
      expect(s.output()).toMatch(/"msg":"stopped"/);
      // no orphan: nothing of npm's process group is left, and nothing answers on the port
      expect(groupAlive(s.npm.pid!)).toBe(false);
      await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
    }, 180_000);
  }
});
