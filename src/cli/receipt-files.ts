/**
 * A venue's decision receipts as the CLI takes them: a file holding the compact JWS, checked
 * against the venue's JWKS — a file (its /.well-known/jwks.json saved by the user), never fetched
 * from the network — before any command acts on what the receipt says. A receipt that is not signed
 * by a key of that JWKS is RECEIPT_INVALID, whatever its payload claims; errors name the file,
 * never its content.
 */
import type { JWK } from 'jose';
import { VouchError } from '../errors/index.js';
import { verifyReceipt, type ReceiptPayload } from '../hook/receipts.js';
import { readJson, readTextFile } from './files.js';

/** A receipt is a few hundred bytes (more with an escrow ciphertext and a limit step). */
const MAX_RECEIPT_BYTES = 64 * 1024;
/** A JWKS holds a handful of public keys. */
const MAX_JWKS_BYTES = 1024 * 1024;

/** The public keys of a JWKS file (`{"keys": [...]}`); JWKS_INVALID when it is not one. */
export function readJwksFile(path: string): JWK[] {
  const doc = readJson(path, MAX_JWKS_BYTES) as { keys?: unknown } | null;
  const keys = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? doc.keys : undefined;
  if (
    !Array.isArray(keys) ||
    keys.length === 0 ||
    !keys.every((k) => k !== null && typeof k === 'object' && typeof (k as JWK).kty === 'string')
  ) {
    throw new VouchError('JWKS_INVALID', `${path} is not a JWKS ({"keys": [...]} with at least one key)`, {
      details: { path },
    });
  }
  return keys as JWK[];
}

export interface VerifiedReceipt {
  /** The compact JWS as read (trimmed). */
  jws: string;
  payload: ReceiptPayload;
}

/** Reads a receipt file and checks its signature against `jwks`; RECEIPT_INVALID naming the file otherwise. */
export async function readVerifiedReceipt(path: string, jwks: readonly JWK[]): Promise<VerifiedReceipt> {
  const jws = readTextFile(path, MAX_RECEIPT_BYTES).trim();
  try {
    return { jws, payload: await verifyReceipt(jws, [...jwks]) };
  } catch (err) {
    if (err instanceof VouchError && err.code === 'RECEIPT_INVALID')
      throw new VouchError('RECEIPT_INVALID', `${path} is not a receipt signed by a key of the venue’s JWKS`, {
        cause: err,
        details: { path },
      });
    throw err;
  }
}
