/**
 * How a dealer sends member j its share privately over a public channel (the dealing file):
 * ECIES on BabyJubJub to j's transport key T_j = t_j·G.
 *
 *   E = e·G (fresh e per recipient), K = e·T_j = t_j·E
 *   key = SHA-256(frame("vouch/escrow/dkg/share-key/v1") ‖ committeeId ‖ dealer ‖ recipient ‖ E ‖ K)
 *   ciphertext = AES-256-GCM(key, nonce = 0^96, aad = committeeId ‖ dealer ‖ recipient, share as 32 bytes)
 *
 * The all-zero nonce is safe because every key encrypts exactly one message (E is fresh). BabyJubJub
 * rather than X25519 so that complaints are publicly verifiable: a member who received a bad share
 * reveals K with a Chaum–Pedersen proof that log_G T_j = log_E K, and everyone can then decrypt that
 * one share and see it fail against the dealer's commitments — no one has to take the complainant's
 * word, and no other secret is revealed.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { mul, mulG, randomScalar, type Point } from './curve.js';
import { pointBytes, scalarBytes } from './transcript.js';

export interface SealedShare {
  ephemeral: Point;
  ciphertext: Buffer;
}

export interface ShareAddress {
  committeeId: string;
  dealer: number;
  recipient: number;
}

export function sealShare(share: bigint, transportKey: Point, to: ShareAddress): SealedShare {
  const e = randomScalar();
  const ephemeral = mulG(e);
  const key = shareKey(ephemeral, mul(transportKey, e), to);
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.alloc(12));
  cipher.setAAD(aad(to));
  const ciphertext = Buffer.concat([cipher.update(scalarBytes(share)), cipher.final(), cipher.getAuthTag()]);
  key.fill(0);
  return { ephemeral, ciphertext };
}

/** K = t·E, the shared point a recipient computes (and reveals in a complaint). */
export function sharedPoint(transportSecret: bigint, ephemeral: Point): Point {
  return mul(ephemeral, transportSecret);
}

/** The share, or undefined when the ciphertext does not authenticate under K (a bad dealing). */
export function openShare(sealed: SealedShare, shared: Point, to: ShareAddress): bigint | undefined {
  if (sealed.ciphertext.length !== 48) return undefined;
  const key = shareKey(sealed.ephemeral, shared, to);
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.alloc(12));
    d.setAAD(aad(to));
    d.setAuthTag(sealed.ciphertext.subarray(32));
    const plain = Buffer.concat([d.update(sealed.ciphertext.subarray(0, 32)), d.final()]);
    return BigInt(`0x${plain.toString('hex')}`);
  } catch {
    return undefined;
  } finally {
    key.fill(0);
  }
}

function shareKey(ephemeral: Point, shared: Point, to: ShareAddress): Buffer {
  const h = createHash('sha256');
  for (const part of [
    Buffer.from('vouch/escrow/dkg/share-key/v1'),
    aad(to),
    pointBytes(ephemeral),
    pointBytes(shared),
  ]) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(part.length);
    h.update(len).update(part);
  }
  return h.digest();
}

function aad(to: ShareAddress): Buffer {
  return Buffer.from(`${to.committeeId}|${to.dealer}|${to.recipient}`, 'utf8');
}
