/**
 * A ceremony directory and its transcript: the public record of a multi-party phase 2.
 *
 *   DIR/transcript.json        this record (published with the final manifest)
 *   DIR/phase1.ptau            the phase-1 file, copied in so the directory travels whole
 *   DIR/<circuit>.r1cs, .wasm  the compiled circuit
 *   DIR/zkeys/<circuit>_0000.zkey   the initial zkey (deterministic from r1cs + ptau)
 *   DIR/zkeys/<circuit>_NNNN.zkey   after contribution NNNN (the last one: the beacon)
 *
 * The transcript is a claim, not a proof: `verifyCeremony` recomputes every hash it lists from the
 * files and checks every zkey cryptographically. Paths are derived from the circuit and index,
 * never taken from the file, so a transcript cannot point outside its directory.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { CIRCUIT_NAMES, type CircuitName } from '../artifacts/manifest.js';

export const TRANSCRIPT_FILE = 'transcript.json';
export const PHASE1_FILE = 'phase1.ptau';
export const TRANSCRIPT_FORMAT = 'vouch-ceremony/1';
/** snarkjs' bounds on a beacon's iteration exponent (2^exp SHA-256 rounds). */
export const BEACON_ITERATIONS_EXP = { min: 10, max: 63 } as const;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const sha256 = hex(32);
const blake2b = hex(64);

const EntrySchema = z.strictObject({
  index: z.number().int().min(1).max(9999),
  kind: z.enum(['contribution', 'beacon']),
  name: z.string().min(1).max(64),
  zkey: z.string(),
  zkeySha256: sha256,
  /** blake2b-512 of the contribution's public key, as snarkjs prints it ("contribution hash"). */
  contributionHash: blake2b,
  /** When it was made, by the contributor's clock (informative only). */
  at: z.string().max(64),
  beacon: z
    .strictObject({
      hash: z.string().regex(/^(?:[0-9a-f]{2}){1,255}$/),
      iterationsExp: z.number().int().min(BEACON_ITERATIONS_EXP.min).max(BEACON_ITERATIONS_EXP.max),
      source: z.string().max(512).optional(),
    })
    .optional(),
});

const TranscriptSchema = z.strictObject({
  format: z.literal(TRANSCRIPT_FORMAT),
  circuit: z.enum(CIRCUIT_NAMES),
  sourceHash: sha256,
  /** On the dev powers of tau: a rehearsal, never a production key (anyone can forge under it). */
  rehearsal: z.boolean(),
  constraints: z.number().int().nonnegative(),
  publicInputs: z.number().int().nonnegative(),
  publicOutputs: z.number().int().nonnegative(),
  /** log2 of the circuit's domain: the least ptau power it needs. */
  power: z.number().int().min(1).max(28),
  phase1: z.strictObject({
    file: z.literal(PHASE1_FILE),
    power: z.number().int().min(1).max(28),
    ceremonyPower: z.number().int().min(0).max(64),
    sha256,
    blake2b,
    /** The listed public file it is (PUBLIC_PHASE1_FILES), or null when acknowledged as unlisted. */
    listed: z.string().nullable(),
    /** How it was accepted: its hash is a listed one, or snarkjs verified it (unlisted). */
    check: z.enum(['listed', 'verified']),
  }),
  r1cs: z.strictObject({ file: z.string(), sha256 }),
  wasm: z.strictObject({ file: z.string(), sha256 }),
  initial: z.strictObject({ zkey: z.string(), sha256 }),
  contributions: z.array(EntrySchema).max(9999),
});

export type Transcript = z.infer<typeof TranscriptSchema>;
export type TranscriptEntry = z.infer<typeof EntrySchema>;

export function zkeyPath(circuit: CircuitName, index: number): string {
  return `zkeys/${circuit}_${String(index).padStart(4, '0')}.zkey`;
}

/** The transcript of the ceremony in `dir`; CEREMONY_INVALID when there is none or it is malformed. */
export function readTranscript(dir: string): Transcript {
  const path = join(dir, TRANSCRIPT_FILE);
  let text: string;
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch (cause) {
    throw new VouchError('FILE_UNREADABLE', `cannot read the ceremony directory ${dir}`, {
      cause,
      details: { path: dir },
    });
  }
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > 16 * 1024 * 1024) throw new Error('not a regular file of at most 16 MiB');
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new VouchError(
      'CEREMONY_INVALID',
      `${dir} is not a ceremony directory (no readable ${TRANSCRIPT_FILE}; start one with \`vouch ceremony init\`)`,
      { cause, details: { path: dir } },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VouchError('CEREMONY_INVALID', `${path} is not valid JSON`, { details: { path } });
  }
  const parsed = TranscriptSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VouchError('CEREMONY_INVALID', `${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      details: { path, at: issue.path.join('.') },
    });
  }
  const t = parsed.data;
  const files = { r1cs: `${t.circuit}.r1cs`, wasm: `${t.circuit}.wasm`, initial: zkeyPath(t.circuit, 0) };
  if (t.r1cs.file !== files.r1cs || t.wasm.file !== files.wasm || t.initial.zkey !== files.initial) {
    throw new VouchError('CEREMONY_INVALID', `${path} names files other than the ceremony's own`, {
      details: { path },
    });
  }
  t.contributions.forEach((c, i) => {
    if (c.index !== i + 1 || c.zkey !== zkeyPath(t.circuit, c.index)) {
      throw new VouchError('CEREMONY_INVALID', `${path}: contribution ${i + 1} is numbered or named out of order`, {
        details: { path, index: i + 1 },
      });
    }
    if (
      (c.kind === 'beacon') !== (c.beacon !== undefined) ||
      (c.kind === 'beacon' && i !== t.contributions.length - 1)
    ) {
      throw new VouchError(
        'CEREMONY_INVALID',
        `${path}: contribution ${i + 1}: only the last entry may be the beacon, and only it carries beacon parameters`,
        { details: { path, index: i + 1 } },
      );
    }
  });
  return t;
}

/** The zkey the next step builds on: the last contribution's, else the initial one. */
export function latestZkey(t: Transcript): { zkey: string; sha256: string; index: number } {
  const last = t.contributions.at(-1);
  return last
    ? { zkey: last.zkey, sha256: last.zkeySha256, index: last.index }
    : { zkey: t.initial.zkey, sha256: t.initial.sha256, index: 0 };
}

export function beaconOf(t: Transcript): TranscriptEntry | undefined {
  const last = t.contributions.at(-1);
  return last?.kind === 'beacon' ? last : undefined;
}

/** Writes the transcript atomically (temp file, fsync, rename): a crash leaves the old one whole. */
export function writeTranscript(dir: string, t: Transcript): void {
  writeFileAtomic(join(dir, TRANSCRIPT_FILE), `${JSON.stringify(TranscriptSchema.parse(t), null, 2)}\n`);
}

export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new VouchError('FILE_UNREADABLE', `cannot write ${path}`, { cause, details: { path } });
  }
}
