/**
 * What a session-mode proof carries in its public tradeHash slot: a commitment to an Ed25519
 * session public key for one venue and epoch. A different domain tag from trades, so a session
 * commitment can never be presented as a trade hash or the reverse.
 */
import { VALUE_MAX, poseidon } from '../../zk/index.js';
import { VouchError } from '../../errors/index.js';
import { DOMAIN_TAGS, bytesToFieldHash, stringToField } from '../lib/field-encoding.js';
import { identifier } from './parse-trade.js';

/** Ed25519 public keys are 32 bytes (RFC 8032). */
const ED25519_PUBLIC_KEY_BYTES = 32;

/** Poseidon(tag, H(publicKey), H(venue), epoch). TRADE_INVALID (details.field) for bad input. */
export function sessionKeyCommitment(publicKey: Uint8Array, venue: string, epoch: number | bigint): bigint {
  if (!(publicKey instanceof Uint8Array)) throw new TypeError('publicKey must be a Uint8Array');
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new VouchError(
      'TRADE_INVALID',
      `a session key must be a ${ED25519_PUBLIC_KEY_BYTES}-byte Ed25519 public key`,
      { details: { field: 'publicKey' } },
    );
  }
  const e = typeof epoch === 'number' && Number.isSafeInteger(epoch) ? BigInt(epoch) : epoch;
  if (typeof e !== 'bigint' || e < 0n || e > VALUE_MAX) {
    throw new VouchError('TRADE_INVALID', 'epoch must be a non-negative integer below 2^64', {
      details: { field: 'epoch' },
    });
  }
  return poseidon([DOMAIN_TAGS.sessionKey, bytesToFieldHash(publicKey), stringToField(identifier(venue, 'venue')), e]);
}
