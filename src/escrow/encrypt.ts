/**
 * ElGamal encryption of an escrow identity to the committee key — the TypeScript reference the
 * circuit mirrors (format.ts fixes the encoding). (C1, C2) = (r·G, m·G + r·PK) with r fresh from
 * the CSPRNG unless the caller supplies it (tests that compare with a witness do). The randomness
 * is secret: whoever knows r can decrypt; it is never returned unless the caller passed it in.
 */
import { ArgumentError } from '../errors/index.js';
import { encodeEscrowIdentity, type EscrowCiphertext, type EscrowIdentity } from './format.js';
import { mul, mulG, modL, randomScalar, type Point } from './lib/curve.js';

export interface EncryptEscrowIdentityOptions {
  /** The committee's public key PK (already checked: parse it with parseEscrowPoint). */
  publicKey: Point;
  identity: EscrowIdentity;
  /** The ElGamal randomness r (1 <= r < l); fresh and uniform when omitted. */
  randomness?: bigint;
}

export function encryptEscrowIdentity(options: EncryptEscrowIdentityOptions): EscrowCiphertext {
  if (typeof options !== 'object' || options === null || typeof options.publicKey?.multiply !== 'function') {
    throw new ArgumentError('encryptEscrowIdentity: options.publicKey must be a BabyJubJub point');
  }
  if (options.publicKey.is0()) throw new RangeError('encryptEscrowIdentity: the public key is the identity');
  const m = encodeEscrowIdentity(options.identity);
  const r = options.randomness ?? randomScalar();
  if (typeof r !== 'bigint' || modL(r) === 0n || r !== modL(r))
    throw new RangeError('encryptEscrowIdentity: randomness must be in [1, l)');
  return { c1: mulG(r), c2: mulG(m).add(mul(options.publicKey, r)) };
}
