/**
 * Builds the policy circuit's artifacts: compile (circom2, wasm, no network), then a Groth16 setup.
 *
 * Dev ceremony (default): reproducible and LOUDLY NOT FOR PRODUCTION. Powers of tau and phase 2
 * each get only a public beacon as "entropy", so the toxic waste is computable by anyone and anyone
 * can forge proofs. It exists so a fresh clone works offline and CI can check that the committed
 * manifest is reproduced bit for bit.
 *
 * Production (`ptau`): a real ceremony's powers of tau supplied by path, and a phase-2
 * contribution from fresh CSPRNG entropy that is discarded after use.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import * as snarkjs from 'snarkjs';
import { VouchError } from '../../errors/index.js';
import { getCurve } from '../curve.js';
import {
  CIRCUITS_DIR,
  CIRCUIT_NAME,
  artifactFiles,
  sha256File,
  type ArtifactName,
  type CircuitName,
  type Manifest,
} from './manifest.js';
import { createProgress, type Progress } from './progress.js';
import { DEV_BEACON, DEV_BEACON_ITERATIONS_EXP as BEACON_ITERATIONS_EXP } from './dev-ceremony.js';

export { DEV_BEACON };
export const DEV_WARNING =
  'DEV CEREMONY - NOT FOR PRODUCTION: its randomness is public, so anyone can forge proofs under this key.';

export interface BuildOptions {
  /** Which circuit (default the base `policy`). */
  circuit?: CircuitName;
  sourceHash: string;
  /** Directory that will hold the artifacts (created atomically). */
  outDir: string;
  cacheDir: string;
  /** A real ceremony's ptau file: switches to the production path. */
  ptau?: string;
  progress?: boolean;
}

