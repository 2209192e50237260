/**
 * Locates the official Anon Aadhaar v2 proving artifacts (~600 MB, published by the Anon Aadhaar
 * team; not redistributable here and not needed to verify). They are only needed to make new
 * proofs. When the directory also holds their vkey.json, it must equal the key this issuer
 * verifies with, so proofs made with these artifacts are proofs the issuer will accept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { VouchError } from '../../errors/index.js';
import { anonAadhaarVerificationKey } from './verification-key.js';

/** File names as published under the v2.0.0 artifacts prefix (see @anon-aadhaar/core constants). */
export const ANON_AADHAAR_ARTIFACT_FILES = {
  wasm: 'aadhaar-verifier.wasm',
  zkey: 'circuit_final.zkey',
  vkey: 'vkey.json',
} as const;

export interface AnonAadhaarArtifacts {
  wasm: string;
  zkey: string;
}

export function resolveAnonAadhaarArtifacts(dir: string | undefined): AnonAadhaarArtifacts {
  if (!dir) {
    throw new VouchError(
      'ARTIFACT_MISSING',
      'set ANON_AADHAAR_ARTIFACTS_DIR to the official Anon Aadhaar v2 proving artifacts',
    );
  }
  const wasm = join(dir, ANON_AADHAAR_ARTIFACT_FILES.wasm);
  const zkey = join(dir, ANON_AADHAAR_ARTIFACT_FILES.zkey);
  const missing = [wasm, zkey].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new VouchError('ARTIFACT_MISSING', 'Anon Aadhaar proving artifacts are missing', { details: { missing } });
  }
  const vkeyPath = join(dir, ANON_AADHAAR_ARTIFACT_FILES.vkey);
  if (existsSync(vkeyPath)) {
    let vkey: Record<string, unknown>;
    try {
      vkey = JSON.parse(readFileSync(vkeyPath, 'utf8')) as Record<string, unknown>;
    } catch (cause) {
      throw new VouchError('ARTIFACT_HASH_MISMATCH', 'Anon Aadhaar vkey.json is not valid JSON', { cause });
    }
    const expected = anonAadhaarVerificationKey();
    const same = (Object.keys(expected) as (keyof typeof expected)[]).every((k) =>
      isDeepStrictEqual(vkey[k], expected[k]),
    );
    if (!same) {
      throw new VouchError(
        'ARTIFACT_HASH_MISMATCH',
        'Anon Aadhaar artifacts do not match the verifier this issuer accepts',
      );
    }
  }
  return { wasm, zkey };
}
