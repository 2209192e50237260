/**
 * `initCeremony`: starts a multi-party phase 2 for one circuit on a public phase-1 file.
 *
 * The phase-1 file must be a prepared BN254 ptau with enough powers for the circuit, and either one
 * of the listed public files (by BLAKE2b-512, phase1.ts) or — acknowledged by the operator — one
 * that snarkjs verifies in full. The dev ceremony's powers of tau (recognised by the α and β it
 * gives the key, whatever its file is called) is refused unless the ceremony is a rehearsal: a key
 * on it is forgeable whatever phase 2 does.
 *
 * The circuit is the repository's (r1cs + wasm): taken from the hash-checked build in the cache
 * when it is current for these sources, else compiled here. The initial zkey is deterministic from
 * r1cs + ptau, so anyone can recompute it (verify.ts does).
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { VouchError } from '../../errors/index.js';
import { ensureArtifacts } from '../artifacts/ensure.js';
import {
  artifactFiles,
  circuitSourceHash,
  committedManifestPath,
  readManifest,
  sha256File,
  type CircuitName,
} from '../artifacts/manifest.js';
import { rememberInitialZkey, rememberPtauVerified, ptauVerifiedBefore } from './memo.js';
import { hashFile, isDevPhase1, listedPhase1, readPtauHeader, requiredPower } from './phase1.js';
import { quietly, snarkjsLog } from './snarkjs-log.js';
import { PHASE1_FILE, TRANSCRIPT_FORMAT, writeTranscript, zkeyPath, type Transcript } from './transcript.js';
import { assertOutputDir, moveInto, workDirFor } from './output-dir.js';

export interface InitCeremonyOptions {
  circuit: CircuitName;
  ptau: string;
  out: string;
  /** Accept a phase-1 file that is not listed, once snarkjs has verified it. */
  ptauUnlisted?: boolean;
  /** A rehearsal: the dev powers of tau is accepted, and the result is marked as a dev key. */
  rehearsal?: boolean;
  force?: boolean;
  step?: (label: string) => void;
}

