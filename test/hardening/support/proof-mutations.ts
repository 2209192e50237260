/**
 * Every way the hardening suite tampers with an honest Groth16 proof (snarkjs JSON) and its public
 * signals, each with the code verify() must answer. None of these is a valid proof of anything:
 * a mutation that happened to produce one would be a forgery, and the tests say so.
 *
 * Re-randomization is deliberately NOT here: it yields valid proofs (see rerandomize.ts).
 */
import type { VouchErrorCode } from '../../../src/errors/index.js';
import { BASE_MODULUS, FIELD_MODULUS } from '../../../src/zk/field.js';
import { PUBLIC_SIGNAL_BITS, type Groth16ProofJson } from '../../../src/zk/index.js';
import { withTorsion, wrongSubgroupPoints, type G2Json } from './twist-points.js';

export interface ProofPair {
  proof: Groth16ProofJson;
  publicSignals: string[];
}

export interface Mutation {
  name: string;
  /** Loosely typed on purpose: mutations put numbers, nulls and odd strings where strings go. */
  proof: unknown;
  publicSignals: unknown;
  /** The code verify() must give. */
  code: VouchErrorCode;
}

const clone = <T>(x: T): T => structuredClone(x);
const P = BASE_MODULUS;
const R = FIELD_MODULUS;

/** Coordinate slots of a proof: [label, getter of the array holding it, index]. */
type Slot = [string, (p: Groth16ProofJson) => string[], number];
const XY_SLOTS: Slot[] = [
  ['pi_a.x', (p) => p.pi_a, 0],
  ['pi_a.y', (p) => p.pi_a, 1],
  ['pi_b.x.c0', (p) => p.pi_b[0]!, 0],
  ['pi_b.x.c1', (p) => p.pi_b[0]!, 1],
  ['pi_b.y.c0', (p) => p.pi_b[1]!, 0],
  ['pi_b.y.c1', (p) => p.pi_b[1]!, 1],
  ['pi_c.x', (p) => p.pi_c, 0],
  ['pi_c.y', (p) => p.pi_c, 1],
];
const Z_SLOTS: Slot[] = [
  ['pi_a.z', (p) => p.pi_a, 2],
  ['pi_b.z.c0', (p) => p.pi_b[2]!, 0],
  ['pi_b.z.c1', (p) => p.pi_b[2]!, 1],
  ['pi_c.z', (p) => p.pi_c, 2],
];
const FLIP_BITS = [0, 1, 7, 64, 128, 200, 252, 253];

/** Strings that are not canonical decimals, built from a canonical decimal `v`. */
function nonDecimals(v: string): [string, unknown][] {
  return [
    ['hex', `0x${BigInt(v).toString(16)}`],
    ['leading zero', `0${v}`],
    ['plus sign', `+${v}`],
    ['minus sign', `-${v}`],
    ['leading space', ` ${v}`],
    ['trailing newline', `${v}\n`],
    ['exponent', '1e3'],
    ['decimal point', `${v}.0`],
    ['empty', ''],
    ['arabic-indic digits', '١٢٣'],
    ['fullwidth digits', '１２３'],
    ['79 digits', '1'.repeat(79)],
    ['NUL inside', `${v.slice(0, 3)}\u0000${v.slice(3)}`],
    ['a JSON number', Number(v.slice(0, 10))],
    ['null', null],
    ['an array', [v]],
  ];
}

export interface MutationInput {
  curve: any;
  honest: ProofPair;
  /** Another honest proof (of another statement), for cross-proof substitutions. */
  other: ProofPair;
}

