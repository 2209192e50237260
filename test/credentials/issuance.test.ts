/**
 * Issuer service end to end: credentials issued from manual and vendor-JWS evidence are proved
 * with the real circuit and verified; revocation makes the next proof impossible; every rejected
 * issuance leaves the database exactly as it was.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHolder,
  createIssuer,
  issueCredential,
  localRegistry,
  parseHolderFile,
  revokeCredential,
  rotateIssuerKey,
  statementFor,
  verifyCredentialFile,
  IssuerRegistry,
  publishStatusSnapshot,
  type IssuerContext,
  SqliteCredentialStore,
} from '../../src/credentials/index.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { loadKek } from '../../src/keys/kek.js';
import { createTestVendor, makeVendorAttestation, testVendorTrust } from '../../src/kyc/vendor/test-vendor.js';
import {
  assertStatement,
  encodePolicy,
  policyVerifier,
  prove,
  randomFieldElement,
  releaseCurves,
} from '../../src/zk/index.js';

afterAll(releaseCurves);

const T0 = 1_767_225_600; // 2026-01-01
let now = T0;
let handle: DatabaseHandle;
let ctx: IssuerContext;

beforeEach(() => {
  now = T0;
  handle = openDatabase({ path: ':memory:' });
  ctx = {
    store: new SqliteCredentialStore(handle.db),
    kek: loadKek(mkdtempSync(join(tmpdir(), 'vouch-kek-'))),
    clock: () => now,
  };
});

const MANUAL = JSON.stringify({
  kycLevel: 3,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});
const POLICY = encodePolicy({
  predicates: [
    { slot: 5, op: 'gte', value: 2n },
    { slot: 6, op: 'in', values: [276n, 250n] },
    { slot: 9, op: 'eq', value: 1n },
  ],
  tradeCapSlot: 11,
});

function dump(): string {
  const tables = handle.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string }[];
  return JSON.stringify(tables.map((t) => [t.name, handle.sqlite.prepare(`SELECT * FROM "${t.name}"`).all()]));
}

async function proveWith(
  holder: ReturnType<typeof createHolder>,
  credential: Awaited<ReturnType<typeof issueCredential>>,
) {
  const h = parseHolderFile(holder);
  const { registry } = await localRegistry(ctx);
  const input = statementFor({
    holderSecret: h.secret,
    holderSubject: h.subject,
    credential,
    members: registry.members,
    policy: POLICY,
    now: BigInt(now),
    tradeHash: randomFieldElement(),
    tradeValue: 3_000_000n,
    scope: randomFieldElement(),
  });
  return { input, registry };
}

describe('issuance → prove → verify', () => {
  it('issues from manual review, and the credential proves and verifies', async () => {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    const holder = createHolder();
    const credential = await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'ops@acme',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    expect(() => verifyCredentialFile(credential, BigInt(holder.subject))).not.toThrow();
    expect(credential.slots[6]).toBe('276');
    const { input, registry } = await proveWith(holder, credential);
    const { proof, publicSignals } = await prove(input);
    expect(publicSignals[1]).toBe(registry.root.toString());
    expect((await policyVerifier()).verify(proof, publicSignals)).toEqual({ valid: true });
  });

  it('issues from a vendor JWS attestation, and the credential proves and verifies', async () => {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    const vendor = await createTestVendor({ issuer: 'https://kyc.example' });
    const holder = createHolder();
    const token = await makeVendorAttestation(vendor, {
      subject: BigInt(holder.subject),
      audience: issuer.issuerId,
      kycLevel: 2,
      country: 'FR',
      investorClass: 'retail',
      ageOver18: true,
      sanctionsScreenedAt: T0 - 3600,
      tradeLimit: '50000',
      now,
    });
    const credential = await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'api',
      subject: BigInt(holder.subject),
      evidenceKind: 'vendor-jws',
      evidence: token,
      trust: { vendors: [testVendorTrust(vendor, issuer.issuerId)] },
    });
    expect(credential.slots[6]).toBe('250');
    const { input } = await proveWith(holder, credential);
    const { proof, publicSignals } = await prove(input);
    expect((await policyVerifier()).verify(proof, publicSignals).valid).toBe(true);
    // the same token again is a replay, and changes nothing
    const before = dump();
    await expect(
      issueCredential(ctx, {
        issuerId: issuer.issuerId,
        actor: 'api',
        subject: BigInt(holder.subject),
        evidenceKind: 'vendor-jws',
        evidence: token,
        trust: { vendors: [testVendorTrust(vendor, issuer.issuerId)] },
      }),
    ).rejects.toMatchObject({ code: 'EVIDENCE_REPLAYED' });
    expect(dump()).toBe(before);
  });

  it('refuses to prove with a revoked credential (revoke → the next proof fails)', async () => {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    const holder = createHolder();
    const credential = await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'ops',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    const stale = await proveWith(holder, credential);
    now += 10;
    await revokeCredential(ctx, { credentialId: credential.id, reason: 'fraud', actor: 'ops' });
    await expect(proveWith(holder, credential)).rejects.toMatchObject({ code: 'CREDENTIAL_REVOKED' });
    // a statement built from the pre-revocation registry no longer matches the new issuer set
    const { registry } = await localRegistry(ctx);
    const forged = { ...stale.input, issuer: { ...stale.input.issuer, setRoot: registry.root } };
    expect(() => assertStatement(forged)).toThrow(expect.objectContaining({ code: 'ISSUER_NOT_IN_SET' }));
    await expect(prove(forged, { preflight: false })).rejects.toMatchObject({ code: 'WITNESS_UNSATISFIED' });
    await expect(
      revokeCredential(ctx, { credentialId: credential.id, reason: 'again', actor: 'ops' }),
    ).rejects.toMatchObject({ code: 'CREDENTIAL_ALREADY_REVOKED' });
  });

  it('keeps credentials signed by a rotated-out key provable during the overlap', async () => {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    const holder = createHolder();
    const credential = await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'ops',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    now += 5;
    await rotateIssuerKey(ctx, issuer.issuerId, 'babyjub', 86_400);
    await publishStatusSnapshot(ctx, issuer.issuerId);
    const { input } = await proveWith(holder, credential);
    expect(() => assertStatement(input)).not.toThrow();
    const holder2 = createHolder();
    const second = await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'ops',
      subject: BigInt(holder2.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    expect(second.issuer.kid).not.toBe(credential.issuer.kid);
    const second2 = await proveWith(holder2, second);
    expect(() => assertStatement(second2.input)).not.toThrow();
  });
});

describe('rejected issuance changes nothing', () => {
  it.each([
    ['malformed manual evidence', 'manual', '{"kycLevel": 9}', 'EVIDENCE_MALFORMED'],
    [
      'unknown fields in manual evidence',
      'manual',
      JSON.stringify({ ...JSON.parse(MANUAL), name: 'Alice' }),
      'EVIDENCE_MALFORMED',
    ],
    ['a vendor token with no configured vendor', 'vendor-jws', 'eyJ.eyJ.sig', 'CONFIG_INVALID'],
    ['an unknown evidence kind', 'passport', '{}', 'INPUT_INVALID'],
  ])('%s → %s', async (_n, kind, evidence, code) => {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    const before = dump();
    await expect(
      issueCredential(ctx, { issuerId: issuer.issuerId, actor: 'ops', subject: 1n, evidenceKind: kind, evidence }),
    ).rejects.toMatchObject({ code });
    expect(dump()).toBe(before);
  });

  it('refuses a second active credential from the same manual approval (EVIDENCE_REPLAYED)', async () => {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    const holder = createHolder();
    await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'ops',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    const before = dump();
    await expect(
      issueCredential(ctx, {
        issuerId: issuer.issuerId,
        actor: 'ops',
        subject: BigInt(holder.subject),
        evidenceKind: 'manual',
        evidence: MANUAL,
      }),
    ).rejects.toMatchObject({ code: 'EVIDENCE_REPLAYED' });
    expect(dump()).toBe(before);
  });

  it('hides another tenant’s issuer (NOT_FOUND)', async () => {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    await expect(
      issueCredential(ctx, {
        issuerId: issuer.issuerId,
        tenant: 't2',
        actor: 'x',
        subject: 1n,
        evidenceKind: 'manual',
        evidence: MANUAL,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('issuer registry (verifier side)', () => {
  async function setup() {
    const issuer = await createIssuer(ctx, { tenant: 't1', name: 'Acme KYC' });
    const { registry, trusted } = await localRegistry(ctx);
    const snap = registry.snapshots()[0]!;
    return { issuer, registry, trusted, snap };
  }

  it('accepts signed snapshots and computes the same root as the issuer side', async () => {
    const { registry, trusted, snap } = await setup();
    const other = new IssuerRegistry({ trusted, clock: () => now });
    expect(await other.accept(snap)).toBe(true);
    expect(other.root).toBe(registry.root);
    expect(other.rootStatus(registry.root)).toBe('current');
  });

  it('rejects a snapshot whose payload was altered (SNAPSHOT_SIGNATURE_INVALID)', async () => {
    const { trusted, snap } = await setup();
    const [h, p, s] = snap.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.revoked = [];
    payload.seq += 1;
    const forged = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
    await expect(new IssuerRegistry({ trusted, clock: () => now }).accept(forged)).rejects.toMatchObject({
      code: 'SNAPSHOT_SIGNATURE_INVALID',
    });
  });

  it('rejects snapshots from untrusted issuers, stale snapshots and rollbacks', async () => {
    const { issuer, trusted, snap } = await setup();
    await expect(new IssuerRegistry({ trusted: [], clock: () => now }).accept(snap)).rejects.toMatchObject({
      code: 'ISSUER_KEY_UNTRUSTED',
    });
    await expect(new IssuerRegistry({ trusted, clock: () => now + 2 * 86_400 }).accept(snap)).rejects.toMatchObject({
      code: 'SNAPSHOT_STALE',
    });
    const r = new IssuerRegistry({ trusted, clock: () => now });
    now += 1;
    const newer = await publishStatusSnapshot(ctx, issuer.issuerId);
    await r.accept(newer.jws);
    await expect(r.accept(snap)).rejects.toMatchObject({ code: 'SNAPSHOT_ROLLBACK' });
  });

  it('keeps a replaced root acceptable for the grace period, then calls it stale', async () => {
    const { issuer, trusted, snap } = await setup();
    const r = new IssuerRegistry({ trusted, clock: () => now, rootGraceSeconds: 60 });
    await r.accept(snap);
    const old = r.root;
    const holder = createHolder();
    const c = await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'ops',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    now += 5;
    await r.accept(
      (await revokeCredential(ctx, { credentialId: c.id, reason: 'test', actor: 'ops' }),
      (await localRegistry(ctx)).registry.snapshots()[0]!),
    );
    expect(r.rootStatus(old)).toBe('recent');
    now += 61;
    expect(r.rootStatus(old)).toBe('stale');
    expect(r.rootStatus(12345n)).toBe('unknown');
  });
});