export async function buildArtifacts(opts: BuildOptions): Promise<Manifest> {
  const production = opts.ptau !== undefined;
  const circuit = opts.circuit ?? CIRCUIT_NAME;
  const ARTIFACT_FILES = artifactFiles(circuit);
  const p = createProgress(production ? 5 : 6, opts.progress ?? false);
  const work = `${opts.outDir}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const file = (a: ArtifactName) => join(work, ARTIFACT_FILES[a]);
    p.step(`compiling circuits/${circuit}.circom (circom2 --O2)`);
    await compileCircuit(work, circuit);
    const info = await snarkjs.r1cs.info(file('r1cs'));
    const power = Math.max(8, Math.ceil(Math.log2(info.nConstraints + info.nPubInputs + info.nOutputs + 1)));

    let ptauPath: string;
    if (production) {
      ptauPath = opts.ptau!;
      if (!existsSync(ptauPath)) throw new VouchError('FILE_UNREADABLE', 'the --ptau file does not exist');
    } else {
      ptauPath = await devPtau(opts.cacheDir, power, p);
    }

    p.step('phase 2: circuit-specific setup (zkey new)');
    const z0 = join(work, 'phase2-0.zkey');
    await snarkjs.zKey.newZKey(file('r1cs'), ptauPath, z0, p.logger);
    if (production) {
      p.step('phase 2: contribution from fresh CSPRNG entropy');
      await snarkjs.zKey.contribute(
        z0,
        file('zkey'),
        'vouch operator contribution',
        randomBytes(64).toString('hex'),
        p.logger,
      );
    } else {
      p.step('phase 2: dev beacon');
      await snarkjs.zKey.beacon(
        z0,
        file('zkey'),
        'vouch dev beacon (NOT FOR PRODUCTION)',
        DEV_BEACON,
        BEACON_ITERATIONS_EXP,
        p.logger,
      );
    }
    rmSync(z0);
    p.step('exporting the verification key');
    const vkey = await snarkjs.zKey.exportVerificationKey(file('zkey'));
    writeFileSync(file('vkey'), `${JSON.stringify(vkey, null, 1)}\n`);

    const sha256 = {} as Record<ArtifactName, string>;
    for (const a of Object.keys(ARTIFACT_FILES) as ArtifactName[]) sha256[a] = await sha256File(file(a));
    const manifest: Manifest = {
      circuit,
      sourceHash: opts.sourceHash,
      ceremony: production
        ? { kind: 'production', ptauPower: power, ptauSha256: await sha256File(ptauPath) }
        : {
            kind: 'dev',
            ptauPower: power,
            ptauSha256: await sha256File(ptauPath),
            beacon: DEV_BEACON,
            warning: DEV_WARNING,
          },
      constraints: info.nConstraints,
      publicInputs: info.nPubInputs,
      publicOutputs: info.nOutputs,
      sha256,
    };
    writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(opts.outDir, { recursive: true, force: true });
    mkdirSync(dirname(opts.outDir), { recursive: true });
    renameSync(work, opts.outDir);
    p.done(`built ${circuit}: ${info.nConstraints} constraints, 2^${power} ptau, ${manifest.ceremony.kind} ceremony`);
    return manifest;
  } catch (err) {
    p.done('build failed');
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Dev powers of tau for 2^power: new accumulator, public beacon, phase-2 preparation; cached at
 * <cacheDir>/ptau/dev-bn128-<power>.ptau (ceremony rehearsals and their tests start from it).
 */
export async function devPtau(
  cacheDir: string,
  power: number,
  p: Progress = createProgress(0, false),
): Promise<string> {
  const out = join(cacheDir, 'ptau', `dev-bn128-${power}.ptau`);
  if (existsSync(out)) {
    p.step(`dev powers of tau 2^${power} (cached)`);
    p.step('phase 1 prepared (cached)');
    return out;
  }
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const curve = await getCurve();
  try {
    p.step(`dev powers of tau 2^${power}: new accumulator + beacon`);
    await snarkjs.powersOfTau.newAccumulator(curve, power, `${tmp}.0`, p.logger);
    await snarkjs.powersOfTau.beacon(
      `${tmp}.0`,
      `${tmp}.1`,
      'vouch dev beacon (NOT FOR PRODUCTION)',
      DEV_BEACON,
      BEACON_ITERATIONS_EXP,
      p.logger,
    );
    p.step(`dev powers of tau 2^${power}: preparing phase 2 (the long step)`);
    await snarkjs.powersOfTau.preparePhase2(`${tmp}.1`, tmp, p.logger);
    renameSync(tmp, out);
    return out;
  } finally {
    for (const f of [`${tmp}.0`, `${tmp}.1`, tmp]) rmSync(f, { force: true });
  }
}

/** Compiles circuits/<circuit>.circom into <outDir>/<circuit>.r1cs and .wasm (circom2 --O2, no network). */
export async function compileCircuit(outDir: string, circuit: CircuitName): Promise<void> {
  const ARTIFACT_FILES = artifactFiles(circuit);
  const req = createRequire(import.meta.url);
  const cli = req.resolve('circom2/cli.js');
  const libDir = dirname(dirname(req.resolve('circomlib/package.json')));
  const args = [cli, join(CIRCUITS_DIR, `${circuit}.circom`), '--r1cs', '--wasm', '--O2', '-l', libDir, '-o', outDir];
  const stderr: Buffer[] = [];
  const code = await new Promise<number>((resolveCode, reject) => {
    // from the filesystem root: circom2's WASI shim rewrites every path relative to its cwd, and
    // include paths that climb out of the cwd with ../ are not found (any cwd but the repo's failed)
    const child = spawn(process.execPath, args, { cwd: parse(CIRCUITS_DIR).root, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    child.on('error', reject);
    child.on('close', (c) => resolveCode(c ?? 1));
  });
  const wasmOut = join(outDir, `${circuit}_js`, `${circuit}.wasm`);
  if (code !== 0 || !existsSync(wasmOut)) {
    throw new VouchError(
      'INTERNAL',
      `circom2 failed to compile the circuit: ${Buffer.concat(stderr).toString().slice(0, 2000)}`,
    );
  }
  copyFileSync(wasmOut, join(outDir, ARTIFACT_FILES.wasm));
  rmSync(join(outDir, `${circuit}_js`), { recursive: true, force: true });
}
