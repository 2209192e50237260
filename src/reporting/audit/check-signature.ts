/** The institution's signature over the bundle body, against the JWKS the auditor trusts. */
import type { JSONWebKeySet } from 'jose';
import { bundleBodyBytes, verifyDetached, type ReportBundle } from '../bundle/index.js';
import { fail, pass, type AuditCheck } from './types.js';

export async function checkSignature(bundle: ReportBundle, jwks: JSONWebKeySet): Promise<AuditCheck> {
  let body: Uint8Array;
  try {
    body = bundleBodyBytes(bundle);
  } catch {
    return fail('signature', 'BUNDLE_SIGNATURE_INVALID', 'the bundle body is not plain JSON data');
  }
  const r = await verifyDetached(bundle.signature, body, jwks);
  if (r.ok) return pass('signature', `signed by kid ${r.kid ?? '?'}`);
  return fail('signature', 'BUNDLE_SIGNATURE_INVALID', r.reason ?? 'signature does not verify');
}
