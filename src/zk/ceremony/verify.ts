/**
 * `verifyCeremony`: checks a ceremony from its files, trusting nothing the transcript says.
 *
 * 1. phase1.ptau has the hashes the ceremony started from and is the listed public file it claims
 *    to be, or (unlisted) verifies in full with snarkjs;
 *    r1cs and wasm have theirs; the initial zkey is recomputed from r1cs + ptau and must be the file
 *    (unless this machine computed the same initial zkey before, memo.ts, and `recompute` is off).
 * 2. Each contribution's zkey, in order (or, with `finalOnly`, the last one — it carries every
 *    contribution, so it alone decides whether the final key is sound): its SHA-256 is the
 *    transcript's; snarkjs verifies it against the initial zkey and the ptau (every contribution's
 *    proof of knowledge, the chain of deltas, the L and H queries); and the contributions it
 *    carries are the transcript's, hash by hash and name by name, ending with its own. The first
 *    zkey that fails names the contribution at fault (CEREMONY_CONTRIBUTION_INVALID, `index`).
 *
 * The contribution hashes reported are the ones snarkjs computes from the zkey while verifying,
 * read back from its log (snarkjs 0.7.6 prints, for each, "contribution #i name:" and the hash
 * as 16 hex words; a beacon adds "Beacon generator:" and "Beacon iterations Exp:"). A zkey that
 * verifies but whose hashes cannot be read back is an error, never a pass.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { VouchError } from '../../errors/index.js';
import { sha256File } from '../artifacts/manifest.js';
import { initialZkeyBefore, ptauVerifiedBefore, rememberInitialZkey, rememberPtauVerified } from './memo.js';
import { hashFile, listedPhase1 } from './phase1.js';
import { quietly, snarkjsLog } from './snarkjs-log.js';
import { PHASE1_FILE, readTranscript, type Transcript, type TranscriptEntry } from './transcript.js';

/** Phase-1 files up to this size (2^17 powers and below) are read into memory for zkey verification. */
const PTAU_IN_MEMORY_BYTES = 256 * 1024 * 1024;

export interface VerifyCeremonyOptions {
  dir: string;
  /** Verify only the last zkey (enough for the final key; finalize uses it). Default: every zkey. */
  finalOnly?: boolean;
  /** Recompute the initial zkey even when this machine has computed it before (memo.ts). */
  recompute?: boolean;
  step?: (label: string) => void;
}

export interface VerifiedContribution {
  index: number;
  kind: TranscriptEntry['kind'];
  name: string;
  /** As snarkjs computed it from the zkey: what each contributor compares with the hash they published. */
  contributionHash: string;
  beacon?: { hash: string; iterationsExp: number; source?: string };
}

export interface CeremonyReport {
  circuit: Transcript['circuit'];
  rehearsal: boolean;
  phase1: Transcript['phase1'];
  contributions: VerifiedContribution[];
  /** Zkey files checked one by one (all of them, or only the last with finalOnly). */
  verifiedFiles: number;
  /** The initial zkey was recomputed now (else this machine had computed the same one before). */
  recomputedInitial: boolean;
  beacon: boolean;
  transcript: Transcript;
}