export async function initCeremony(o: InitCeremonyOptions): Promise<Transcript> {
  const step = o.step ?? (() => {});
  assertOutputDir(o.out, o.force ?? false);
  const header = readPtauHeader(o.ptau);
  if (!header.prepared)
    throw new VouchError(
      'PTAU_INVALID',
      `${o.ptau} is not prepared for phase 2 (snarkjs powersoftau prepare phase2); the public hez_final files are`,
      { details: { path: o.ptau } },
    );
  if ((await isDevPhase1(header, o.ptau)) && !o.rehearsal) {
    throw new VouchError(
      'PTAU_DEV',
      `${o.ptau} is the dev ceremony's powers of tau: its randomness is public, so any key built on it is forgeable. Use a public phase-1 file (docs/CEREMONY.md), or pass --rehearsal to practise the ceremony`,
      { details: { path: o.ptau } },
    );
  }
  const sourceHash = circuitSourceHash(o.circuit);
  // the committed manifest knows the circuit's size: an insufficient ptau fails before any compiling
  const committed = readManifest(committedManifestPath(o.circuit));
  if (committed?.sourceHash === sourceHash)
    assertPower(
      o.ptau,
      header.power,
      requiredPower({
        nConstraints: committed.constraints,
        nPubInputs: committed.publicInputs,
        nOutputs: committed.publicOutputs,
      }),
    );

  step('hashing the phase-1 file');
  const hashes = await hashFile(o.ptau);
  const listed = listedPhase1(hashes.blake2b);
  if (listed && listed.power !== header.power)
    throw new VouchError(
      'PTAU_INVALID',
      `${o.ptau} has the hash of ${listed.file} but a header of power ${header.power}`,
      { details: { path: o.ptau } },
    );
  if (!listed) {
    if (!o.ptauUnlisted) {
      throw new VouchError(
        'PTAU_UNLISTED',
        `${o.ptau} is not one of the supported public phase-1 files (its BLAKE2b-512 is ${hashes.blake2b.slice(0, 16)}…); check where it comes from, then pass --ptau-unlisted to have it verified and used`,
        {
          details: { path: o.ptau, blake2b: hashes.blake2b, sha256: hashes.sha256 },
        },
      );
    }
    if (!ptauVerifiedBefore(hashes.sha256)) {
      step('verifying every contribution of the unlisted phase-1 file');
      const log = snarkjsLog();
      const ok = await quietly(log, () => snarkjs.powersOfTau.verify(o.ptau, log.logger)).catch(() => false);
      if (!ok)
        throw new VouchError(
          'PTAU_INVALID',
          `${o.ptau} does not verify as a powers-of-tau ceremony${log.errors[0] ? ` (${log.errors[0].slice(0, 200)})` : ''}`,
          { details: { path: o.ptau } },
        );
      rememberPtauVerified(hashes.sha256);
    }
  }

  const work = workDirFor(o.out);
  try {
    const files = artifactFiles(o.circuit);
    step(`the ${o.circuit} circuit (r1cs, wasm)`);
    await circuitInto(work, o.circuit, sourceHash);
    const info = await snarkjs.r1cs.info(join(work, files.r1cs));
    const power = requiredPower(info);
    assertPower(o.ptau, header.power, power);

    copyFileSync(o.ptau, join(work, PHASE1_FILE));
    mkdirSync(join(work, 'zkeys'));
    step('the initial zkey (r1cs + phase 1)');
    const initial = zkeyPath(o.circuit, 0);
    const log = snarkjsLog();
    const made = await quietly(log, () =>
      snarkjs.zKey.newZKey(join(work, files.r1cs), join(work, PHASE1_FILE), join(work, initial), log.logger),
    );
    if (made === -1)
      throw new VouchError(
        'PTAU_INVALID',
        `snarkjs cannot start phase 2 on ${o.ptau}: ${log.errors[0] ?? 'unknown reason'}`,
        { details: { path: o.ptau } },
      );

    const transcript: Transcript = {
      format: TRANSCRIPT_FORMAT,
      circuit: o.circuit,
      sourceHash,
      rehearsal: Boolean(o.rehearsal),
      constraints: info.nConstraints,
      publicInputs: info.nPubInputs,
      publicOutputs: info.nOutputs,
      power,
      phase1: {
        file: PHASE1_FILE,
        power: header.power,
        ceremonyPower: header.ceremonyPower,
        sha256: hashes.sha256,
        blake2b: hashes.blake2b,
        listed: listed?.file ?? null,
        check: listed ? 'listed' : 'verified',
      },
      r1cs: { file: files.r1cs, sha256: await sha256File(join(work, files.r1cs)) },
      wasm: { file: files.wasm, sha256: await sha256File(join(work, files.wasm)) },
      initial: { zkey: initial, sha256: await sha256File(join(work, initial)) },
      contributions: [],
    };
    rememberInitialZkey(transcript.r1cs.sha256, hashes.sha256, transcript.initial.sha256);
    writeTranscript(work, transcript);
    if (o.force) rmSync(join(o.out, 'zkeys'), { recursive: true, force: true }); // a previous ceremony's zkeys
    moveInto(work, o.out);
    return transcript;
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

function assertPower(path: string, have: number, need: number): void {
  if (have < need) {
    throw new VouchError(
      'PTAU_TOO_SMALL',
      `${path} holds 2^${have} powers; the circuit needs 2^${need} (use powersOfTau28_hez_final_${String(need).padStart(2, '0')}.ptau or larger)`,
      {
        details: { path, power: have, required: need },
      },
    );
  }
}

/**
 * r1cs and wasm into `dir`: copied from the cached build when it is current for these sources
 * (ensureArtifacts checks every file against its manifest's SHA-256), else compiled from source.
 */
async function circuitInto(dir: string, circuit: CircuitName, sourceHash: string): Promise<void> {
  const files = artifactFiles(circuit);
  try {
    const built = await ensureArtifacts({ circuit, build: false });
    if (built.manifest.sourceHash === sourceHash) {
      copyFileSync(built.files.r1cs, join(dir, files.r1cs));
      copyFileSync(built.files.wasm, join(dir, files.wasm));
      return;
    }
  } catch (err) {
    if (!(err instanceof VouchError) || (err.code !== 'ARTIFACT_MISSING' && err.code !== 'ARTIFACT_HASH_MISMATCH'))
      throw err;
  }
  const { compileCircuit } = await import('../artifacts/build.js');
  await compileCircuit(dir, circuit);
}
