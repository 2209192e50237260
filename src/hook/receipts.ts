/**
 * Decision receipts: a compact JWS (EdDSA) by the hook's key over what was decided — the policy
 * proved and the policies the venue required, policyHash, nullifier, tradeHash, verdict, code, time;
 * under an accountable policy also the escrow ciphertext (which only the committee can open) and
 * the running-total step. No personal data exists to put in one.
 * Anyone with the hook's JWKS can check a receipt offline with `verifyReceipt`.
 */
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { KeyObject } from 'node:crypto';
import { VouchError, checkOptions } from '../errors/index.js';
import type { DecisionEscrow, DecisionLimit } from './decision.js';

export const RECEIPT_TYP = 'vouch-receipt+jwt';

export interface ReceiptPayload {
  iss: string;
  iat: number;
  /** The policy the proof is under. */
  policy: string;
  /** The policies the venue required for the trade's market (absent for sessions and stateless checks). */
  required?: string[];
  policyHash?: string;
  nullifier?: string;
  tradeHash?: string;
  verdict: 'admit' | 'reject';
  code?: string;
  session?: string;
  /** An escrow-required policy: the admitted proof's escrow ciphertext and its committee. */
  escrow?: DecisionEscrow;
  /** A cumulative limit: the period's commitment moved from old to new by this trade of this value. */
  limit?: DecisionLimit;
}

export interface ReceiptSigner {
  kid: string;
  issuer: string;
  publicJwk: JWK;
  sign(payload: ReceiptPayload): Promise<string>;
}

/** Signs the hook's receipts (JWS, EdDSA) with the given key, under `kid`, as `issuer`. */
export async function receiptSigner(o: {
  issuer: string;
  kid: string;
  privateKey: CryptoKey | KeyObject;
  publicJwk: JWK;
}): Promise<ReceiptSigner> {
  checkOptions('receiptSigner', o, { issuer: 'string', kid: 'string', privateKey: 'object', publicJwk: 'object' });
  return {
    kid: o.kid,
    issuer: o.issuer,
    publicJwk: { ...o.publicJwk, kid: o.kid, alg: 'EdDSA', use: 'sig' },
    sign: (payload) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid: o.kid, typ: RECEIPT_TYP })
        .sign(o.privateKey),
  };
}

/** A fresh in-memory signing key (embedded use and tests); persist one for production. */
export async function ephemeralReceiptSigner(issuer: string): Promise<ReceiptSigner> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return receiptSigner({ issuer, kid: `hook-${Date.now().toString(36)}`, privateKey, publicJwk });
}

/** Verifies a hook receipt (JWS) against the venue's public keys and returns its payload; throws RECEIPT_INVALID. */
export async function verifyReceipt(jws: string, jwks: JWK[]): Promise<ReceiptPayload> {
  let header: { kid?: string; typ?: string };
  try {
    header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString()) as { kid?: string; typ?: string };
  } catch {
    throw new VouchError('RECEIPT_INVALID', 'not a compact JWS');
  }
  const jwk = jwks.find((k) => k.kid === header.kid);
  if (!jwk || header.typ !== RECEIPT_TYP) throw new VouchError('RECEIPT_INVALID', 'receipt key unknown or wrong type');
  try {
    const { payload } = await compactVerify(jws, await importJWK(jwk, 'EdDSA'), { algorithms: ['EdDSA'] });
    return JSON.parse(new TextDecoder().decode(payload)) as ReceiptPayload;
  } catch {
    throw new VouchError('RECEIPT_INVALID', 'the receipt signature does not verify');
  }
}
