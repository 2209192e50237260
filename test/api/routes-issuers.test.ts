/**
 * Issuers, credentials and the registry over HTTP, end to end on the real library: issuance from
 * manual, vendor-JWS and (real) Anon Aadhaar evidence gives a credential the holder verifies
 * locally; revocation moves the signed status root, the witness and the registry; every refused
 * piece of evidence answers its code and leaves every table unchanged. No proving (fast).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { createAuthenticator } from '../../src/auth/index.js';
import { createCredentialServices, type KycTrust } from '../../src/api/routes/credentials-services.js';
import {
  createHolder,
  DEFAULT_VALIDITY_SECONDS,
  loadRegistryFile,
  parseCredentialFile,
  verifyCredentialFile,
  witnessFor,
} from '../../src/credentials/index.js';
import { uidaiPubkeyHash } from '../../src/kyc/index.js';
import {
  createTestVendor,
  makeVendorAttestation,
  testVendorTrust,
  type TestVendor,
} from '../../src/kyc/vendor/test-vendor.js';
import { FIELD_MODULUS, releaseCurves, StatusBitmap } from '../../src/zk/index.js';
import { AADHAAR_DIR, fixtureText } from '../kyc/fixtures.js';
import { apiKeysFor, bearer, dumpStores, keysFor, makeTestApp } from './helpers.js';

afterAll(releaseCurves);

const MANUAL = JSON.stringify({
  kycLevel: 3,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});
const UNKNOWN_ISSUER = 'iss_AAAAAAAAAAAAAAAA';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const keyId = (key: string) => key.split('_')[1]!;
const ISSUED_MANUAL = 'vouch_credential_issuances_total{evidence_kind="manual",outcome="issued"}';

/**
 * One database, one tenant's keys (scrypt: the slow part) and one clock, shared by the apps a
 * describe block builds on it; each test makes its own issuers, so tests stay independent.
 */
async function environment() {
  const t = await makeTestApp();
  const keys = await keysFor(t.db, 'acme');
  const authenticator = createAuthenticator({
    db: apiKeysFor(t.db),
    now: () => t.clock.now(),
    cacheTtlMs: t.config.auth.cacheTtlMs,
    cacheMaxEntries: t.config.auth.cacheMaxEntries,
    failureBurst: t.config.rateLimit.authFailureBurst,
    failurePerSecond: t.config.rateLimit.authFailurePerSecond,
  });
  return { t, keys, authenticator };
}
type Environment = Awaited<ReturnType<typeof environment>>;

