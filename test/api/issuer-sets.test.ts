/**
 * Issue 19, findings 4 and 5, over HTTP without proofs (the proof-carrying attacks are in
 * issuer-sets-attack.test.ts): issuer sets are named and owned, an issuer joins a set only by its
 * owner's action, and a full set refuses the newcomer atomically — its root keeps moving with
 * revocations and /v1/registry always serves a file holders can load.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import {
  createHolder,
  createIssuer,
  IssuerRegistry,
  loadRegistryFile,
  localRegistry,
  parseCredentialFile,
  publishStatusSnapshot,
  revokeCredential,
  rotateIssuerKey,
  witnessFor,
} from '../../src/credentials/index.js';
import { ISSUER_SET_CAPACITY } from '../../src/zk/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';

const MANUAL = JSON.stringify({
  kycLevel: 2,
  jurisdiction: 'DE',
  investorClass: 'retail',
  ageOver18: true,
  tradeLimit: '1000',
});
type Keys = Awaited<ReturnType<typeof keysFor>>;

let t: TestApp;
let kyc: Keys;
let mallory: Keys;
let operator: string;
const send = async (method: string, path: string, key?: string, body?: unknown) => {
  const res = await t.app.request(path, {
    method,
    headers: { ...(key ? bearer(key) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await json(res) };
};
const problem = (r: { status: number; body: { code?: string } }) => ({ status: r.status, code: r.body.code });
const nowSeconds = () => Math.floor(t.clock.now() / 1000);
const registryFile = async () => (await send('GET', '/v1/registry')).body;
const setOf = (file: { sets: { name: string }[] }, name: string) =>
  file.sets.find((s) => s.name === name) as
    { name: string; owner: string; issuerSetRoot: string; issuers: string[] } | undefined;

beforeAll(async () => {
  t = await makeTestApp();
  kyc = await keysFor(t.db, 'kyc');
  mallory = await keysFor(t.db, 'mallory');
  operator = (await keysFor(t.db, 'ops')).operator;
}, 120_000);

describe('issuer sets are named and owned', () => {
  it('gives the catalogue the sets its policies name, before any tenant can claim one', async () => {
    const list = (await send('GET', '/v1/issuer-sets', mallory.auditor)).body.sets as { name: string; owner: string }[];
    for (const name of ['eu-kyc-issuers', 'global-kyc-issuers', 'in-anon-aadhaar-issuers'])
      expect(list).toContainEqual(expect.objectContaining({ name, owner: 'catalogue' }));
    expect(problem(await send('POST', '/v1/issuer-sets', mallory.admin, { name: 'eu-kyc-issuers' }))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it("never lets another tenant's manual-review issuer into eu-kyc-issuers: only the set's owner admits issuers", async () => {
    const issuer = (await send('POST', '/v1/issuers', mallory.admin, { name: 'Mallory KYC' })).body;
    const credential = await send('POST', `/v1/issuers/${issuer.issuerId}/credentials`, mallory.institution, {
      subject: createHolder().subject,
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    expect(credential.status).toBe(201);
    const before = await registryFile();
    expect(
      problem(
        await send('POST', '/v1/issuer-sets/eu-kyc-issuers/members', mallory.admin, { issuerId: issuer.issuerId }),
      ),
    ).toEqual({ status: 403, code: 'ISSUER_SET_FORBIDDEN' });
    expect(setOf(await registryFile(), 'eu-kyc-issuers')).toEqual(setOf(before, 'eu-kyc-issuers'));
    expect(setOf(await registryFile(), 'eu-kyc-issuers')!.issuers).not.toContain(issuer.issuerId);
    // a holder of mallory's credential cannot even build a witness against the set
    const eu = await loadRegistryFile(await registryFile(), { clock: nowSeconds, set: 'eu-kyc-issuers' });
    const cred = parseCredentialFile(credential.body);
    expect(() =>
      witnessFor(
        eu.members,
        { x: BigInt(cred.issuer.publicKey.x), y: BigInt(cred.issuer.publicKey.y) },
        cred.credentialIndex,
      ),
    ).toThrow(expect.objectContaining({ code: 'ISSUER_NOT_IN_SET' }));
    // mallory's own set is mallory's: it admits its issuer there, and its policies may name it
    expect((await send('POST', '/v1/issuer-sets', mallory.admin, { name: 'mallory-kyc' })).body.owner).toBe('mallory');
    expect(
      (await send('POST', '/v1/issuer-sets/mallory-kyc/members', mallory.admin, { issuerId: issuer.issuerId })).body
        .issuers,
    ).toEqual([issuer.issuerId]);
    expect(setOf(await registryFile(), 'mallory-kyc')).toMatchObject({ owner: 'mallory', issuers: [issuer.issuerId] });
    // but the operator cannot change mallory's set, nor another tenant name it in a policy
    expect(problem(await send('DELETE', `/v1/issuer-sets/mallory-kyc/members/${issuer.issuerId}`, operator))).toEqual({
      status: 403,
      code: 'ISSUER_SET_FORBIDDEN',
    });
    const doc = {
      id: 'borrowed',
      version: '1.0.0',
      title: 'Borrowed',
      description: 'Names a set it does not own.',
      predicates: [],
      issuerSet: 'mallory-kyc',
      freshness: { maxClockSkewSeconds: 60 },
      nullifierScope: { mode: 'per-trade' },
      session: { allowed: false },
    };
    expect(problem(await send('POST', '/v1/policies', kyc.admin, doc))).toEqual({
      status: 403,
      code: 'ISSUER_SET_FORBIDDEN',
    });
    expect(problem(await send('POST', '/v1/policies', operator, doc))).toEqual({
      status: 403,
      code: 'ISSUER_SET_FORBIDDEN',
    });
    expect((await send('POST', '/v1/policies', mallory.admin, doc)).status).toBe(201);
  });

  it('lets the operator admit any tenant’s issuer to a catalogue set, and remove it', async () => {
    const issuer = (await send('POST', '/v1/issuers', kyc.admin, { name: 'Global KYC' })).body;
    const added = await send('POST', '/v1/issuer-sets/global-kyc-issuers/members', operator, {
      issuerId: issuer.issuerId,
    });
    expect(added.body).toMatchObject({
      name: 'global-kyc-issuers',
      owner: 'catalogue',
      keys: 1,
      issuers: [issuer.issuerId],
    });
    expect(setOf(await registryFile(), 'global-kyc-issuers')!.issuers).toEqual([issuer.issuerId]);
    const removed = await send('DELETE', `/v1/issuer-sets/global-kyc-issuers/members/${issuer.issuerId}`, operator);
    expect(removed.body.issuers).toEqual([]);
    expect(setOf(await registryFile(), 'global-kyc-issuers')!.issuers).toEqual([]);
    expect(
      problem(await send('POST', '/v1/issuer-sets/no-such-set/members', operator, { issuerId: issuer.issuerId })),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('a full issuer set', () => {
  it(`refuses the ${ISSUER_SET_CAPACITY + 1}th key atomically, keeps a loadable registry, and still publishes revocations`, async () => {
    const ctx = domain(t.deps as ResolvedDeps).issuer;
    const ids: string[] = [];
    for (let i = 0; i < ISSUER_SET_CAPACITY; i++)
      ids.push((await createIssuer(ctx, { tenant: 'kyc', name: `KYC ${i}` })).issuerId);
    for (const issuerId of ids)
      expect((await send('POST', '/v1/issuer-sets/eu-kyc-issuers/members', operator, { issuerId })).status).toBe(200);
    const full = await registryFile();
    expect(setOf(full, 'eu-kyc-issuers')!.issuers).toHaveLength(ISSUER_SET_CAPACITY);

    // the 65th: refused with its code, nothing stored, the root and the file unchanged
    const newcomer = await createIssuer(ctx, { tenant: 'kyc', name: 'One too many' }); // (the API's issuer quota is not what is tested)
    const refused = await send('POST', '/v1/issuer-sets/eu-kyc-issuers/members', operator, {
      issuerId: newcomer.issuerId,
    });
    expect(problem(refused)).toEqual({ status: 409, code: 'ISSUER_SET_FULL' });
    expect((await send('GET', '/v1/issuer-sets/eu-kyc-issuers', kyc.auditor)).body.keys).toBe(ISSUER_SET_CAPACITY);
    const after = await registryFile();
    expect(setOf(after, 'eu-kyc-issuers')).toEqual(setOf(full, 'eu-kyc-issuers'));
    // a member rotating its credential key with overlap would also overflow: refused the same way
    expect(
      problem(
        await send('POST', `/v1/issuers/${ids[0]}/keys/rotate`, kyc.admin, { kind: 'babyjub', overlapSeconds: 3600 }),
      ),
    ).toEqual({ status: 409, code: 'ISSUER_SET_FULL' });
    await expect(rotateIssuerKey(ctx, ids[0]!, 'babyjub', 60)).rejects.toMatchObject({ code: 'ISSUER_SET_FULL' });

    // revocation never freezes: a member revokes, the set's root moves and the file loads
    const holder = createHolder();
    const issued = await send('POST', `/v1/issuers/${ids[5]}/credentials`, kyc.issuer, {
      subject: holder.subject,
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    const cred = parseCredentialFile(issued.body);
    const beforeRevocation = await loadRegistryFile(await registryFile(), { clock: nowSeconds, set: 'eu-kyc-issuers' });
    const key = { x: BigInt(cred.issuer.publicKey.x), y: BigInt(cred.issuer.publicKey.y) };
    expect(witnessFor(beforeRevocation.members, key, cred.credentialIndex).setRoot).toBe(beforeRevocation.root);
    expect((await send('POST', `/v1/credentials/${cred.id}/revoke`, kyc.issuer, { reason: 'test' })).status).toBe(200);
    const revokedFile = await registryFile();
    const reloaded = await loadRegistryFile(revokedFile, { clock: nowSeconds, set: 'eu-kyc-issuers' });
    expect(reloaded.root).not.toBe(beforeRevocation.root);
    expect(setOf(revokedFile, 'eu-kyc-issuers')!.issuerSetRoot).toBe(reloaded.root.toString());
    expect(() => witnessFor(reloaded.members, key, cred.credentialIndex)).toThrow(
      expect.objectContaining({ code: 'CREDENTIAL_REVOKED' }),
    );
    // (that a proof against the old root is refused once its grace is over: issuer-sets-attack.test.ts)
  }, 300_000);
});

describe('IssuerRegistry', () => {
  it('refuses a snapshot that would overflow the set without touching its state, and keeps accepting the others', async () => {
    const ctx = domain(t.deps as ResolvedDeps).issuer;
    const a = (await createIssuer(ctx, { tenant: 'unit', name: 'A' })).issuerId;
    const b = (await createIssuer(ctx, { tenant: 'unit', name: 'B' })).issuerId;
    const { registry: all } = await localRegistry(ctx, { issuerIds: [a, b] });
    const trusted = all.trustedIssuers();
    const reg = new IssuerRegistry({ trusted, clock: ctx.clock });
    for (const s of all.snapshots()) await reg.accept(s);
    // fill: a gets 63 overlapping credential keys (rotation outside any set has no capacity check)
    for (let i = 0; i < ISSUER_SET_CAPACITY - 1; i++) await rotateIssuerKey(ctx, a, 'babyjub', 86_400);
    const root = reg.root;
    await expect(reg.accept((await publishStatusSnapshot(ctx, a)).jws)).rejects.toMatchObject({
      code: 'ISSUER_SET_FULL',
    });
    expect(reg.root).toBe(root);
    expect(reg.members).toHaveLength(2);
    // b's revocation still moves the root
    const holder = createHolder();
    const { issueCredential } = await import('../../src/credentials/index.js');
    const c = await issueCredential(ctx, {
      issuerId: b,
      actor: 'ops',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    await revokeCredential(ctx, { credentialId: c.id, reason: 'test', actor: 'ops' });
    const { latestSnapshot } = await import('../../src/credentials/index.js');
    expect(await reg.accept((await latestSnapshot(ctx, b))!.jws)).toBe(true);
    expect(reg.root).not.toBe(root);
  });
});
