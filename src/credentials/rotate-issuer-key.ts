/**
 * Issuer key rotation. Apart from issuer-keys.ts because it asks the issuer sets for room, and the
 * sets count keys through issuer-keys.ts: keeping it there made the two modules import each other.
 */
import { eq } from 'drizzle-orm';
import { issuerKeys } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import type { IssuerContext } from './context.js';
import { createBabyJubKey, insertKeyRow, newJwsKeyRow, validKeys } from './issuer-keys.js';
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
  // with overlap the old credential key stays a leaf beside the new one: every set the issuer is in needs room
  if (kind === 'babyjub' && overlapSeconds > 0) assertRoomForNewKey(ctx, issuerId, 1);
  const jwsRow = kind === 'ed25519' ? await newJwsKeyRow(ctx, issuerId, now) : undefined;
  // retire-and-replace in one transaction: never a moment with no current key
  return ctx.db.transaction((tx) => {
    const txCtx = { ...ctx, db: tx as unknown as IssuerContext['db'] };
    for (const k of validKeys(txCtx, issuerId, kind, now)) {
      tx.update(issuerKeys)
        .set({ notAfter: now + overlapSeconds })
        .where(eq(issuerKeys.kid, k.kid))
        .run();
    }
    if (jwsRow) {
      insertKeyRow(txCtx, jwsRow);
      return { kid: jwsRow.kid };
    }
    return { kid: createBabyJubKey(txCtx, issuerId, now).kid };
  });
}