/** An app on `env` whose evidence trust is `kyc`, or read from `env` (never the runner's real environment). */
async function setup(o: { kyc?: KycTrust; env?: NodeJS.ProcessEnv } = {}, shared?: Environment) {
  const { t, keys, authenticator } = shared ?? (await environment());
  const credentials = createCredentialServices({
    metrics: t.deps.metrics,
    env: o.env ?? {},
    ...(o.kyc ? { kyc: o.kyc } : {}),
  });
  const app = createApp({ ...t.deps, authenticator, services: { credentials } });
  const send = async (method: string, path: string, key?: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { ...(key ? bearer(key) : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any,
    };
  };
  const createIssuer = async (
    appId?: string,
  ): Promise<{ issuerId: string; kid: string; publicKey: { x: string; y: string }; jwks: JWK[] }> => {
    const r = await send('POST', '/v1/issuers', keys.admin, { name: 'Acme KYC', ...(appId ? { appId } : {}) });
    expect(r.status).toBe(201);
    return r.body;
  };
  const issue = (issuerId: string, body: unknown, key = keys.institution) =>
    send('POST', `/v1/issuers/${issuerId}/credentials`, key, body);
  /** Every table, every row (of both stores when the app runs on PostgreSQL): a refused request must leave this string unchanged. */
  const dump = () => dumpStores(t);
  const nowSeconds = () => Math.floor(t.clock.now() / 1000);
  /** The current value of one metric series (0 when absent). */
  const metric = async (series: string) => {
    const line = ((await send('GET', '/metrics')).body as string).split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };
  return { ...t, app, keys, send, createIssuer, issue, dump, nowSeconds, metric };
}
type Client = Awaited<ReturnType<typeof setup>>;

const problem = (r: { status: number; body: any }) => ({ status: r.status, code: r.body?.code });

describe('issuers', () => {
  let s: Client;
  beforeAll(async () => {
    s = await setup();
  });

  it('creates an issuer in the caller’s tenant, lists and reads it, and publishes its snapshot key in the JWKS', async () => {
    const issuer = await s.createIssuer();
    expect(issuer).toMatchObject({
      issuerId: expect.stringMatching(/^iss_[A-Za-z0-9_-]{16}$/),
      name: 'Acme KYC',
      tenant: 'acme',
      kid: expect.any(String),
    });
    expect(issuer.jwks).toHaveLength(1);
    expect(issuer.jwks[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(issuer.jwks[0]).not.toHaveProperty('d');
    const listed = (await s.send('GET', '/v1/issuers', s.keys.issuer)).body.issuers;
    expect(listed).toContainEqual(issuer);
    expect(listed.every((i: { tenant: string }) => i.tenant === 'acme')).toBe(true);
    expect((await s.send('GET', `/v1/issuers/${issuer.issuerId}`, s.keys.admin)).body).toEqual(issuer);
    const jwks = (await s.send('GET', '/.well-known/jwks.json')).body.keys as JWK[];
    expect(jwks.map((k) => k.kid)).toEqual(expect.arrayContaining([issuer.jwks[0]!.kid, s.deps.serviceKey!.kid]));
    expect(jwks.every((k) => !('d' in k))).toBe(true);
  });

  it('answers an unknown issuer 404 and a malformed id 400', async () => {
    expect(problem(await s.send('GET', `/v1/issuers/${UNKNOWN_ISSUER}`, s.keys.admin))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(problem(await s.send('GET', '/v1/issuers/not-an-issuer', s.keys.admin))).toEqual({
      status: 400,
      code: 'INPUT_INVALID',
    });
    expect(problem(await s.send('GET', `/v1/issuers/${UNKNOWN_ISSUER}/status`))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(problem(await s.send('GET', `/v1/issuers/${UNKNOWN_ISSUER}/status/witness/0`))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    for (const index of ['1048576', '01', '-1']) {
      expect(problem(await s.send('GET', `/v1/issuers/${UNKNOWN_ISSUER}/status/witness/${index}`))).toEqual({
        status: 400,
        code: 'INPUT_INVALID',
      });
    }
    expect(
      problem(
        await s.send('POST', `/v1/issuers/${UNKNOWN_ISSUER}/keys/rotate`, s.keys.admin, {
          kind: 'ed25519',
          overlapSeconds: 0,
        }),
      ),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('rotates the snapshot key: the new key signs the next snapshot and replaces the old one in every JWKS', async () => {
    const issuer = await s.createIssuer();
    const oldKid = issuer.jwks[0]!.kid!;
    const r = await s.send('POST', `/v1/issuers/${issuer.issuerId}/keys/rotate`, s.keys.admin, {
      kind: 'ed25519',
      overlapSeconds: 0,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ issuerId: issuer.issuerId, kind: 'ed25519', kid: expect.any(String), seq: 2 });
    expect(r.body.kid).not.toBe(oldKid);
    const after = (await s.send('GET', `/v1/issuers/${issuer.issuerId}`, s.keys.admin)).body;
    expect(after.jwks.map((k: JWK) => k.kid)).toEqual([r.body.kid]);
    const status = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status`)).body;
    expect(status.seq).toBe(2);
    expect(decodeProtectedHeader(status.jws).kid).toBe(r.body.kid);
    const jwks = (await s.send('GET', '/.well-known/jwks.json')).body.keys as JWK[];
    expect(jwks.map((k) => k.kid)).toContain(r.body.kid);
    expect(jwks.map((k) => k.kid)).not.toContain(oldKid);
  });

  it('rotates the credential key with an overlap: new credentials use the new key, the snapshot lists both', async () => {
    const issuer = await s.createIssuer();
    const first = parseCredentialFile(
      (await s.issue(issuer.issuerId, { subject: createHolder().subject, evidenceKind: 'manual', evidence: MANUAL }))
        .body,
    );
    const r = await s.send('POST', `/v1/issuers/${issuer.issuerId}/keys/rotate`, s.keys.admin, {
      kind: 'babyjub',
      overlapSeconds: 86_400,
    });
    expect(r.status).toBe(200);
    expect((await s.send('GET', `/v1/issuers/${issuer.issuerId}`, s.keys.admin)).body.kid).toBe(r.body.kid);
    const second = parseCredentialFile(
      (await s.issue(issuer.issuerId, { subject: createHolder().subject, evidenceKind: 'manual', evidence: MANUAL }))
        .body,
    );
    expect([first.issuer.kid, second.issuer.kid]).toEqual([issuer.kid, r.body.kid]);
    const status = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status`)).body;
    const payload = JSON.parse(Buffer.from(status.jws.split('.')[1], 'base64url').toString());
    expect(payload.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([issuer.kid, r.body.kid].sort());
  });

  it('refuses a rotation body without an explicit overlap, or with a negative one (400)', async () => {
    const issuer = await s.createIssuer();
    const before = await s.dump();
    for (const body of [
      { kind: 'babyjub' },
      { kind: 'babyjub', overlapSeconds: -1 },
      { kind: 'rsa', overlapSeconds: 0 },
    ]) {
      expect(problem(await s.send('POST', `/v1/issuers/${issuer.issuerId}/keys/rotate`, s.keys.admin, body))).toEqual({
        status: 400,
        code: 'INPUT_INVALID',
      });
    }
    expect(await s.dump()).toBe(before);
  });
});

describe('issuance, revocation and status', () => {
  let s: Client;
  beforeAll(async () => {
    s = await setup();
  });

  it('issues from manual evidence: the holder verifies the credential locally; the calling key is the audited reviewer', async () => {
    const issuer = await s.createIssuer();
    const holder = createHolder();
    const issuedBefore = await s.metric(ISSUED_MANUAL);
    const r = await s.issue(issuer.issuerId, { subject: holder.subject, evidenceKind: 'manual', evidence: MANUAL });
    expect(r.status).toBe(201);
    const credential = parseCredentialFile(r.body);
    expect(() => verifyCredentialFile(credential, BigInt(holder.subject))).not.toThrow();
    expect(() => verifyCredentialFile(credential, BigInt(createHolder().subject))).toThrow(
      expect.objectContaining({ code: 'CREDENTIAL_NOT_HOLDERS' }),
    );
    const tampered = { ...credential, slots: credential.slots.map((v, i) => (i === 6 ? '840' : v)) };
    expect(() => verifyCredentialFile(tampered)).toThrow(expect.objectContaining({ code: 'CREDENTIAL_INVALID' }));
    expect(credential.issuer).toEqual({ id: issuer.issuerId, kid: issuer.kid, publicKey: issuer.publicKey });
    expect(credential).toMatchObject({
      evidenceKind: 'manual',
      credentialIndex: 0,
      issuedAt: s.nowSeconds(),
      expiresAt: s.nowSeconds() + DEFAULT_VALIDITY_SECONDS,
    });
    expect(credential.attributes).toMatchObject({
      kycLevel: 3,
      jurisdiction: 276,
      investorClass: 'professional',
      ageOver18: true,
      tradeLimit: '1000000',
    });

    const audit = (await s.send('GET', '/v1/admin/audit-events', s.keys.admin)).body;
    expect(audit.events.filter((e: { target: string }) => e.target === credential.id)).toEqual([
      {
        id: expect.any(Number),
        actor: keyId(s.keys.institution),
        action: 'credential.issue.manual-approval',
        target: credential.id,
        at: new Date(s.clock.now()).toISOString(),
        details: {
          evidenceKind: 'manual',
          evidenceDigest: sha256(MANUAL),
          attributesDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      },
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/professional|1000000|jurisdiction/);
    expect(JSON.stringify(audit)).not.toContain(holder.subject);
    expect(await s.metric(ISSUED_MANUAL)).toBe(issuedBefore + 1);
  });

  it('honours validitySeconds', async () => {
    const issuer = await s.createIssuer();
    const c = (
      await s.issue(
        issuer.issuerId,
        { subject: createHolder().subject, evidenceKind: 'manual', evidence: MANUAL, validitySeconds: 3600 },
        s.keys.issuer,
      )
    ).body;
    expect(c.expiresAt - c.issuedAt).toBe(3600);
  });

  it('revokes: the signed status root changes, the witness and the registry follow, and a second revocation is 409', async () => {
    const issuer = await s.createIssuer();
    const holder = createHolder();
    const credential = parseCredentialFile(
      (await s.issue(issuer.issuerId, { subject: holder.subject, evidenceKind: 'manual', evidence: MANUAL })).body,
    );
    const index = credential.credentialIndex;
    const issuerPoint = { x: BigInt(issuer.publicKey.x), y: BigInt(issuer.publicKey.y) };
    const key = await importJWK(issuer.jwks[0]!, 'EdDSA');
    const signedPayload = async (jws: string) =>
      JSON.parse(new TextDecoder().decode((await compactVerify(jws, key)).payload));
    const clock = () => s.nowSeconds();
    // the tenant's own issuer set, with this issuer admitted by its owner (the tenant's admin)
    expect((await s.send('POST', '/v1/issuer-sets', s.keys.admin, { name: 'acme-revocation' })).status).toBe(201);
    expect(
      (await s.send('POST', '/v1/issuer-sets/acme-revocation/members', s.keys.admin, { issuerId: issuer.issuerId }))
        .status,
    ).toBe(200);
    const setRoot = (file: { sets: { name: string; issuerSetRoot: string }[] }) =>
      file.sets.find((x) => x.name === 'acme-revocation')!.issuerSetRoot;
    s.clock.advance(3_000);

    const before = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status`)).body;
    expect((await signedPayload(before.jws)).statusRoot).toBe(before.root);
    const w0 = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status/witness/${index}`)).body;
    expect(w0).toMatchObject({ issuerId: issuer.issuerId, index, revoked: false, seq: before.seq, root: before.root });
    const reg0 = await s.send('GET', '/v1/registry');
    const registry0 = await loadRegistryFile(reg0.body, { clock, set: 'acme-revocation' });
    expect(registry0.root.toString()).toBe(setRoot(reg0.body));
    expect(witnessFor(registry0.members, issuerPoint, index).statusRoot.toString()).toBe(before.root);

    s.clock.advance(5_000);
    const revoked = await s.send('POST', `/v1/credentials/${credential.id}/revoke`, s.keys.issuer, {
      reason: 'evidence withdrawn',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ credentialId: credential.id, statusRoot: expect.any(String), seq: before.seq + 1 });
    expect(revoked.body.statusRoot).not.toBe(before.root);

    const after = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status`)).body;
    expect(after).toMatchObject({ seq: revoked.body.seq, root: revoked.body.statusRoot });
    expect(after.history.slice(0, 2).map((h: { seq: number; root: string }) => [h.seq, h.root])).toEqual([
      [after.seq, after.root],
      [before.seq, before.root],
    ]);
    const payload = await signedPayload(after.jws);
    expect(payload).toMatchObject({ iss: issuer.issuerId, seq: after.seq, statusRoot: after.root, revoked: [index] });

    const w1 = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status/witness/${index}`)).body;
    expect(w1).toMatchObject({ revoked: true, seq: after.seq, root: after.root });
    // the witness is exactly what anyone derives from the signed snapshot's revoked list
    const own = StatusBitmap.fromRevoked(payload.revoked).witness(index);
    expect({ words: w1.words, path: w1.path }).toEqual({
      words: own.words.map(String),
      path: { index: own.path.index, children: own.path.children.map((l) => l.map(String)) },
    });
    expect((await s.send('GET', `/v1/issuers/${issuer.issuerId}/status/witness/${index + 1}`)).body).toMatchObject({
      revoked: false,
      root: after.root,
    });

    const reg1 = await s.send('GET', '/v1/registry');
    expect(setRoot(reg1.body)).not.toBe(setRoot(reg0.body));
    const registry1 = await loadRegistryFile(reg1.body, { clock, set: 'acme-revocation' });
    expect(() => witnessFor(registry1.members, issuerPoint, index)).toThrow(
      expect.objectContaining({ code: 'CREDENTIAL_REVOKED' }),
    );

    expect(
      problem(await s.send('POST', `/v1/credentials/${credential.id}/revoke`, s.keys.admin, { reason: 'again' })),
    ).toEqual({ status: 409, code: 'CREDENTIAL_ALREADY_REVOKED' });
    expect(
      problem(await s.send('POST', '/v1/credentials/cred_AAAAAAAAAAAAAAAA/revoke', s.keys.admin, { reason: 'x' })),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
    const events = (await s.send('GET', '/v1/admin/audit-events', s.keys.admin)).body.events;
    expect(events[0]).toMatchObject({
      actor: keyId(s.keys.issuer),
      action: 'credential.revoke',
      target: credential.id,
      details: { reason: 'evidence withdrawn', seq: after.seq },
    });
  });

  it('re-publishes a status snapshot older than 12 hours when it is read (heartbeat), never a younger one', async () => {
    const issuer = await s.createIssuer();
    const a = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status`)).body;
    s.clock.advance(12 * 3_600_000);
    expect((await s.send('GET', `/v1/issuers/${issuer.issuerId}/status`)).body.seq).toBe(a.seq);
    s.clock.advance(1_000);
    const b = (await s.send('GET', `/v1/issuers/${issuer.issuerId}/status`)).body;
    expect(b).toMatchObject({ seq: a.seq + 1, root: a.root, createdAt: new Date(s.clock.now()).toISOString() });
  });

  it('pages the audit trail newest first', async () => {
    const issuer = await s.createIssuer();
    for (let i = 0; i < 3; i++)
      await s.issue(issuer.issuerId, { subject: createHolder().subject, evidenceKind: 'manual', evidence: MANUAL });
    const p1 = (await s.send('GET', '/v1/admin/audit-events?limit=2', s.keys.admin)).body;
    expect(p1.events).toHaveLength(2);
    expect(p1.events[0].id).toBeGreaterThan(p1.events[1].id);
    expect(p1.nextBefore).toBe(p1.events[1].id);
    const p2 = (await s.send('GET', `/v1/admin/audit-events?limit=2&before=${p1.nextBefore}`, s.keys.admin)).body;
    expect(p2.events).toHaveLength(2);
    expect(p2.events[0].id).toBeLessThan(p1.events[1].id);
    const all = (await s.send('GET', '/v1/admin/audit-events?limit=500', s.keys.admin)).body;
    expect(all.nextBefore).toBeNull(); // fewer than 500 events: the last page
    expect(all.events.slice(0, 4).map((e: { id: number }) => e.id)).toEqual(
      [...p1.events, ...p2.events].map((e: { id: number }) => e.id),
    );
    expect(problem(await s.send('GET', '/v1/admin/audit-events?limit=501', s.keys.admin))).toEqual({
      status: 400,
      code: 'INPUT_INVALID',
    });
    expect(problem(await s.send('GET', '/v1/admin/audit-events?before=0', s.keys.admin))).toEqual({
      status: 400,
      code: 'INPUT_INVALID',
    });
  });
});

describe('vendor-JWS evidence (trust through the area services)', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await environment();
  });

  it('issues from a test vendor’s attestation whose audience is the issuer id, and refuses its replay', async () => {
    const vendor = await createTestVendor({ issuer: 'https://kyc.example' });
    const s = await setup({ kyc: { vendors: (issuerId) => [testVendorTrust(vendor, issuerId)] } }, env);
    const issuer = await s.createIssuer();
    const holder = createHolder();
    const token = await makeVendorAttestation(vendor, {
      subject: BigInt(holder.subject),
      audience: issuer.issuerId,
      country: 'FR',
      kycLevel: 2,
      investorClass: 'retail',
      tradeLimit: '50000',
      now: s.nowSeconds(),
    });
    const r = await s.issue(
      issuer.issuerId,
      { subject: holder.subject, evidenceKind: 'vendor-jws', evidence: token },
      s.keys.issuer,
    );
    expect(r.status).toBe(201);
    const credential = parseCredentialFile(r.body);
    expect(() => verifyCredentialFile(credential, BigInt(holder.subject))).not.toThrow();
    expect(credential).toMatchObject({
      evidenceKind: 'vendor-jws',
      attributes: { jurisdiction: 250, kycLevel: 2, investorClass: 'retail', tradeLimit: '50000' },
    });
    const events = (await s.send('GET', '/v1/admin/audit-events', s.keys.admin)).body.events;
    expect(events[0]).toMatchObject({
      actor: keyId(s.keys.issuer),
      action: 'credential.issue',
      target: credential.id,
      details: { evidenceKind: 'vendor-jws', evidenceDigest: sha256(token) },
    });
    const before = await s.dump();
    expect(
      problem(await s.issue(issuer.issuerId, { subject: holder.subject, evidenceKind: 'vendor-jws', evidence: token })),
    ).toEqual({ status: 409, code: 'EVIDENCE_REPLAYED' });
    expect(await s.dump()).toBe(before);
  });

  it('reads the vendor from the environment (VOUCH_KYC_VENDOR_JWKS + _ISSUER), with the issuer id as audience', async () => {
    const vendor = await createTestVendor({ issuer: 'https://env-vendor.example' });
    const file = join(mkdtempSync(join(tmpdir(), 'vouch-vendor-')), 'vendor.jwks.json');
    writeFileSync(file, JSON.stringify(vendor.jwks));
    const s = await setup(
      {
        env: {
          VOUCH_KYC_VENDOR_JWKS: file,
          VOUCH_KYC_VENDOR_ISSUER: vendor.issuer,
          VOUCH_KYC_VENDOR_AUDIENCE: 'ignored-by-the-service',
        },
      },
      env,
    );
    const issuer = await s.createIssuer();
    const other = await s.createIssuer();
    const holder = createHolder();
    const token = (aud: string) =>
      makeVendorAttestation(vendor, { subject: BigInt(holder.subject), audience: aud, now: s.nowSeconds() });
    const before = await s.dump();
    expect(
      problem(
        await s.issue(issuer.issuerId, {
          subject: holder.subject,
          evidenceKind: 'vendor-jws',
          evidence: await token(other.issuerId),
        }),
      ),
    ).toEqual({ status: 422, code: 'EVIDENCE_NOT_BOUND' });
    expect(
      problem(
        await s.issue(issuer.issuerId, {
          subject: holder.subject,
          evidenceKind: 'vendor-jws',
          evidence: await token('ignored-by-the-service'),
        }),
      ),
    ).toEqual({ status: 422, code: 'EVIDENCE_NOT_BOUND' });
    expect(await s.dump()).toBe(before);
    expect(
      (
        await s.issue(issuer.issuerId, {
          subject: holder.subject,
          evidenceKind: 'vendor-jws',
          evidence: await token(issuer.issuerId),
        })
      ).status,
    ).toBe(201);
  });

  it('refuses vendor and Aadhaar evidence with CONFIG_INVALID when not configured, or configured by halves', async () => {
    const vendor = await createTestVendor();
    const env0 = env;
    for (const env of [
      {},
      { VOUCH_KYC_VENDOR_JWKS: '/nonexistent/vendor.jwks.json' },
      { VOUCH_KYC_VENDOR_ISSUER: vendor.issuer },
    ]) {
      const s = await setup({ env }, env0);
      const issuer = await s.createIssuer();
      const holder = createHolder();
      const token = await makeVendorAttestation(vendor, {
        subject: BigInt(holder.subject),
        audience: issuer.issuerId,
        now: s.nowSeconds(),
      });
      const before = await s.dump();
      expect(
        problem(
          await s.issue(issuer.issuerId, { subject: holder.subject, evidenceKind: 'vendor-jws', evidence: token }),
        ),
      ).toEqual({ status: 400, code: 'CONFIG_INVALID' });
      expect(
        problem(
          await s.issue(issuer.issuerId, {
            subject: '1',
            evidenceKind: 'anon-aadhaar',
            evidence: fixtureText('proof-testkey-easxlit.json'),
          }),
        ),
      ).toEqual({ status: 400, code: 'CONFIG_INVALID' });
      expect(await s.dump()).toBe(before);
      // manual evidence does not depend on that configuration
      expect(
        (await s.issue(issuer.issuerId, { subject: holder.subject, evidenceKind: 'manual', evidence: MANUAL })).status,
      ).toBe(201);
    }
  });
});

describe('Anon Aadhaar evidence (a real proof made with the UIDAI test key)', () => {
  const fixture = JSON.parse(readFileSync(join(AADHAAR_DIR, 'proof-testkey-easxlit.json'), 'utf8')) as {
    anonAadhaarProof: any;
    publicSignals: string[];
  };
  const [, , timestamp, , , , , seed] = fixture.publicSignals;
  const proof = JSON.stringify(fixture.anonAadhaarProof);
  const kyc: KycTrust = {
    anonAadhaar: { trustedPubkeyHashes: [uidaiPubkeyHash(fixtureText('testPublicKey.pem'))], maxAgeSeconds: 86_400 },
  };

  it('issues to the holder the proof is bound to (signal 1) at the issuer whose app id is its seed; refuses it again and tampered', async () => {
    const s = await setup({ kyc });
    s.clock.ms = (Number(timestamp) + 3600) * 1000;
    const issuer = await s.createIssuer(seed);
    const r = await s.issue(issuer.issuerId, { subject: '1', evidenceKind: 'anon-aadhaar', evidence: proof });
    expect(r.status).toBe(201);
    const credential = parseCredentialFile(r.body);
    expect(() => verifyCredentialFile(credential, 1n)).not.toThrow();
    expect(credential).toMatchObject({ evidenceKind: 'anon-aadhaar', attributes: { kycLevel: 1, jurisdiction: 356 } });
    const before = await s.dump();
    expect(
      problem(await s.issue(issuer.issuerId, { subject: '1', evidenceKind: 'anon-aadhaar', evidence: proof })),
    ).toEqual({ status: 409, code: 'EVIDENCE_REPLAYED' });
    const tampered = structuredClone(fixture.anonAadhaarProof);
    tampered.groth16Proof.pi_a[0] = (BigInt(tampered.groth16Proof.pi_a[0]) + 1n).toString();
    expect(
      problem(
        await s.issue(issuer.issuerId, {
          subject: '1',
          evidenceKind: 'anon-aadhaar',
          evidence: JSON.stringify(tampered),
        }),
      ),
    ).toEqual({ status: 422, code: 'EVIDENCE_SIGNATURE_INVALID' });
    expect(await s.dump()).toBe(before);
  });
});

describe('every refused issuance answers its code and leaves the database unchanged', () => {
  type Ctx = {
    issuerId: string;
    otherIssuerId: string;
    subject: string;
    vendor: TestVendor;
    forger: TestVendor;
    stranger: TestVendor;
    now: number;
    usedToken: string;
  };
  let s: Awaited<ReturnType<typeof setup>>;
  let ctx: Ctx;
  const aadhaar = JSON.parse(readFileSync(join(AADHAAR_DIR, 'proof-testkey-easxlit.json'), 'utf8')) as {
    anonAadhaarProof: unknown;
    publicSignals: string[];
  };
  const prodProof = JSON.parse(readFileSync(join(AADHAAR_DIR, 'proof-prodkey-decentrasocial-signup.json'), 'utf8')) as {
    anonAadhaarProof: unknown;
  };

  beforeAll(async () => {
    const vendor = await createTestVendor({ issuer: 'https://kyc.example', kid: 'v1' });
    const forger = await createTestVendor({ issuer: 'https://kyc.example', kid: 'v1' }); // same iss and kid, other key
    const stranger = await createTestVendor({ issuer: 'https://untrusted.example', kid: 'v1' });
    s = await setup({
      kyc: {
        vendors: (issuerId) => [testVendorTrust(vendor, issuerId)],
        anonAadhaar: {
          trustedPubkeyHashes: [uidaiPubkeyHash(fixtureText('testPublicKey.pem'))],
          maxAgeSeconds: 86_400,
        },
      },
    });
    const issuer = await s.createIssuer(aadhaar.publicSignals[7]);
    const other = await s.createIssuer();
    const subject = createHolder().subject;
    const now = s.nowSeconds();
    // already used: one manual approval for this holder, one vendor token
    expect((await s.issue(issuer.issuerId, { subject, evidenceKind: 'manual', evidence: MANUAL })).status).toBe(201);
    const usedToken = await makeVendorAttestation(vendor, { subject: BigInt(subject), audience: issuer.issuerId, now });
    expect((await s.issue(issuer.issuerId, { subject, evidenceKind: 'vendor-jws', evidence: usedToken })).status).toBe(
      201,
    );
    ctx = {
      issuerId: issuer.issuerId,
      otherIssuerId: other.issuerId,
      subject,
      vendor,
      forger,
      stranger,
      now,
      usedToken,
    };
  });

  const vendorJws = (c: Ctx, token: Promise<string> | string) => async () => ({
    subject: c.subject,
    evidenceKind: 'vendor-jws',
    evidence: await token,
  });
  const token = (c: Ctx, v: TestVendor, extra: Partial<Parameters<typeof makeVendorAttestation>[1]> = {}) =>
    makeVendorAttestation(v, { subject: BigInt(c.subject), audience: c.issuerId, now: c.now, ...extra });
  const cases: [string, number, string, (c: Ctx) => () => Promise<Record<string, unknown>>, ((c: Ctx) => string)?][] = [
    [
      'manual attributes out of range',
      400,
      'EVIDENCE_MALFORMED',
      (c) => async () => ({ subject: c.subject, evidenceKind: 'manual', evidence: '{"kycLevel": 9}' }),
    ],
    [
      'manual attributes with a personal-data field',
      400,
      'EVIDENCE_MALFORMED',
      (c) => async () => ({
        subject: c.subject,
        evidenceKind: 'manual',
        evidence: JSON.stringify({ ...JSON.parse(MANUAL), name: 'Alice' }),
      }),
    ],
    [
      'manual evidence that is not JSON',
      400,
      'EVIDENCE_MALFORMED',
      (c) => async () => ({ subject: c.subject, evidenceKind: 'manual', evidence: 'kycLevel=3' }),
    ],
    [
      'the same manual approval again for the same holder',
      409,
      'EVIDENCE_REPLAYED',
      (c) => async () => ({ subject: c.subject, evidenceKind: 'manual', evidence: MANUAL }),
    ],
    ['a vendor token that is not a compact JWS', 400, 'EVIDENCE_MALFORMED', (c) => vendorJws(c, 'not.a-jws')],
    [
      'a vendor token with a forged signature',
      422,
      'EVIDENCE_SIGNATURE_INVALID',
      (c) => vendorJws(c, token(c, c.forger)),
    ],
    ['a vendor token from an untrusted vendor', 422, 'ISSUER_KEY_UNTRUSTED', (c) => vendorJws(c, token(c, c.stranger))],
    [
      'a vendor token naming an unknown key',
      422,
      'ISSUER_KEY_UNTRUSTED',
      (c) => vendorJws(c, token(c, c.vendor, { header: { kid: 'v2' } })),
    ],
    [
      'a vendor token minted for another issuer (aud)',
      422,
      'EVIDENCE_NOT_BOUND',
      (c) => vendorJws(c, token(c, c.vendor, { audience: c.otherIssuerId })),
    ],
    [
      'a vendor token for another holder (sub)',
      422,
      'EVIDENCE_NOT_BOUND',
      (c) => vendorJws(c, token(c, c.vendor, { subject: 42n })),
    ],
    ['an expired vendor token', 422, 'EVIDENCE_STALE', (c) => vendorJws(c, token(c, c.vendor, { now: c.now - 7200 }))],
    [
      'a vendor token dated in the future',
      422,
      'EVIDENCE_NOT_YET_VALID',
      (c) => vendorJws(c, token(c, c.vendor, { now: c.now + 3600 })),
    ],
    ['a vendor token already redeemed', 409, 'EVIDENCE_REPLAYED', (c) => vendorJws(c, c.usedToken)],
    [
      'an Aadhaar proof that is not a proof',
      400,
      'EVIDENCE_MALFORMED',
      () => async () => ({ subject: '1', evidenceKind: 'anon-aadhaar', evidence: '{}' }),
    ],
    [
      'an Aadhaar proof bound to another holder (signal)',
      422,
      'EVIDENCE_NOT_BOUND',
      () => async () => ({
        subject: '2',
        evidenceKind: 'anon-aadhaar',
        evidence: JSON.stringify(aadhaar.anonAadhaarProof),
      }),
    ],
    [
      'an Aadhaar proof made for another app id (seed)',
      422,
      'EVIDENCE_SEED_MISMATCH',
      () => async () => ({
        subject: '1',
        evidenceKind: 'anon-aadhaar',
        evidence: JSON.stringify(aadhaar.anonAadhaarProof),
      }),
      (c) => c.otherIssuerId,
    ],
    [
      'an Aadhaar proof signed by an untrusted UIDAI key',
      422,
      'ISSUER_KEY_UNTRUSTED',
      () => async () => ({
        subject: '1',
        evidenceKind: 'anon-aadhaar',
        evidence: JSON.stringify(prodProof.anonAadhaarProof),
      }),
    ],
    [
      'an Aadhaar proof whose QR is older than the maximum age',
      422,
      'EVIDENCE_STALE',
      () => async () => ({
        subject: '1',
        evidenceKind: 'anon-aadhaar',
        evidence: JSON.stringify(aadhaar.anonAadhaarProof),
      }),
    ],
    [
      'an unknown evidence kind',
      400,
      'INPUT_INVALID',
      (c) => async () => ({ subject: c.subject, evidenceKind: 'passport', evidence: '{}' }),
    ],
    [
      'a subject that is not a field element',
      400,
      'INPUT_INVALID',
      () => async () => ({ subject: FIELD_MODULUS.toString(), evidenceKind: 'manual', evidence: MANUAL }),
    ],
    [
      'a validity below a minute',
      400,
      'INPUT_INVALID',
      (c) => async () => ({ subject: c.subject, evidenceKind: 'manual', evidence: MANUAL, validitySeconds: 59 }),
    ],
    [
      'evidence longer than 64 KiB',
      400,
      'INPUT_INVALID',
      (c) => async () => ({ subject: c.subject, evidenceKind: 'manual', evidence: 'x'.repeat(65_537) }),
    ],
    [
      'a body over the 256 KiB limit',
      413,
      'INPUT_TOO_LARGE',
      (c) => async () => ({ subject: c.subject, evidenceKind: 'manual', evidence: MANUAL, pad: 'x'.repeat(300_000) }),
    ],
  ];

  it.each(cases)('%s → %i %s', async (_name, status, code, body, at) => {
    const payload = await body(ctx)();
    const before = await s.dump();
    expect(problem(await s.issue(at ? at(ctx) : ctx.issuerId, payload))).toEqual({ status, code });
    expect(await s.dump()).toBe(before);
  });

  it('counts refusals by code in /metrics', async () => {
    const text = (await s.send('GET', '/metrics')).body as string;
    expect(text).toContain(
      'vouch_credential_issuances_total{evidence_kind="vendor-jws",outcome="EVIDENCE_SIGNATURE_INVALID"} 1',
    );
    expect(text).toContain(
      'vouch_credential_issuances_total{evidence_kind="anon-aadhaar",outcome="EVIDENCE_SEED_MISMATCH"} 1',
    );
  });
});
