/**
 * `finalizeCeremony`: turns a closed ceremony into the release holders, venues and auditors get.
 *
 *   OUT/<circuit>.zkey, .wasm   for holders (they prove with them)
 *   OUT/<circuit>.vkey.json     for venues (and `vouch evm export` for an on-chain verifier)
 *   OUT/<circuit>.r1cs          for anyone re-verifying the ceremony
 *   OUT/transcript.json         the public record: phase 1, every contribution hash, the beacon
 *   OUT/manifest.json           SHA-256 of all of the above; VOUCH_ARTIFACTS_MANIFEST loads it
 *
 * Only a ceremony closed by a beacon is finalized, and only after its final zkey verifies
 * (verify.ts). A rehearsal's key (dev powers of tau) is written as what it is: a dev manifest with
 * a warning, which every verifier refuses outside development mode anyway (dev-ceremony.ts).
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { VouchError } from '../../errors/index.js';
import { isDevVerifyingKey } from '../artifacts/dev-ceremony.js';
import { artifactFiles, sha256File, type ArtifactName, type Manifest } from '../artifacts/manifest.js';
import type { VerifyingKeyJson } from '../verifying-key.js';
import { assertOutputDir, moveInto, workDirFor } from './output-dir.js';
import { beaconOf, readTranscript, TRANSCRIPT_FILE } from './transcript.js';
import { verifyCeremony, type CeremonyReport } from './verify.js';

export const REHEARSAL_WARNING =
  'CEREMONY REHEARSAL ON THE DEV POWERS OF TAU - NOT FOR PRODUCTION: phase 1 randomness is public, so anyone can forge proofs under this key.';

export interface FinalizeCeremonyOptions {
  dir: string;
  out: string;
  force?: boolean;
  step?: (label: string) => void;
}

export interface FinalizedCeremony {
  manifest: Manifest;
  manifestPath: string;
  report: CeremonyReport;
}

export async function finalizeCeremony(o: FinalizeCeremonyOptions): Promise<FinalizedCeremony> {
  assertOutputDir(o.out, o.force ?? false);
  const t = readTranscript(o.dir);
  const beacon = beaconOf(t);
  if (!beacon?.beacon) {
    throw new VouchError(
      'CEREMONY_BEACON_MISSING',
      `the ceremony in ${o.dir} has no public beacon yet: apply one with \`vouch ceremony beacon\` before finalizing (without it, the last contributor alone chooses the final key)`,
      {
        details: { path: o.dir, contributions: t.contributions.length },
      },
    );
  }
  const report = await verifyCeremony({ dir: o.dir, finalOnly: true, ...(o.step ? { step: o.step } : {}) });
  o.step?.('exporting the verifying key');
  const files = artifactFiles(t.circuit);
  const work = workDirFor(o.out);
  try {
    copyFileSync(join(o.dir, beacon.zkey), join(work, files.zkey));
    copyFileSync(join(o.dir, t.r1cs.file), join(work, files.r1cs));
    copyFileSync(join(o.dir, t.wasm.file), join(work, files.wasm));
    copyFileSync(join(o.dir, TRANSCRIPT_FILE), join(work, TRANSCRIPT_FILE));
    const vkey = (await snarkjs.zKey.exportVerificationKey(join(work, files.zkey))) as unknown as VerifyingKeyJson;
    writeFileSync(join(work, files.vkey), `${JSON.stringify(vkey, null, 1)}\n`);
    const dev = await isDevVerifyingKey(vkey);
    if (dev && !t.rehearsal)
      throw new VouchError(
        'PTAU_DEV',
        "the final key is built on the dev ceremony's powers of tau, but the transcript does not say this is a rehearsal",
        { details: { path: o.dir } },
      );

    const sha256 = {} as Record<ArtifactName, string>;
    for (const a of Object.keys(files) as ArtifactName[]) sha256[a] = await sha256File(join(work, files[a]));
    const manifest: Manifest = {
      circuit: t.circuit,
      sourceHash: t.sourceHash,
      ceremony: {
        kind: t.rehearsal ? 'dev' : 'production',
        ptauPower: t.phase1.power,
        ptauSha256: t.phase1.sha256,
        ptauBlake2b: t.phase1.blake2b,
        phase1: t.phase1.listed ?? 'unlisted',
        contributions: t.contributions.filter((c) => c.kind === 'contribution').length,
        beacon: beacon.beacon.hash,
        beaconIterationsExp: beacon.beacon.iterationsExp,
        transcriptSha256: await sha256File(join(work, TRANSCRIPT_FILE)),
        ...(t.rehearsal ? { warning: REHEARSAL_WARNING } : {}),
      },
      constraints: t.constraints,
      publicInputs: t.publicInputs,
      publicOutputs: t.publicOutputs,
      sha256,
    };
    writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    moveInto(work, o.out);
    return { manifest, manifestPath: join(o.out, 'manifest.json'), report };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}
