/**
 * The escrow ciphertext format: identity packing, point checks on untrusted input (off the curve,
 * small order, identity), the circuit's signal order, and the TS encryption the circuit mirrors.
 */
import { describe, expect, it } from 'vitest';
import { babyjubjub } from '@noble/curves/misc.js';
import * as bj from '@zk-kit/baby-jubjub';
import { VouchError } from '../../src/errors/index.js';
import {
  ESCROW_IDENTITY_BOUND,
  decodeEscrowIdentity,
  encodeEscrowIdentity,
  encryptEscrowIdentity,
  escrowCiphertextDigest,
  escrowCiphertextFromSignals,
  escrowCiphertextSignals,
  escrowCiphertextToJson,
  parseEscrowCiphertext,
  parseEscrowPoint,
  ESCROW_GENERATOR,
} from '../../src/escrow/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof VouchError) return err.code;
    throw err;
  }
}

const G = ESCROW_GENERATOR;
const sk = 1234567890123456789n;
const PK = G.multiply(sk);

describe('escrow format', () => {
  it('uses circomlib Base8 as the generator', () => {
    const { x, y } = G.toAffine();
    expect([x, y]).toEqual([bj.Base8[0], bj.Base8[1]]);
  });

  it('packs issuerIndex and credentialIndex into m and back, refusing out-of-range parts', () => {
    const m = encodeEscrowIdentity({ issuerIndex: 63, credentialIndex: 2 ** 20 - 1 });
    expect(m).toBe(ESCROW_IDENTITY_BOUND - 1n);
    expect(decodeEscrowIdentity(m)).toEqual({ issuerIndex: 63, credentialIndex: 2 ** 20 - 1 });
    expect(encodeEscrowIdentity({ issuerIndex: 1, credentialIndex: 0 })).toBe(1n << 20n);
    expect(() => encodeEscrowIdentity({ issuerIndex: 64, credentialIndex: 0 })).toThrow(RangeError);
    expect(() => encodeEscrowIdentity({ issuerIndex: 0, credentialIndex: 2 ** 20 })).toThrow(RangeError);
    expect(() => decodeEscrowIdentity(ESCROW_IDENTITY_BOUND)).toThrow(RangeError);
  });

  it('encrypts m so that C2 - sk·C1 = m·G, with fresh randomness each time (unlinkable)', () => {
    const identity = { issuerIndex: 3, credentialIndex: 77 };
    const a = encryptEscrowIdentity({ publicKey: PK, identity });
    const b = encryptEscrowIdentity({ publicKey: PK, identity });
    const m = encodeEscrowIdentity(identity);
    expect(a.c2.subtract(a.c1.multiply(sk)).equals(G.multiply(m))).toBe(true);
    expect(b.c2.subtract(b.c1.multiply(sk)).equals(G.multiply(m))).toBe(true);
    expect(a.c1.equals(b.c1)).toBe(false);
    expect(a.c2.equals(b.c2)).toBe(false);
    expect(escrowCiphertextDigest(a)).not.toBe(escrowCiphertextDigest(b));
  });

  it('round-trips through JSON and the four public signals in order C1.x, C1.y, C2.x, C2.y', () => {
    const ct = encryptEscrowIdentity({
      publicKey: PK,
      identity: { issuerIndex: 0, credentialIndex: 5 },
      randomness: 42n,
    });
    const signals = escrowCiphertextSignals(ct);
    expect(signals[0]).toBe(G.multiply(42n).toAffine().x.toString());
    const back = escrowCiphertextFromSignals(signals);
    expect(back.c1.equals(ct.c1) && back.c2.equals(ct.c2)).toBe(true);
    const parsed = parseEscrowCiphertext(JSON.parse(JSON.stringify(escrowCiphertextToJson(ct))));
    expect(escrowCiphertextDigest(parsed)).toBe(escrowCiphertextDigest(ct));
  });

  it('refuses points off the curve, of small order, the identity, or not canonical', () => {
    const { x, y } = G.toAffine();
    expect(codeOf(() => parseEscrowPoint({ x: x.toString(), y: (y + 1n).toString() }, 'pk'))).toBe(
      'ESCROW_POINT_INVALID',
    );
    expect(codeOf(() => parseEscrowPoint({ x: '0', y: '1' }, 'pk'))).toBe('ESCROW_POINT_INVALID');
    // A point of order 2: (0, -1).
    expect(codeOf(() => parseEscrowPoint({ x: '0', y: (babyjubjub.Point.Fp.ORDER - 1n).toString() }, 'pk'))).toBe(
      'ESCROW_POINT_INVALID',
    );
    // G plus a point of order 2: on the curve, but outside the prime-order subgroup.
    const twisted = G.add(babyjubjub.Point.fromAffine({ x: 0n, y: babyjubjub.Point.Fp.ORDER - 1n })).toAffine();
    expect(codeOf(() => parseEscrowPoint({ x: twisted.x.toString(), y: twisted.y.toString() }, 'pk'))).toBe(
      'ESCROW_POINT_INVALID',
    );
    expect(
      codeOf(() => parseEscrowPoint({ x: (x + babyjubjub.Point.Fp.ORDER).toString(), y: y.toString() }, 'pk')),
    ).toBe('ESCROW_POINT_INVALID');
    expect(codeOf(() => parseEscrowPoint({ x: '01', y: '1' }, 'pk'))).toBe('INPUT_INVALID');
    expect(codeOf(() => parseEscrowCiphertext({ c1: { x: '1' } }))).toBe('ESCROW_CIPHERTEXT_MALFORMED');
    expect(codeOf(() => escrowCiphertextFromSignals(['1', '2', '3']))).toBe('ESCROW_CIPHERTEXT_MALFORMED');
  });
});
