/**
 * N `vouch serve` processes on one PostgreSQL database (issue 14, point 5), as an operator runs
 * them behind a load balancer: the real CLI (`node bin/vouch.mjs serve`), each on its own loopback
 * port, all with VOUCH_DATABASE_URL and one schema (VOUCH_DATABASE_SCHEMA), one data dir for the
 * keys (the key-encryption key, the service and log signing keys), and the request budgets in
 * PostgreSQL (rateLimit.store), so nothing but the database is shared.
 *
 * The first process starts alone: it migrates the schema and makes the keys, which the others then
 * read (two processes creating one key file at once is not what these tests are about). A process
 * is ready when it has printed where it listens and its /readyz answers 200.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/vouch.mjs', import.meta.url));

export interface ServeProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcessWithoutNullStreams;
  /** True once the process has exited (for whatever reason). */
  dead(): boolean;
  stderr(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface ClusterOptions {
  /** Processes to start (default 4). */
  n?: number;
  pgUrl: string;
  schema: string;
  /** A fresh directory for the shared data dir and the config file. */
  dir: string;
  /** The service configuration (JSON), merged over the cluster's (development mode, budgets in PostgreSQL). */
  config?: Record<string, unknown>;
  /** How long one process may take to become ready (default 240 s: a loaded 2-core machine). */
  readyMs?: number;
}

export interface Cluster {
  processes: ServeProcess[];
  dataDir: string;
  stop(): Promise<void>;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const dataDir = join(o.dir, 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const configFile = join(o.dir, 'vouch.json');
  const { rateLimit, ...rest } = o.config ?? {};
  writeFileSync(
    configFile,
    JSON.stringify({
      ...rest,
      rateLimit: { store: 'postgres', ...(rateLimit as object | undefined) },
    }),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VOUCH_DATABASE_URL: o.pgUrl,
    VOUCH_DATABASE_SCHEMA: o.schema,
    VOUCH_KEK: randomBytes(32).toString('hex'),
    VOUCH_REDIS_URL: '',
  };
  const start = () => startOne({ dataDir, configFile, env, readyMs: o.readyMs ?? 240_000 });
  const first = await start();
  const rest_ = await Promise.all(Array.from({ length: (o.n ?? 4) - 1 }, start));
  const processes = [first, ...rest_];
  return {
    processes,
    dataDir,
    async stop() {
      await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    },
  };
}

async function startOne(o: {
  dataDir: string;
  configFile: string;
  env: NodeJS.ProcessEnv;
  readyMs: number;
}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [BIN, '--data-dir', o.dataDir, '--json', 'serve', '--dev', '--port', '0', '--config', o.configFile],
    { env: o.env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + o.readyMs;
  // `--json` prints one object with the URL once it listens (log lines are JSON too: find the one with `url` and `mode`)
  let url: string | undefined;
  while (!url) {
    if (exited) throw new Error(`vouch serve exited before listening: ${stderr.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`vouch serve did not listen in time: ${stderr.slice(-2000)}`);
    const m = /"url":\s*"(http:\/\/127\.0\.0\.1:\d+)",\s*"mode"/.exec(stdout);
    if (m) url = m[1];
    else await new Promise((r) => setTimeout(r, 200));
  }
  for (;;) {
    if (exited) throw new Error(`vouch serve exited before ready: ${stderr.slice(-2000)}`);
    if (Date.now() > deadline)
      throw new Error(`vouch serve at ${url} never answered /readyz 200: ${stderr.slice(-2000)}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    pid: child.pid!,
    child,
    dead: () => exited,
    stderr: () => stderr,
    async kill(signal) {
      if (exited) return;
      child.kill(signal);
      await exit;
    },
  };
}

/** One JSON request to a process: status and body, or `undefined` when the connection failed (the process is gone). */
export async function call(
  p: ServeProcess,
  method: string,
  path: string,
  key?: string,
  body?: unknown,
): Promise<{ status: number; body: any } | undefined> {
  try {
    const res = await fetch(`${p.url}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: parsed };
  } catch {
    return undefined;
  }
}
