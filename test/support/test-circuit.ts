/**
 * Test-only circuits (a .circom under test/): compiled to a witness wasm with circom2 (no
 * r1cs, no ceremony) once, and cached by the hash of their source and compiler versions under
 * <cache>/circuit-tests, since compiling takes a minute of CPU. Never touches circuits/.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, parse } from 'node:path';
import * as snarkjs from 'snarkjs';
import { resolveCacheDir } from '../../src/config/paths.js';

const req = createRequire(import.meta.url);
const version = (pkg: string) =>
  (JSON.parse(readFileSync(req.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

/** The witness wasm of a test circuit (absolute path to its .circom), compiled on first use. */
export async function testCircuitWasm(source: string): Promise<string> {
  const name = basename(source, '.circom');
  const hash = createHash('sha256')
    .update(readFileSync(source))
    .update(`circom2@${version('circom2')} circomlib@${version('circomlib')}`)
    .digest('hex');
  const dir = join(resolveCacheDir(), 'circuit-tests', `${name}-${hash.slice(0, 16)}`);
  const wasm = join(dir, `${name}.wasm`);
  if (existsSync(wasm)) return wasm;
  const work = `${dir}.tmp-${process.pid}`;
  const libDir = dirname(dirname(req.resolve('circomlib/package.json')));
  const built = join(work, `${name}_js`, `${name}.wasm`);
  // One retry: a cold-cache compile failed once in a full CI run (2026-12-08) and passed alone;
  // a second failure throws with circom2's own words.
  let failure = 'not run';
  for (let attempt = 1; attempt <= 2 && failure !== ''; attempt++) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    failure = await new Promise<string>((resolve, reject) => {
      // from the filesystem root, as src/zk/artifacts/build.ts does (circom2's WASI paths)
      const child = spawn(
        process.execPath,
        [req.resolve('circom2/cli.js'), source, '--wasm', '-l', libDir, '-o', work],
        {
          cwd: parse(source).root,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      const keep = (b: Buffer) => (out = (out + b.toString()).slice(-2000));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('close', (c, signal) =>
        resolve(c !== 0 ? `exit ${c ?? signal}: ${out.trim()}` : existsSync(built) ? '' : 'no wasm written'),
      );
    });
  }
  if (failure) throw new Error(`circom2 could not compile ${name}.circom (${failure})`);
  mkdirSync(dir, { recursive: true });
  renameSync(built, wasm);
  rmSync(work, { recursive: true, force: true });
  return wasm;
}

/** The full witness (index 0 is the constant 1, then outputs, then inputs) for these inputs. */
export async function testCircuitWitness(wasm: string, input: Record<string, unknown>): Promise<bigint[]> {
  const wtns: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  await snarkjs.wtns.calculate(input, wasm, wtns);
  return (await snarkjs.wtns.exportJson(wtns)) as bigint[];
}
