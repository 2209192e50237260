/**
 * What an issuer must decide before accepting Anon Aadhaar evidence, and how to read it from the
 * environment. Trusted UIDAI keys are given as certificate/public-key PEM files and hashed here
 * (`uidaiPubkeyHash`), so a deployment names keys, not opaque numbers.
 *
 *   ANON_AADHAAR_TRUSTED_KEYS      comma-separated PEM paths (UIDAI production cert; the test key only in dev)
 *   ANON_AADHAAR_APP_ID            this issuer's app id = the nullifierSeed every proof must carry (decimal)
 *   ANON_AADHAAR_MAX_AGE_SECONDS   oldest QR signing time accepted (default 86400)
 *   ANON_AADHAAR_ARTIFACTS_DIR     official proving artifacts (aadhaar-verifier.wasm, circuit_final.zkey,
 *                                  ~600 MB); only needed to *make* proofs, never to verify them
 */
import { readFileSync } from 'node:fs';
import type { InvestorClass } from '../../credentials/schema.js';
import { VouchError } from '../../errors/index.js';
import { FIELD_MODULUS } from '../../zk/index.js';
import { parseDecimal } from '../lib/decimal.js';
import { uidaiPubkeyHash } from './pubkey-hash.js';

export interface AnonAadhaarConfig {
  /** `uidaiPubkeyHash` of each UIDAI signing key accepted. */
  trustedPubkeyHashes: readonly bigint[];
  /** This issuer's app id; a proof whose nullifierSeed differs was made for another application. */
  nullifierSeed: bigint;
  /** Oldest QR signing time accepted, in seconds before now. The circuit floors it to the (IST) hour. */
  maxAgeSeconds: number;
  /** Clock skew allowed for a QR timestamp ahead of now, in seconds (default 300). */
  futureToleranceSeconds?: number;
  /** Attributes Aadhaar cannot establish (defaults: investorClass 'none', tradeLimit '0'). */
  defaults?: { investorClass?: InvestorClass; tradeLimit?: string };
  /** Official proving artifacts directory (holder-side proving only). */
  artifactsDir?: string;
}

export const DEFAULT_MAX_AGE_SECONDS = 86_400;

/** Reads the config from the environment; undefined when Anon Aadhaar is not configured at all. */
export function anonAadhaarConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AnonAadhaarConfig | undefined {
  const keys = env.ANON_AADHAAR_TRUSTED_KEYS?.trim();
  const appId = env.ANON_AADHAAR_APP_ID?.trim();
  if (!keys && !appId) return undefined;
  if (!keys || !appId) {
    throw new VouchError('CONFIG_INVALID', 'ANON_AADHAAR_TRUSTED_KEYS and ANON_AADHAAR_APP_ID must be set together');
  }
  const trustedPubkeyHashes = keys
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((path) => {
      let pem: string;
      try {
        pem = readFileSync(path, 'utf8');
      } catch (cause) {
        throw new VouchError('CONFIG_INVALID', 'an ANON_AADHAAR_TRUSTED_KEYS file cannot be read', {
          cause,
          details: { path },
        });
      }
      return uidaiPubkeyHash(pem);
    });
  const nullifierSeed = parseDecimal(appId, FIELD_MODULUS - 1n);
  if (nullifierSeed === undefined)
    throw new VouchError('CONFIG_INVALID', 'ANON_AADHAAR_APP_ID must be a decimal field element');
  const maxAgeRaw = env.ANON_AADHAAR_MAX_AGE_SECONDS?.trim();
  const maxAgeSeconds = maxAgeRaw ? Number(maxAgeRaw) : DEFAULT_MAX_AGE_SECONDS;
  if (!Number.isSafeInteger(maxAgeSeconds) || maxAgeSeconds <= 0) {
    throw new VouchError('CONFIG_INVALID', 'ANON_AADHAAR_MAX_AGE_SECONDS must be a positive integer');
  }
  const artifactsDir = env.ANON_AADHAAR_ARTIFACTS_DIR?.trim();
  return { trustedPubkeyHashes, nullifierSeed, maxAgeSeconds, ...(artifactsDir ? { artifactsDir } : {}) };
}

/** Programmer-misuse checks on a config built in code. */
export function assertAnonAadhaarConfig(config: AnonAadhaarConfig): void {
  if (typeof config !== 'object' || config === null) throw new TypeError('anon-aadhaar config is required');
  if (!Array.isArray(config.trustedPubkeyHashes) || config.trustedPubkeyHashes.some((h) => typeof h !== 'bigint')) {
    throw new TypeError('trustedPubkeyHashes must be an array of bigint');
  }
  if (typeof config.nullifierSeed !== 'bigint') throw new TypeError('nullifierSeed must be a bigint');
  if (!Number.isSafeInteger(config.maxAgeSeconds) || config.maxAgeSeconds <= 0) {
    throw new RangeError('maxAgeSeconds must be a positive integer');
  }
  const tol = config.futureToleranceSeconds;
  if (tol !== undefined && (!Number.isSafeInteger(tol) || tol < 0)) {
    throw new RangeError('futureToleranceSeconds must be a non-negative integer');
  }
}