export function proofMutations({ curve, honest, other }: MutationInput): Mutation[] {
  const out: Mutation[] = [];
  const add = (name: string, code: VouchErrorCode, edit: (m: { proof: any; publicSignals: any }) => void) => {
    const m = { proof: clone(honest.proof) as any, publicSignals: clone(honest.publicSignals) as any };
    edit(m);
    // a signal the circuit range-checks, moved out of its range, is refused before the pairing
    out.push({
      name,
      proof: m.proof,
      publicSignals: m.publicSignals,
      code: code === 'PROOF_INVALID' && outOfRange(m.publicSignals) ? 'SIGNAL_OUT_OF_RANGE' : code,
    });
  };

  // 1. Each x/y coordinate: +1, -1, bit flips, another proof's coordinate, 0 — all off the curve
  //    (or non-canonical, >= p), so POINT_INVALID before any pairing.
  for (const [label, get, i] of XY_SLOTS) {
    const v = BigInt(get(honest.proof)[i]!);
    const variants: [string, bigint][] = [
      ['+1', v + 1n],
      ['-1', v - 1n],
      ...FLIP_BITS.map((b) => [`bit ${b} flipped`, v ^ (1n << BigInt(b))] as [string, bigint]),
      ["another proof's coordinate", BigInt(get(other.proof)[i]!)],
      ['0', 0n],
      ['+p (non-canonical alias)', v + P],
    ];
    for (const [what, nv] of variants) {
      if (nv < 0n || nv === v) throw new Error(`mutation ${label} ${what} is a no-op`);
      add(`${label} ${what}`, 'POINT_INVALID', (m) => (get(m.proof)[i] = nv.toString()));
    }
    for (const [what, s] of nonDecimals(get(honest.proof)[i]!)) {
      add(`${label} ${what}`, 'PROOF_MALFORMED', (m) => ((get(m.proof) as unknown[])[i] = s));
    }
  }

  // 2. The projective z coordinate: only z = 1 (affine, non-identity) is accepted.
  for (const [label, get, i] of Z_SLOTS) {
    for (const [what, z] of [
      ['0', '0'],
      ['2', '2'],
      ['p - 1', (P - 1n).toString()],
      ['p + 1', (P + 1n).toString()],
    ] as const) {
      if (get(honest.proof)[i] === z) continue; // z.c1 is already 0
      add(`${label} = ${what}`, 'POINT_INVALID', (m) => (get(m.proof)[i] = z));
    }
  }

  // 3. Valid curve points that are the wrong ones: negations, another proof's points, swaps.
  const neg = (y: string) => (P - BigInt(y)).toString();
  add('pi_a negated (x, p - y)', 'PROOF_INVALID', (m) => (m.proof.pi_a[1] = neg(m.proof.pi_a[1])));
  add('pi_c negated (x, p - y)', 'PROOF_INVALID', (m) => (m.proof.pi_c[1] = neg(m.proof.pi_c[1])));
  add('pi_b negated (x, -y)', 'PROOF_INVALID', (m) => (m.proof.pi_b[1] = m.proof.pi_b[1].map(neg)));
  add('pi_a and pi_c negated together', 'PROOF_INVALID', (m) => {
    m.proof.pi_a[1] = neg(m.proof.pi_a[1]);
    m.proof.pi_c[1] = neg(m.proof.pi_c[1]);
  });
  add('pi_a and pi_c swapped', 'PROOF_INVALID', (m) => ([m.proof.pi_a, m.proof.pi_c] = [m.proof.pi_c, m.proof.pi_a]));
  for (const k of ['pi_a', 'pi_b', 'pi_c'] as const) {
    add(`${k} taken from another proof`, 'PROOF_INVALID', (m) => (m.proof[k] = clone(other.proof[k])));
  }
  add('pi_b in the other coefficient order (Solidity calldata order)', 'POINT_INVALID', (m) => {
    m.proof.pi_b = [
      [m.proof.pi_b[0][1], m.proof.pi_b[0][0]],
      [m.proof.pi_b[1][1], m.proof.pi_b[1][0]],
      m.proof.pi_b[2],
    ];
  });
  add('pi_a doubled', 'PROOF_INVALID', (m) => (m.proof.pi_a = g1Json(curve, curve.G1.double(g1(curve, m.proof.pi_a)))));
  add(
    'pi_c plus the generator',
    'PROOF_INVALID',
    (m) => (m.proof.pi_c = g1Json(curve, curve.G1.add(g1(curve, m.proof.pi_c), curve.G1.g))),
  );
  add(
    'pi_b plus the generator',
    'PROOF_INVALID',
    (m) => (m.proof.pi_b = g2Json(curve, curve.G2.add(g2(curve, m.proof.pi_b), curve.G2.g))),
  );
  add('the whole proof of another statement', 'PROOF_INVALID', (m) => (m.proof = clone(other.proof)));
  add("another statement's public signals", 'PROOF_INVALID', (m) => (m.publicSignals = clone(other.publicSignals)));

  // 4. Off-curve points that are not small edits of the honest one.
  for (const [k, pt] of [
    ['pi_a', ['1', '1', '1']],
    ['pi_a', ['0', '0', '1']],
    ['pi_c', ['1', '3', '1']],
    ['pi_c', ['0', '0', '1']],
  ] as const) {
    add(`${k} = (${pt[0]}, ${pt[1]}) (off the curve)`, 'POINT_INVALID', (m) => (m.proof[k] = [...pt]));
  }
  add(
    'pi_b = ((1, 0), (1, 0)) (off the twist)',
    'POINT_INVALID',
    (m) =>
      (m.proof.pi_b = [
        ['1', '0'],
        ['1', '0'],
        ['1', '0'],
      ]),
  );
  add(
    'pi_b = ((0, 0), (0, 0)) (off the twist)',
    'POINT_INVALID',
    (m) =>
      (m.proof.pi_b = [
        ['0', '0'],
        ['0', '0'],
        ['1', '0'],
      ]),
  );

  // 5. The identity, in the encodings snarkjs and others use.
  add('pi_a = identity (0, 1, 0)', 'POINT_INVALID', (m) => (m.proof.pi_a = ['0', '1', '0']));
  add('pi_c = identity (0, 1, 0)', 'POINT_INVALID', (m) => (m.proof.pi_c = ['0', '1', '0']));
  add(
    'pi_b = identity ((0,0),(1,0),(0,0))',
    'POINT_INVALID',
    (m) =>
      (m.proof.pi_b = [
        ['0', '0'],
        ['1', '0'],
        ['0', '0'],
      ]),
  );
  add('every point the identity', 'POINT_INVALID', (m) => {
    m.proof.pi_a = ['0', '1', '0'];
    m.proof.pi_b = [
      ['0', '0'],
      ['1', '0'],
      ['0', '0'],
    ];
    m.proof.pi_c = ['0', '1', '0'];
  });

  // 6. Wrong-subgroup G2 points: on the twist, [r]P != O.
  for (const [i, b] of wrongSubgroupPoints(curve, 4).entries()) {
    add(`pi_b = random twist point #${i + 1} outside the r-subgroup`, 'POINT_INVALID', (m) => (m.proof.pi_b = b));
  }
  for (const [i, b] of withTorsion(curve, honest.proof.pi_b as G2Json, 3).entries()) {
    add(`pi_b = honest B + cofactor-torsion point #${i + 1}`, 'POINT_INVALID', (m) => (m.proof.pi_b = b));
  }

  // 7. Public signals: each changed, pairwise swapped, pushed out of the field, non-decimal.
  const n = honest.publicSignals.length;
  for (let i = 0; i < n; i++) {
    const x = BigInt(honest.publicSignals[i]!);
    add(`signal ${i} + 1`, 'PROOF_INVALID', (m) => (m.publicSignals[i] = ((x + 1n) % R).toString()));
    add(`signal ${i} bit 0 flipped`, 'PROOF_INVALID', (m) => (m.publicSignals[i] = (x ^ 1n).toString()));
    for (const [what, v] of [
      ['x + r', x + R],
      ['x + 2r', x + 2n * R],
      ['r', R],
      ['p', P],
      ['2^256 - 1', (1n << 256n) - 1n],
    ] as const) {
      add(`signal ${i} = ${what}`, 'SIGNAL_NOT_CANONICAL', (m) => (m.publicSignals[i] = v.toString()));
    }
    const bits = PUBLIC_SIGNAL_BITS[i];
    if (bits !== undefined) {
      // canonical field elements the circuit's Num2Bits refuses: the session cap-bypass values
      for (const [what, v] of [
        ['2^bits', 1n << BigInt(bits)],
        ['x + 2^bits', x + (1n << BigInt(bits))],
        ['r - 1', R - 1n],
      ] as const) {
        add(`signal ${i} = ${what}`, 'SIGNAL_OUT_OF_RANGE', (m) => (m.publicSignals[i] = v.toString()));
      }
    }
    for (const [what, s] of nonDecimals(honest.publicSignals[i]!)) {
      add(`signal ${i} ${what}`, 'SIGNAL_NOT_CANONICAL', (m) => (m.publicSignals[i] = s));
    }
    for (let j = i + 1; j < n; j++) {
      if (honest.publicSignals[i] === honest.publicSignals[j])
        throw new Error(`signals ${i} and ${j} are equal: swapping them is a no-op`);
      add(`signals ${i} and ${j} swapped`, 'PROOF_INVALID', (m) => {
        [m.publicSignals[i], m.publicSignals[j]] = [m.publicSignals[j], m.publicSignals[i]];
      });
    }
  }
  add('signals reversed', 'PROOF_INVALID', (m) => m.publicSignals.reverse());

  // 8. Shape.
  add('one public signal missing', 'PROOF_MALFORMED', (m) => m.publicSignals.pop());
  add('one public signal too many', 'PROOF_MALFORMED', (m) => m.publicSignals.push('0'));
  add('public signals not an array', 'PROOF_MALFORMED', (m) => (m.publicSignals = { ...m.publicSignals }));
  add('pi_b missing', 'PROOF_MALFORMED', (m) => delete m.proof.pi_b);
  add('pi_a with two coordinates', 'PROOF_MALFORMED', (m) => m.proof.pi_a.pop());
  add('pi_b with a three-element coordinate', 'PROOF_MALFORMED', (m) => m.proof.pi_b[0].push('0'));
  add('protocol plonk', 'PROOF_MALFORMED', (m) => (m.proof.protocol = 'plonk'));
  add('curve bls12381', 'PROOF_MALFORMED', (m) => (m.proof.curve = 'bls12381'));
  add('proof null', 'PROOF_MALFORMED', (m) => (m.proof = null));
  add('proof a string', 'PROOF_MALFORMED', (m) => (m.proof = JSON.stringify(honest.proof)));
  return out;
}

function outOfRange(signals: unknown): boolean {
  return (
    Array.isArray(signals) &&
    signals.every((s) => typeof s === 'string' && /^(0|[1-9][0-9]{0,77})$/.test(s) && BigInt(s) < R) &&
    PUBLIC_SIGNAL_BITS.some((b, i) => b !== undefined && BigInt(signals[i] as string) >> BigInt(b) !== 0n)
  );
}

function g1(curve: any, a: string[]): Uint8Array {
  return curve.G1.fromObject(a.map(BigInt));
}
function g2(curve: any, b: string[][]): Uint8Array {
  return curve.G2.fromObject(b.map((c) => c.map(BigInt)));
}
function g1Json(curve: any, p: Uint8Array): string[] {
  return curve.G1.toObject(curve.G1.toAffine(p)).map((x: bigint) => x.toString());
}
function g2Json(curve: any, p: Uint8Array): string[][] {
  return curve.G2.toObject(curve.G2.toAffine(p)).map((c: bigint[]) => c.map((x) => x.toString()));
}
