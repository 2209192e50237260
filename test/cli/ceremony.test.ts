/**
 * `vouch ceremony`: a three-party phase 2 on the base circuit (2^14), run through the CLI as an
 * operator and three contributors would, then used: the finalized release loads through
 * VOUCH_ARTIFACTS_MANIFEST, a real proof made with it verifies under its key, and a proof made with
 * the dev artifacts does not. A tampered contribution is found and named by its index.
 *
 * Phase 1 is the dev powers of tau the dev build leaves in the cache (no public ptau can be
 * downloaded here), so the ceremony is a declared rehearsal (--rehearsal, --ptau-unlisted): its key
 * is, rightly, recognised as forgeable, and the proof checks run in development mode (as the whole
 * suite does, vitest.config.ts).
 *
 * Cost on 2 cores: `zkey new` (the initial zkey, once) is the long step, a minute or more;
 * each contribution and the beacon take 10-20 s; verifying a zkey a few seconds.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveCacheDir } from '../../src/config/paths.js';
import { devPtau } from '../../src/zk/artifacts/build.js';
import { withBuildLock } from '../../src/zk/artifacts/build-lock.js';
import { ensureArtifacts } from '../../src/zk/artifacts/ensure.js';
import { PUBLIC_PHASE1_FILES } from '../../src/zk/ceremony/phase1.js';
import {
  getCurve,
  isDevVerifyingKey,
  policyVerifier,
  prove,
  releaseCurves,
  verifierFor,
  type VerifyingKeyJson,
} from '../../src/zk/index.js';
import { BIN, run } from '../hardening/support/processes.js';
import { committedDevVkey } from '../support/forge.js';
import { makeScenario } from '../support/scenario.js';
import { sharedProofs } from '../support/shared-proofs.js';

let root: string;
let ptau: string;
const dir = () => join(root, 'ceremony');
const release = () => join(root, 'release');

/** Runs `vouch --json …`; returns exit status and the parsed JSON it printed. */
async function vouch(...args: string[]): Promise<{ status: number | null; out: any; stderr: string }> {
  const env = { ...process.env };
  delete env.VOUCH_ARTIFACTS_MANIFEST;
  const r = await run([BIN, '--json', ...args], { cwd: root, timeoutMs: 600_000, env });
  let out: unknown;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    out = r.stdout;
  }
  return { status: r.status, out, stderr: r.stderr };
}

const codeOf = (r: { out: any }) => r.out?.error?.code as string | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vouch-ceremony-'));
  const cacheDir = resolveCacheDir();
  // the dev build leaves its powers of tau here; made (under the build lock) if it is not
  ptau = join(cacheDir, 'ptau', 'dev-bn128-14.ptau');
  if (!existsSync(ptau)) ptau = await withBuildLock(cacheDir, () => devPtau(cacheDir, 14));
}, 1_800_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await releaseCurves();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the phase-1 file', () => {
  it('lists the public Hermez files by power with their BLAKE2b-512, one per power from 2^8 to 2^28', () => {
    expect(PUBLIC_PHASE1_FILES.map((f) => f.power)).toEqual(Array.from({ length: 21 }, (_, i) => i + 8));
    expect(PUBLIC_PHASE1_FILES.find((f) => f.power === 14)).toMatchObject({
      file: 'powersOfTau28_hez_final_14.ptau',
      blake2b: expect.stringMatching(/^eeefbcf7c380/),
    });
    expect(new Set(PUBLIC_PHASE1_FILES.map((f) => f.blake2b)).size).toBe(21);
  });

  it('refuses the dev powers of tau unless rehearsing, an unlisted file unless acknowledged, too few powers, an unprepared file and a file that is no ptau', async () => {
    // small ptau files made here: 2^8 powers from a beacon of our own (not the dev one), prepared and not
    const curve = await getCurve();
    const raw = join(root, 'small-raw.ptau');
    const beaconed = join(root, 'small-beacon.ptau');
    const prepared = join(root, 'small.ptau');
    await snarkjs.powersOfTau.newAccumulator(curve, 8, raw);
    await snarkjs.powersOfTau.beacon(raw, beaconed, 'test', 'cd'.repeat(32), 10);
    await snarkjs.powersOfTau.preparePhase2(beaconed, prepared);
    writeFileSync(join(root, 'not-a-ptau.ptau'), 'hello\n');

    const cases: [string[], string][] = [
      [['--ptau', ptau], 'PTAU_DEV'],
      [['--ptau', ptau, '--rehearsal'], 'PTAU_UNLISTED'],
      [['--ptau', prepared, '--ptau-unlisted'], 'PTAU_TOO_SMALL'],
      [['--ptau', beaconed, '--ptau-unlisted'], 'PTAU_INVALID'],
      [['--ptau', join(root, 'not-a-ptau.ptau'), '--ptau-unlisted'], 'PTAU_INVALID'],
      [['--ptau', join(root, 'missing.ptau')], 'FILE_UNREADABLE'],
    ];
    for (const [args, code] of cases) {
      const r = await vouch('ceremony', 'init', ...args, '--out', join(root, 'refused'));
      expect([args.join(' '), codeOf(r)]).toEqual([args.join(' '), code]);
      expect(r.status).toBe(3);
      expect(existsSync(join(root, 'refused'))).toBe(false);
    }
  }, 120_000);
});

