/**
 * Compact JWS with a detached payload (RFC 7515 Appendix F): `<protected>..<signature>`. The
 * verifier rebuilds the payload from the document, so the signature is always over what is shown.
 */
import { CompactSign, base64url, compactVerify, createLocalJWKSet, type JSONWebKeySet, type KeyInput } from 'jose';
import { BUNDLE_JWS_TYP } from './types.js';

export const BUNDLE_JWS_ALGS = ['EdDSA', 'Ed25519', 'ES256'] as const;
export type BundleJwsAlg = (typeof BUNDLE_JWS_ALGS)[number];

export async function signDetached(
  payload: Uint8Array,
  key: KeyInput,
  kid: string,
  alg: BundleJwsAlg,
): Promise<string> {
  const jws = await new CompactSign(payload).setProtectedHeader({ alg, kid, typ: BUNDLE_JWS_TYP }).sign(key);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
}

export interface DetachedVerifyResult {
  ok: boolean;
  kid?: string;
  reason?: string;
}

/** Never throws for a bad signature: returns the reason instead (for the audit report). */
export async function verifyDetached(
  detached: string,
  payload: Uint8Array,
  jwks: JSONWebKeySet,
): Promise<DetachedVerifyResult> {
  const m = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/.exec(detached);
  if (!m) return { ok: false, reason: 'not a detached compact JWS' };
  const [, header, signature] = m as unknown as [string, string, string];
  // One spelling per value: jose's decoder ignores spare bits, so a changed last character could
  // otherwise still verify.
  if (!canonicalB64url(header) || !canonicalB64url(signature)) return { ok: false, reason: 'non-canonical base64url' };
  let kid: string | undefined;
  try {
    const h = JSON.parse(new TextDecoder().decode(base64url.decode(header))) as Record<string, unknown>;
    if (typeof h.kid === 'string') kid = h.kid;
    if (h.typ !== BUNDLE_JWS_TYP) return { ok: false, reason: 'wrong JWS typ', ...(kid ? { kid } : {}) };
  } catch {
    return { ok: false, reason: 'protected header is not JSON' };
  }
  try {
    await compactVerify(`${header}.${base64url.encode(payload)}.${signature}`, createLocalJWKSet(jwks), {
      algorithms: [...BUNDLE_JWS_ALGS],
    });
    return { ok: true, ...(kid ? { kid } : {}) };
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'ERR_JWS_INVALID';
    return { ok: false, reason: code, ...(kid ? { kid } : {}) };
  }
}

function canonicalB64url(s: string): boolean {
  return Buffer.from(s, 'base64url').toString('base64url') === s;
}