export async function verifyCeremony(o: VerifyCeremonyOptions): Promise<CeremonyReport> {
  const step = o.step ?? (() => {});
  const dir = o.dir;
  const t = readTranscript(dir);
  const ptau = join(dir, PHASE1_FILE);

  step('phase 1, r1cs and wasm against the transcript');
  const p = await hashFile(ptau).catch((cause) => {
    throw new VouchError('PTAU_INVALID', `${ptau} cannot be read`, { cause, details: { path: ptau } });
  });
  if (p.sha256 !== t.phase1.sha256 || p.blake2b !== t.phase1.blake2b) {
    throw new VouchError('PTAU_INVALID', `${ptau} is not the phase-1 file the ceremony started from`, {
      details: { path: ptau },
    });
  }
  if (t.phase1.listed !== null && listedPhase1(p.blake2b)?.file !== t.phase1.listed) {
    throw new VouchError(
      'CEREMONY_INVALID',
      `the transcript says phase 1 is ${t.phase1.listed}, but its hash is not that file's`,
      { details: { path: dir } },
    );
  }
  if (t.phase1.listed === null && (o.recompute || !ptauVerifiedBefore(p.sha256))) {
    step('verifying every contribution of the unlisted phase-1 file');
    const log = snarkjsLog();
    const ok = await quietly(log, () => snarkjs.powersOfTau.verify(ptau, log.logger)).catch(() => false);
    if (!ok)
      throw new VouchError('PTAU_INVALID', `${ptau} does not verify as a powers-of-tau ceremony`, {
        details: { path: ptau },
      });
    rememberPtauVerified(p.sha256);
  }
  for (const a of [t.r1cs, t.wasm]) {
    if ((await sha256Of(join(dir, a.file))) !== a.sha256)
      throw new VouchError('CEREMONY_INVALID', `${a.file} is missing or differs from the transcript`, {
        details: { path: join(dir, a.file) },
      });
  }

  const init = join(dir, t.initial.zkey);
  if ((await sha256Of(init)) !== t.initial.sha256) {
    throw new VouchError('CEREMONY_INVALID', `${t.initial.zkey} is missing or differs from the transcript`, {
      details: { path: init, index: 0 },
    });
  }
  const known = o.recompute ? undefined : initialZkeyBefore(t.r1cs.sha256, p.sha256);
  let recomputedInitial = false;
  if (known !== t.initial.sha256) {
    step('recomputing the initial zkey from r1cs + phase 1 (the long step)');
    const scratch = mkdtempSync(join(tmpdir(), 'vouch-ceremony-verify-'));
    try {
      const again = join(scratch, 'initial.zkey');
      const log = snarkjsLog();
      const made = await quietly(log, () => snarkjs.zKey.newZKey(join(dir, t.r1cs.file), ptau, again, log.logger));
      if (made === -1)
        throw new VouchError(
          'PTAU_INVALID',
          `snarkjs cannot start phase 2 from ${ptau}: ${log.errors[0] ?? 'unknown reason'}`,
          { details: { path: ptau } },
        );
      const sha = await sha256File(again);
      if (sha !== t.initial.sha256)
        throw new VouchError('CEREMONY_INVALID', `${t.initial.zkey} does not follow from the r1cs and phase 1`, {
          details: { path: init, index: 0 },
        });
      rememberInitialZkey(t.r1cs.sha256, p.sha256, sha);
      recomputedInitial = true;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  const entries = o.finalOnly ? t.contributions.slice(-1) : t.contributions;
  // snarkjs' zkey verification opens the ptau and never closes it (a warning on stderr at garbage
  // collection); from memory there is nothing to leak. Past PTAU_IN_MEMORY_BYTES, the path.
  const ptauSource = entries.length > 0 && statSync(ptau).size <= PTAU_IN_MEMORY_BYTES ? readFileSync(ptau) : ptau;
  let verified: VerifiedContribution[] = [];
  for (const c of entries) {
    step(`contribution ${c.index}/${t.contributions.length} (${c.name})`);
    verified = await verifyZkey(dir, t, c, init, ptauSource);
  }
  return {
    circuit: t.circuit,
    rehearsal: t.rehearsal,
    phase1: t.phase1,
    contributions: verified,
    verifiedFiles: entries.length,
    recomputedInitial,
    beacon: t.contributions.at(-1)?.kind === 'beacon',
    transcript: t,
  };
}

/** One zkey: the file, the cryptography, and the chain of contributions it carries. */
async function verifyZkey(
  dir: string,
  t: Transcript,
  c: TranscriptEntry,
  init: string,
  ptau: string | Uint8Array,
): Promise<VerifiedContribution[]> {
  const bad = (why: string, cause?: unknown) =>
    new VouchError('CEREMONY_CONTRIBUTION_INVALID', `contribution ${c.index} (${c.name}): ${why}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { index: c.index, name: c.name, zkey: c.zkey },
    });
  const file = join(dir, c.zkey);
  if ((await sha256Of(file)) !== c.zkeySha256) throw bad(`${c.zkey} is missing or differs from the transcript`);
  const log = snarkjsLog();
  let ok: boolean;
  try {
    ok = await quietly(log, () => snarkjs.zKey.verifyFromInit(init, ptau, file, log.logger));
  } catch (cause) {
    throw bad('its zkey cannot be read as a phase-2 zkey of this circuit', cause);
  }
  if (!ok)
    throw bad(
      `its zkey does not verify against the circuit and phase 1 (${(log.errors[0] ?? 'snarkjs: invalid').trim().slice(0, 160)})`,
    );
  const carried = readContributions(log.info);
  if (carried.length !== c.index) throw bad(`its zkey carries ${carried.length} contributions, not ${c.index}`);
  return carried.map((k, i) => {
    const e = t.contributions[i]!;
    if (k.contributionHash !== e.contributionHash || k.name !== e.name) {
      throw bad(
        i + 1 === c.index
          ? 'its contribution hash or name differs from the transcript'
          : `it is not built on contribution ${i + 1} as the transcript records it`,
      );
    }
    if (
      (e.kind === 'beacon') !== (k.beacon !== undefined) ||
      (k.beacon && (k.beacon.hash !== e.beacon?.hash || k.beacon.iterationsExp !== e.beacon.iterationsExp))
    ) {
      throw bad(`contribution ${i + 1}'s beacon parameters differ from the transcript`);
    }
    return {
      index: i + 1,
      kind: e.kind,
      name: e.name,
      contributionHash: k.contributionHash,
      ...(e.beacon ? { beacon: e.beacon } : {}),
    };
  });
}

interface Carried {
  name: string;
  contributionHash: string;
  beacon?: { hash: string; iterationsExp: number };
}

/** The contributions snarkjs reported while verifying (it prints them last to first). */
function readContributions(info: readonly string[]): Carried[] {
  const byIndex = new Map<number, Carried>();
  let current: Carried | undefined;
  for (const m of info) {
    const head = /^contribution #(\d+) (.*):\n((?:\s*[0-9a-f]{8}){16})\s*$/s.exec(m);
    if (head) {
      current = { name: head[2]!, contributionHash: head[3]!.replace(/\s+/g, '') };
      byIndex.set(Number(head[1]), current);
      continue;
    }
    const gen = /^Beacon generator: ([0-9a-f]+)$/.exec(m);
    if (gen && current) current.beacon = { hash: gen[1]!, iterationsExp: current.beacon?.iterationsExp ?? -1 };
    const exp = /^Beacon iterations Exp: (\d+)$/.exec(m);
    if (exp && current?.beacon) current.beacon.iterationsExp = Number(exp[1]);
  }
  const out: Carried[] = [];
  for (let i = 1; i <= byIndex.size; i++) {
    const k = byIndex.get(i);
    if (!k)
      throw new VouchError(
        'INTERNAL',
        'could not read the contribution hashes back from snarkjs (has its log format changed?)',
      );
    out.push(k);
  }
  return out;
}

async function sha256Of(path: string): Promise<string | undefined> {
  try {
    return await sha256File(path);
  } catch {
    return undefined;
  }
}
