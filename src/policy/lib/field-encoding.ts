/**
 * How strings and byte strings become field elements in every Vouch commitment outside the
 * circuit's own encoding (trade hash, session key commitment, nullifier scope, policy id).
 * Specified in ../TRADE_ENCODING.md; a third party must be able to reproduce it exactly, so
 * nothing here may depend on locale, platform or library defaults.
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** Bytes of SHA-256 kept: 31 bytes = 248 bits, always below the BN254 scalar field r (~2^253.6). */
const KEPT_BYTES = 31;

/** H(bytes): the first 31 bytes of SHA-256(bytes) as a big-endian integer. */
export function bytesToFieldHash(bytes: Uint8Array): bigint {
  const digest = sha256(bytes);
  let v = 0n;
  for (let i = 0; i < KEPT_BYTES; i++) v = (v << 8n) | BigInt(digest[i]!);
  return v;
}

/** H(s) = H(utf8(s)). */
export function stringToField(s: string): bigint {
  return bytesToFieldHash(new TextEncoder().encode(s));
}

/** A domain tag: the ASCII string read as a big-endian integer (as KYC_V1_SCHEMA_ID is). */
function asciiTag(s: string): bigint {
  if (!/^[\x21-\x7e]{1,31}$/.test(s)) throw new RangeError('a domain tag is 1..31 printable ASCII characters');
  let v = 0n;
  for (const ch of s) v = (v << 8n) | BigInt(ch.charCodeAt(0));
  return v;
}

/**
 * Domain tags, one per commitment, so no value of one kind can be replayed as another
 * (a session commitment is never a valid trade hash, a per-trade scope never an epoch scope).
 */
export const DOMAIN_TAGS = {
  trade: asciiTag('vouch.trade.v1'),
  sessionKey: asciiTag('vouch.session-key.v1'),
  scopePerTrade: asciiTag('vouch.scope.trade.v1'),
  scopePerVenueEpoch: asciiTag('vouch.scope.venue-epoch.v1'),
  policyId: asciiTag('vouch.policy-id.v1'),
  /** The period scope of a cumulative limit (period-scope.ts): never equal to a trade or epoch scope. */
  scopePeriod: asciiTag('vouch.scope.period.v1'),
} as const;

/** 0x-prefixed, 64 hex digits: a field element as 32 big-endian bytes. */
export function fieldToHex(v: bigint): string {
  return `0x${v.toString(16).padStart(64, '0')}`;
}
