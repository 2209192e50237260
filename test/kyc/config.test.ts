import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anonAadhaarConfigFromEnv } from '../../src/kyc/anon-aadhaar/config.js';
import { uidaiPubkeyHash } from '../../src/kyc/anon-aadhaar/pubkey-hash.js';
import { createTestVendor } from '../../src/kyc/vendor/test-vendor.js';
import { vendorTrustFromEnv } from '../../src/kyc/vendor/trust.js';
import { AADHAAR_DIR, fixtureText } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-kyc-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Anon Aadhaar configuration from the environment', () => {
  it('hashes the configured certificate files and reads app id, max age and artifacts dir', () => {
    const config = anonAadhaarConfigFromEnv({
      ANON_AADHAAR_TRUSTED_KEYS: `${AADHAAR_DIR}uidai_offline_publickey_26022021.pem, ${AADHAAR_DIR}testCertificate.pem`,
      ANON_AADHAAR_APP_ID: '845668269',
      ANON_AADHAAR_MAX_AGE_SECONDS: '7200',
      ANON_AADHAAR_ARTIFACTS_DIR: '/opt/anon-aadhaar/v2',
    });
    expect(config).toEqual({
      trustedPubkeyHashes: [
        uidaiPubkeyHash(fixtureText('uidai_offline_publickey_26022021.pem')),
        uidaiPubkeyHash(fixtureText('testCertificate.pem')),
      ],
      nullifierSeed: 845668269n,
      maxAgeSeconds: 7200,
      artifactsDir: '/opt/anon-aadhaar/v2',
    });
  });

  it('is absent when nothing is set and defaults the maximum age to one day', () => {
    expect(anonAadhaarConfigFromEnv({})).toBeUndefined();
    const config = anonAadhaarConfigFromEnv({
      ANON_AADHAAR_TRUSTED_KEYS: `${AADHAAR_DIR}testPublicKey.pem`,
      ANON_AADHAAR_APP_ID: '1',
    });
    expect(config?.maxAgeSeconds).toBe(86_400);
  });

  it('refuses partial or invalid settings (CONFIG_INVALID)', () => {
    const keys = `${AADHAAR_DIR}testPublicKey.pem`;
    for (const env of [
      { ANON_AADHAAR_APP_ID: '1' },
      { ANON_AADHAAR_TRUSTED_KEYS: keys },
      { ANON_AADHAAR_TRUSTED_KEYS: keys, ANON_AADHAAR_APP_ID: '0x10' },
      { ANON_AADHAAR_TRUSTED_KEYS: keys, ANON_AADHAAR_APP_ID: '1', ANON_AADHAAR_MAX_AGE_SECONDS: '-5' },
      { ANON_AADHAAR_TRUSTED_KEYS: join(dir, 'missing.pem'), ANON_AADHAAR_APP_ID: '1' },
    ]) {
      expect(() => anonAadhaarConfigFromEnv(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });
});

describe('vendor trust from the environment', () => {
  it('reads the JWKS file, issuer and audience', async () => {
    const vendor = await createTestVendor();
    const path = join(dir, 'jwks.json');
    writeFileSync(path, JSON.stringify(vendor.jwks));
    const trust = vendorTrustFromEnv({
      VOUCH_KYC_VENDOR_JWKS: path,
      VOUCH_KYC_VENDOR_ISSUER: vendor.issuer,
      VOUCH_KYC_VENDOR_AUDIENCE: 'me',
    });
    expect(trust).toEqual({ issuer: vendor.issuer, audience: 'me', jwks: vendor.jwks });
    expect(vendorTrustFromEnv({})).toBeUndefined();
    expect(() => vendorTrustFromEnv({ VOUCH_KYC_VENDOR_JWKS: path })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
