/**
 * Reads Anon Aadhaar evidence in the shapes its SDK produces — an `AnonAadhaarProof`, the
 * `AnonAadhaarCore` PCD ({ type, id, claim, proof }) or its serialized form ({ type, pcd: string })
 * — into a snarkjs proof plus the 9 public signals in circuit order. Every number must be canonical
 * (decimal, no leading zeros, below its modulus); proof points must be affine (z = 1). The PCD's
 * `claim` is the prover's unverified say-so and is ignored.
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { BASE_MODULUS, FIELD_MODULUS } from '../../zk/index.js';
import { parseDecimal } from '../lib/decimal.js';
import { parseJson } from '../lib/evidence-bytes.js';

/** Public signal order of AadhaarQRVerifier: its 7 outputs, then the public inputs nullifierSeed, signalHash. */
export const ANON_AADHAAR_SIGNALS = [
  'pubkeyHash',
  'nullifier',
  'timestamp',
  'ageAbove18',
  'gender',
  'pincode',
  'state',
  'nullifierSeed',
  'signalHash',
] as const;
export type AnonAadhaarSignal = (typeof ANON_AADHAAR_SIGNALS)[number];

export interface Groth16ProofJson {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: 'groth16';
  curve: 'bn128';
}

export interface ParsedAnonAadhaarProof {
  proof: Groth16ProofJson;
  /** Decimal strings in ANON_AADHAAR_SIGNALS order, as snarkjs expects them. */
  publicSignals: string[];
  signals: Record<AnonAadhaarSignal, bigint>;
}

const decimal = z.string().max(78);
const g1 = z.tuple([decimal, decimal, z.literal('1')]);
const groth16Proof = z.strictObject({
  pi_a: g1,
  pi_b: z.tuple([z.tuple([decimal, decimal]), z.tuple([decimal, decimal]), z.tuple([z.literal('1'), z.literal('0')])]),
  pi_c: g1,
  protocol: z.literal('groth16'),
  curve: z.literal('bn128'),
});
const anonAadhaarProof = z.strictObject({
  groth16Proof,
  pubkeyHash: decimal,
  timestamp: decimal,
  nullifierSeed: decimal,
  nullifier: decimal,
  signalHash: decimal,
  ageAbove18: decimal,
  gender: decimal,
  pincode: decimal,
  state: decimal,
});

export function parseAnonAadhaarProof(text: string): ParsedAnonAadhaarProof {
  const result = anonAadhaarProof.safeParse(unwrap(parseJson(text), 0));
  if (!result.success) {
    const path = result.error.issues[0]?.path.join('.') ?? '';
    throw new VouchError('EVIDENCE_MALFORMED', 'Anon Aadhaar proof does not have the expected shape', {
      details: { path },
    });
  }
  const p = result.data;
  const coordinate = (value: string, path: string): string => {
    if (parseDecimal(value, BASE_MODULUS - 1n) === undefined) {
      throw new VouchError('EVIDENCE_MALFORMED', 'proof coordinate is not a canonical base-field element', {
        details: { path },
      });
    }
    return value;
  };
  const proof: Groth16ProofJson = {
    pi_a: [coordinate(p.groth16Proof.pi_a[0], 'pi_a.0'), coordinate(p.groth16Proof.pi_a[1], 'pi_a.1'), '1'],
    pi_b: [
      [coordinate(p.groth16Proof.pi_b[0][0], 'pi_b.0.0'), coordinate(p.groth16Proof.pi_b[0][1], 'pi_b.0.1')],
      [coordinate(p.groth16Proof.pi_b[1][0], 'pi_b.1.0'), coordinate(p.groth16Proof.pi_b[1][1], 'pi_b.1.1')],
      ['1', '0'],
    ],
    pi_c: [coordinate(p.groth16Proof.pi_c[0], 'pi_c.0'), coordinate(p.groth16Proof.pi_c[1], 'pi_c.1'), '1'],
    protocol: 'groth16',
    curve: 'bn128',
  };
  const signals = {} as Record<AnonAadhaarSignal, bigint>;
  for (const name of ANON_AADHAAR_SIGNALS) {
    const v = parseDecimal(p[name], FIELD_MODULUS - 1n);
    if (v === undefined) {
      throw new VouchError('EVIDENCE_MALFORMED', 'public signal is not a canonical field element', {
        details: { path: name },
      });
    }
    signals[name] = v;
  }
  return { proof, publicSignals: ANON_AADHAAR_SIGNALS.map((n) => p[n]), signals };
}

/** Peels the PCD wrappers the SDK uses (at most two levels: serialized PCD → PCD → proof). */
function unwrap(value: unknown, depth: number): unknown {
  if (depth > 2 || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (v.type !== 'anon-aadhaar') return value;
  if (typeof v.pcd === 'string') return unwrap(parseJson(v.pcd), depth + 1);
  if (typeof v.proof === 'object') return unwrap(v.proof, depth + 1);
  return value;
}