describe('a three-party ceremony on the base circuit, through the CLI', () => {
  const published: string[] = [];

  it('init, three contributions, verify, beacon, finalize', async () => {
    const init = await vouch('ceremony', 'init', '--ptau', ptau, '--ptau-unlisted', '--rehearsal', '--out', dir());
    expect(init.status, init.stderr).toBe(0);
    expect(init.out).toMatchObject({
      circuit: 'policy',
      power: 14,
      rehearsal: true,
      phase1: { listed: null, check: 'verified', power: 14 },
    });

    // an existing ceremony is not overwritten without --force
    expect(
      codeOf(await vouch('ceremony', 'init', '--ptau', ptau, '--ptau-unlisted', '--rehearsal', '--out', dir())),
    ).toBe('CONFLICT');

    writeFileSync(join(root, 'dice.txt'), '3 1 4 1 5 9 2 6 5 3 5 8 9 7 9 3\n');
    for (const [name, extra] of [
      ['alice', ['--entropy-file', join(root, 'dice.txt')]],
      ['bob', []],
      ['carol', []],
    ] as const) {
      const c = await vouch('ceremony', 'contribute', '--in', dir(), '--name', name, ...extra);
      expect(c.status, c.stderr).toBe(0);
      expect(c.out).toMatchObject({
        index: published.length + 1,
        kind: 'contribution',
        name,
        contributionHash: expect.stringMatching(/^[0-9a-f]{128}$/),
      });
      published.push(c.out.contributionHash);
    }
    expect(new Set(published).size).toBe(3);

    // not final without a beacon: the last contributor alone would choose the key
    const early = await vouch('ceremony', 'finalize', '--in', dir(), '--out', release());
    expect([codeOf(early), early.status]).toEqual(['CEREMONY_BEACON_MISSING', 3]);
    expect(existsSync(release())).toBe(false);

    const v = await vouch('ceremony', 'verify', '--in', dir());
    expect(v.status, v.stderr).toBe(0);
    expect(
      v.out.contributions.map((c: { name: string; contributionHash: string }) => [c.name, c.contributionHash]),
    ).toEqual([
      ['alice', published[0]],
      ['bob', published[1]],
      ['carol', published[2]],
    ]);
    expect(v.out).toMatchObject({ ok: true, verifiedFiles: 3, beacon: false });

    const block = createHash('sha256').update('a block hash named before the ceremony').digest('hex');
    const b = await vouch(
      'ceremony',
      'beacon',
      '--in',
      dir(),
      '--beacon',
      block,
      '--iterations',
      '10',
      '--source',
      'test: sha256 of a sentence',
    );
    expect(b.status, b.stderr).toBe(0);
    expect(b.out).toMatchObject({ index: 4, kind: 'beacon', beacon: { hash: block, iterationsExp: 10 } });
    expect(codeOf(await vouch('ceremony', 'contribute', '--in', dir(), '--name', 'dave'))).toBe('CEREMONY_CLOSED');

    const f = await vouch('ceremony', 'finalize', '--in', dir(), '--out', release());
    expect(f.status, f.stderr).toBe(0);
    expect(f.out.ceremony).toMatchObject({
      kind: 'dev',
      contributions: 3,
      beacon: block,
      beaconIterationsExp: 10,
      phase1: 'unlisted',
      ptauPower: 14,
    });
    expect(f.out.ceremony.warning).toMatch(/REHEARSAL/);
    expect(codeOf(await vouch('ceremony', 'finalize', '--in', dir(), '--out', release()))).toBe('CONFLICT');

    // the published transcript is the ceremony's, and the manifest pins it and every artifact
    const manifest = JSON.parse(readFileSync(join(release(), 'manifest.json'), 'utf8'));
    const transcript = readFileSync(join(release(), 'transcript.json'));
    expect(manifest.ceremony.transcriptSha256).toBe(createHash('sha256').update(transcript).digest('hex'));
    expect(
      JSON.parse(transcript.toString()).contributions.map((c: { contributionHash: string }) => c.contributionHash),
    ).toEqual([...published, b.out.contributionHash]);
    for (const [a, file] of Object.entries({
      r1cs: 'policy.r1cs',
      wasm: 'policy.wasm',
      zkey: 'policy.zkey',
      vkey: 'policy.vkey.json',
    })) {
      expect(manifest.sha256[a]).toBe(
        createHash('sha256')
          .update(readFileSync(join(release(), file)))
          .digest('hex'),
      );
    }
  }, 900_000);

  it('the release loads through VOUCH_ARTIFACTS_MANIFEST: its proofs verify under its key, dev-key proofs do not', async () => {
    expect(existsSync(join(release(), 'manifest.json'))).toBe(true);
    vi.stubEnv('VOUCH_ARTIFACTS_MANIFEST', join(release(), 'manifest.json'));
    const a = await ensureArtifacts();
    expect(a.dir).toBe(release());
    const vkey = JSON.parse(readFileSync(a.files.vkey, 'utf8')) as VerifyingKeyJson;
    const devKey = committedDevVkey();
    expect(vkey.vk_delta_2).not.toEqual(devKey.vk_delta_2);
    expect(await isDevVerifyingKey(vkey)).toBe(true); // a rehearsal: phase 1 is the dev one

    const proof = await prove(makeScenario({ credentialIndex: 77 }).input);
    const mine = await verifierFor(vkey, { allowDevArtifacts: true });
    expect(mine.verify(proof.proof, proof.publicSignals)).toEqual({ valid: true });
    // the manifest's own verifier is the same key
    expect((await policyVerifier({ allowDevArtifacts: true })).vkey).toEqual(vkey);

    const dev = sharedProofs()[0]!;
    expect(mine.verify(dev.proof, dev.publicSignals)).toMatchObject({ valid: false, code: 'PROOF_INVALID' });
    const devVerifier = await verifierFor(devKey, { allowDevArtifacts: true });
    expect(devVerifier.verify(proof.proof, proof.publicSignals)).toMatchObject({ valid: false, code: 'PROOF_INVALID' });
    vi.unstubAllEnvs();
  }, 300_000);

  it('names a tampered contribution by its index, and a swapped phase-1 file', async () => {
    const copy = join(root, 'tampered');
    cpSync(dir(), copy, { recursive: true });
    // bob's zkey: one bit of its H query flipped, and the transcript's file hash made to match
    const file = join(copy, 'zkeys', 'policy_0002.zkey');
    const bytes = readFileSync(file);
    const at = bytes.length - 300_000;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);
    writeFileSync(file, bytes);
    const tPath = join(copy, 'transcript.json');
    const t = JSON.parse(readFileSync(tPath, 'utf8'));
    t.contributions[1].zkeySha256 = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(tPath, JSON.stringify(t, null, 2));
    const r = await vouch('ceremony', 'verify', '--in', copy);
    expect(r.status).toBe(4);
    expect(r.out.error).toMatchObject({ code: 'CEREMONY_CONTRIBUTION_INVALID', details: { index: 2, name: 'bob' } });
    expect(r.out.error.message).toMatch(/^contribution 2 \(bob\): its zkey does not verify/);

    // the transcript's hash left alone: the file no longer matches it (found before any pairing)
    t.contributions[1].zkeySha256 = createHash('sha256').update('something else').digest('hex');
    writeFileSync(tPath, JSON.stringify(t, null, 2));
    const r2 = await vouch('ceremony', 'verify', '--in', copy);
    expect(r2.out.error).toMatchObject({ code: 'CEREMONY_CONTRIBUTION_INVALID', details: { index: 2 } });

    // another phase-1 file in place of the one the ceremony started from
    const swapped = join(root, 'swapped');
    mkdirSync(swapped);
    cpSync(dir(), swapped, { recursive: true });
    cpSync(join(root, 'small.ptau'), join(swapped, 'phase1.ptau'));
    expect(codeOf(await vouch('ceremony', 'verify', '--in', swapped))).toBe('PTAU_INVALID');
  }, 300_000);
});
