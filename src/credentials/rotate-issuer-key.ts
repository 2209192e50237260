/**
 * Issuer key rotation. Apart from issuer-keys.ts because it asks the issuer sets for room, and the
 * sets count keys through issuer-keys.ts: keeping it there made the two modules import each other.
 */
import { VouchError } from '../errors/index.js';
import type { IssuerContext } from './context.js';
import { newBabyJubKeyRow, newJwsKeyRow } from './issuer-keys.js';
import { assertRoomForNewKey } from './issuer-sets.js';

/**
 * Rotation: a new key becomes current now; the previous ones stay valid for `overlapSeconds`
 * (credential keys: until what they signed has expired) and are then retired.
 */
export async function rotateIssuerKey(
  ctx: IssuerContext,
  issuerId: string,
  kind: 'babyjub' | 'ed25519',
  overlapSeconds: number,
): Promise<{ kid: string }> {
  const now = ctx.clock();
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0)
    throw new VouchError('INPUT_INVALID', 'overlap must be a non-negative number of seconds');
  const key = kind === 'ed25519' ? await newJwsKeyRow(ctx, issuerId, now) : newBabyJubKeyRow(ctx, issuerId, now);
  // retire-and-replace in one transaction (never a moment with no current key); with overlap the
  // old credential key stays a leaf beside the new one: every set the issuer is in needs room,
  // checked in that transaction so a concurrent addition to a set cannot take the same leaf
  await ctx.store.rotateKey({
    issuerId,
    kind,
    now,
    retireAt: now + overlapSeconds,
    key,
    ...(kind === 'babyjub' && overlapSeconds > 0 ? { checkRoom: (sets) => assertRoomForNewKey(sets, 1) } : {}),
  });
  return { kid: key.kid };
}
