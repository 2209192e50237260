/**
 * Compiles a circom source tree with the circom2 npm package (the compiler the artifact build
 * uses), cached under the vouch cache dir by a hash of the sources, flags and compiler: a circuit
 * is compiled once per change, not once per run. Parallel test workers wait for one compile
 * (a mkdir lock) instead of each paying ~20-60 s of CPU for the same output.
 *
 * Never writes under circuits/: the test-only trees (attacker variant, frozen pre-fix circuit)
 * would change the real circuit's source hash.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveCacheDir } from '../../../src/config/paths.js';

/** A circuit as source text: relative path -> content, and the file holding `component main`. */
export interface CircuitSources {
  name: string;
  files: Record<string, string>;
  main: string;
}

export interface CompileOptions {
  /** circom --O level. 0 keeps every signal in the witness (needed to read any signal by name). */
  optimize: 0 | 1 | 2;
  /** Also write the .r1cs (slow at O0; the attacker variant needs only its witness). */
  r1cs: boolean;
}

export interface CompiledCircuit {
  dir: string;
  wasm: string;
  sym: string;
  r1cs?: string;
}

const req = createRequire(import.meta.url);
const LIB_DIR = dirname(dirname(req.resolve('circomlib/package.json')));
const COMPILER = `circom2@${(JSON.parse(readFileSync(req.resolve('circom2/package.json'), 'utf8')) as { version: string }).version}`;
const CIRCOMLIB = `circomlib@${(JSON.parse(readFileSync(req.resolve('circomlib/package.json'), 'utf8')) as { version: string }).version}`;
/** A compile that has held its lock this long died with its worker (vitest's hook timeout is 30 min). */
const STALE_LOCK_MS = 30 * 60_000;

/** Reads every .circom file under `dir` into a source tree. */
export function readCircuitDir(name: string, dir: string, main: string): CircuitSources {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.circom')) files[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  if (!(main in files)) throw new RangeError(`${main} is not in ${dir}`);
  return { name, files, main };
}

export async function compileCircuit(src: CircuitSources, opts: CompileOptions): Promise<CompiledCircuit> {
  const hash = createHash('sha256').update(`${COMPILER}\n${CIRCOMLIB}\nO${opts.optimize} r1cs=${opts.r1cs}\n`);
  for (const path of Object.keys(src.files).sort()) hash.update(`${path}\n${src.files[path]}\n`);
  const dir = join(resolveCacheDir(), 'circuit-tests', `${src.name}-${hash.digest('hex').slice(0, 16)}`);
  const base = parse(src.main).name;
  const result: CompiledCircuit = {
    dir,
    wasm: join(dir, `${base}.wasm`),
    sym: join(dir, `${base}.sym`),
    ...(opts.r1cs ? { r1cs: join(dir, `${base}.r1cs`) } : {}),
  };
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  for (;;) {
    if (existsSync(join(dir, 'done'))) return result;
    try {
      mkdirSync(lock);
      break;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
    }
  }
  try {
    if (existsSync(join(dir, 'done'))) return result;
    const work = `${dir}.tmp-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    for (const [path, text] of Object.entries(src.files)) {
      mkdirSync(dirname(join(work, 'src', path)), { recursive: true });
      writeFileSync(join(work, 'src', path), text);
    }
    await runCircom(join(work, 'src', src.main), work, opts);
    renameSync(join(work, `${base}_js`, `${base}.wasm`), join(work, `${base}.wasm`));
    rmSync(join(work, `${base}_js`), { recursive: true, force: true });
    writeFileSync(join(work, 'done'), '');
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    return result;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function runCircom(main: string, outDir: string, opts: CompileOptions): Promise<void> {
  const args = [
    req.resolve('circom2/cli.js'),
    main,
    '--wasm',
    '--sym',
    `--O${opts.optimize}`,
    '-l',
    LIB_DIR,
    '-o',
    outDir,
  ];
  if (opts.r1cs) args.push('--r1cs');
  const stderr: Buffer[] = [];
  const code = await new Promise<number>((done, fail) => {
    // from the filesystem root, as src/zk/artifacts/build.ts does: circom2's WASI shim resolves
    // every path relative to its cwd and cannot climb out of it
    const child = spawn(process.execPath, args, { cwd: parse(main).root, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    child.on('error', fail);
    child.on('close', (c) => done(c ?? 1));
  });
  if (code !== 0) throw new Error(`circom2 failed on ${main}: ${Buffer.concat(stderr).toString().slice(0, 2000)}`);
}
