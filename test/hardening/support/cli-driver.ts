/**
 * Runs many `vouch` invocations in ONE real Node process, each through the same `main(argv)` that
 * bin/vouch.mjs calls, so a hardening matrix of hundreds of cases does not pay a CLI start-up
 * (~1 s of tsx and module loading) per case. Per case it records the exit status main() returned,
 * everything written to stdout and stderr, any uncaught exception or unhandled rejection raised
 * while it ran (a real process would have died with a stack trace), and a digest of the data
 * dir's database dump and its other files (name → SHA-256) before and after the case.
 *
 *   node test/hardening/support/run-ts.mjs test/hardening/support/cli-driver.ts CASES.json RESULTS.json
 *
 * CASES.json: [{ id, argv, cwd, dataDir }]; argv excludes `node vouch`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { dumpDatabase, dumpDigest } from './dump-database.js';

export interface DriverCase {
  id: string;
  argv: string[];
  cwd: string;
  dataDir: string;
  /** Give up on the case after this long (a command that never returns, e.g. a server). */
  timeoutMs?: number;
}

export interface DriverResult {
  id: string;
  status: number | 'timeout';
  stdout: string;
  stderr: string;
  uncaught: string[];
  /** Digest of the database dump before and after the case (null: no database). */
  dbBefore: string | null;
  dbAfter: string | null;
  /** Tables whose row count changed, when the digests differ. */
  dbChanged?: Record<string, [number, number]>;
  /** The data dir's other files before and after. */
  filesBefore: Record<string, string>;
  filesAfter: Record<string, string>;
  ms: number;
}

/** name → sha256 of every regular file under dir except the SQLite database and its WAL/SHM. */
export function dataDirFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = prefix + name;
      const st = statSync(p);
      if (st.isDirectory()) walk(p, `${rel}/`);
      else if (!/^vouch\.sqlite(-wal|-shm|-journal)?$/.test(rel))
        out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

export async function runCase(c: DriverCase): Promise<DriverResult> {
  const db = join(c.dataDir, 'vouch.sqlite');
  const dump = () => (existsSync(db) ? dumpDatabase(db) : null);
  const before = dump();
  const filesBefore = dataDirFiles(c.dataDir);
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  const uncaught: string[] = [];
  const onUncaught = (err: unknown) => uncaught.push(String((err as Error)?.stack ?? err));
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const outWrite = process.stdout.write;
  const errWrite = process.stderr.write;
  const capture = (sink: 'out' | 'err') =>
    ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (sink === 'out') stdout += text;
      else stderr += text;
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture('out');
  process.stderr.write = capture('err');
  const cwd = process.cwd();
  let status: number | 'timeout';
  let timer: NodeJS.Timeout | undefined;
  try {
    process.chdir(c.cwd);
    const timeout = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), c.timeoutMs ?? 60_000)),
    );
    status = await Promise.race([main(['node', 'vouch', ...c.argv]), timeout]);
    // let stray callbacks (a stream error, a rejected promise nobody awaited) surface
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    clearTimeout(timer);
    process.chdir(cwd);
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  }
  const ms = Date.now() - started;
  const after = dump();
  const [b, a] = [before && dumpDigest(before), after && dumpDigest(after)];
  const changed =
    before && after && b !== a
      ? Object.fromEntries(
          Object.keys({ ...before.tables, ...after.tables }).flatMap((t) => {
            const counts: [number, number] = [before.tables[t]?.length ?? -1, after.tables[t]?.length ?? -1];
            return counts[0] === counts[1] ? [] : [[t, counts]];
          }),
        )
      : undefined;
  return {
    id: c.id,
    status,
    stdout,
    stderr,
    uncaught,
    dbBefore: b,
    dbAfter: a,
    ...(changed ? { dbChanged: changed } : {}),
    filesBefore,
    filesAfter: dataDirFiles(c.dataDir),
    ms,
  };
}

/** Entry point (via run-ts.mjs): CASES.json RESULTS.json. */
export async function run([casesFile, resultsFile]: string[]): Promise<void> {
  if (!casesFile || !resultsFile) throw new Error('usage: run-ts.mjs cli-driver.ts CASES.json RESULTS.json');
  const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as DriverCase[];
  const results: DriverResult[] = [];
  for (const c of cases) {
    const r = await runCase(c);
    results.push(r);
    // written after every case: if a case kills the process, the parent still sees which one
    writeFileSync(resultsFile, JSON.stringify(results));
    if (r.status === 'timeout') break; // the process is in an unknown state (e.g. a server listening)
  }
  process.exit(0);
}
