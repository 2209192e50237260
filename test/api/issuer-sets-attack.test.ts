/**
 * Issue 19, findings 4 and 5, reproduced over HTTP with real proofs.
 * 4: an issuer created by another tenant's admin, issuing through manual review, satisfied a
 *    policy whose issuer set is eu-kyc-issuers. Now its proof is made against its own set's root,
 *    which is not eu-kyc-issuers': refused ISSUER_SET_UNKNOWN.
 * 5: after one ISSUER_SET_FULL the root froze and revoked credentials kept working. Now the 65th
 *    key is refused without touching the set, a revocation publishes a new root at once, and the
 *    revoked credential's proof is refused once the old root's grace is over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import {
  createHolder,
  createIssuer,
  loadRegistryFile,
  parseCredentialFile,
  parseHolderFile,
  type CredentialFile,
} from '../../src/credentials/index.js';
import { compilePolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { proveTrade } from '../../src/prover/index.js';
import { ISSUER_SET_CAPACITY, releaseCurves } from '../../src/zk/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';

type Keys = Awaited<ReturnType<typeof keysFor>>;
let t: TestApp;
let venue: Keys;
let kyc: Keys;
let mallory: Keys;
let operator: string;
let mica: CompiledPolicy;
let kycIssuer: string;

const send = async (method: string, path: string, key?: string, body?: unknown) => {
  const res = await t.app.request(path, {
    method,
    headers: { ...(key ? bearer(key) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await json(res) };
};
const nowSeconds = () => Math.floor(t.clock.now() / 1000);
const EU_ADULT = () =>
  JSON.stringify({
    kycLevel: 2,
    jurisdiction: 'AT',
    investorClass: 'retail',
    ageOver18: true,
    tradeLimit: '100000',
    sanctionsScreenedAt: nowSeconds() - 86_400,
  });
let n = 0;
const trade = () => {
  n += 1;
  return {
    venue: 'example-venue',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.1',
    price: '60000',
    nonce: `5e75${n.toString(16).padStart(12, '0')}`,
    time: nowSeconds(),
  };
};
async function holderOf(
  issuerId: string,
  key: string,
): Promise<{ holder: ReturnType<typeof parseHolderFile>; credential: CredentialFile }> {
  const h = createHolder();
  const r = await send('POST', `/v1/issuers/${issuerId}/credentials`, key, {
    subject: h.subject,
    evidenceKind: 'manual',
    evidence: EU_ADULT(),
  });
  expect(r.status).toBe(201);
  return { holder: parseHolderFile(h), credential: parseCredentialFile(r.body) };
}
const members = async (file: unknown, set: string) =>
  (await loadRegistryFile(file, { clock: nowSeconds, set })).members;

beforeAll(async () => {
  t = await makeTestApp();
  venue = await keysFor(t.db, 'example-venue');
  kyc = await keysFor(t.db, 'kyc');
  mallory = await keysFor(t.db, 'mallory');
  operator = (await keysFor(t.db, 'ops')).operator;
  mica = compilePolicy((await send('GET', '/v1/policies/eu-mica-retail-spot@1.0.0', venue.venue)).body.document);
  kycIssuer = (await send('POST', '/v1/issuers', kyc.admin, { name: 'EU KYC' })).body.issuerId;
  expect((await send('POST', '/v1/issuer-sets/eu-kyc-issuers/members', operator, { issuerId: kycIssuer })).status).toBe(
    200,
  );
}, 120_000);
afterAll(releaseCurves);

describe("another tenant's manual-review issuer", () => {
  it('cannot satisfy a policy whose issuer set is eu-kyc-issuers', async () => {
    const issuerId = (await send('POST', '/v1/issuers', mallory.admin, { name: 'Mallory KYC' })).body.issuerId;
    // mallory cannot put it into eu-kyc-issuers...
    expect((await send('POST', '/v1/issuer-sets/eu-kyc-issuers/members', mallory.admin, { issuerId })).body.code).toBe(
      'ISSUER_SET_FORBIDDEN',
    );
    // ...so the best it can do is prove against a set it owns: a root the venue does not take for this policy
    await send('POST', '/v1/issuer-sets', mallory.admin, { name: 'mallory-kyc' });
    await send('POST', '/v1/issuer-sets/mallory-kyc/members', mallory.admin, { issuerId });
    const sybil = await holderOf(issuerId, mallory.institution);
    const tr = trade();
    const proof = await proveTrade({
      ...sybil,
      policy: mica,
      members: await members((await send('GET', '/v1/registry')).body, 'mallory-kyc'),
      trade: tr,
    });
    const d = await send('POST', '/v1/trades', venue.venue, { trade: tr, proof });
    expect(d.body).toMatchObject({ allowed: false, code: 'ISSUER_SET_UNKNOWN' });
  }, 120_000);
});

describe('a full eu-kyc-issuers set', () => {
  it(`refuses the ${ISSUER_SET_CAPACITY + 1}th key, and a revocation still bites`, async () => {
    const ctx = domain(t.deps as ResolvedDeps).issuer;
    for (let i = 1; i < ISSUER_SET_CAPACITY; i++) {
      const { issuerId } = await createIssuer(ctx, { tenant: 'kyc', name: `EU KYC ${i}` });
      expect((await send('POST', '/v1/issuer-sets/eu-kyc-issuers/members', operator, { issuerId })).status).toBe(200);
    }
    const newcomer = (await createIssuer(ctx, { tenant: 'kyc', name: 'One too many' })).issuerId;
    const full = await send('POST', '/v1/issuer-sets/eu-kyc-issuers/members', operator, { issuerId: newcomer });
    expect([full.status, full.body.code]).toEqual([409, 'ISSUER_SET_FULL']);

    const alice = await holderOf(kycIssuer, kyc.issuer);
    const bob = await holderOf(kycIssuer, kyc.issuer);
    const before = (await send('GET', '/v1/registry')).body;
    const t1 = trade();
    const p1 = await proveTrade({
      ...alice,
      policy: mica,
      members: await members(before, 'eu-kyc-issuers'),
      trade: t1,
    });
    expect((await send('POST', '/v1/trades', venue.venue, { trade: t1, proof: p1 })).body).toMatchObject({
      allowed: true,
    });

    // revoke: the new status root is published in the set's root at once
    expect(
      (await send('POST', `/v1/credentials/${alice.credential.id}/revoke`, kyc.issuer, { reason: 'stolen document' }))
        .status,
    ).toBe(200);
    const after = (await send('GET', '/v1/registry')).body;
    const root = (f: { sets: { name: string; issuerSetRoot: string }[] }) =>
      f.sets.find((s) => s.name === 'eu-kyc-issuers')!.issuerSetRoot;
    expect(root(after)).not.toBe(root(before));
    await expect(
      proveTrade({ ...alice, policy: mica, members: await members(after, 'eu-kyc-issuers'), trade: trade() }),
    ).rejects.toMatchObject({ code: 'CREDENTIAL_REVOKED' });

    // once the old root's grace is over, a proof against it (the revoked credential's only way) is refused
    const live = (await domain(t.deps as ResolvedDeps).registries()).bySet['eu-kyc-issuers']!;
    t.clock.advance((live.rootGraceSeconds + 1) * 1000);
    const t2 = trade();
    const stale = await proveTrade({
      ...alice,
      policy: mica,
      members: await members(before, 'eu-kyc-issuers'),
      trade: t2,
    });
    expect((await send('POST', '/v1/trades', venue.venue, { trade: t2, proof: stale })).body).toMatchObject({
      allowed: false,
      code: 'ISSUER_SET_STALE',
    });
    // and the set is not frozen: an unrevoked holder proves against the new root and is admitted
    const t3 = trade();
    const fresh = await proveTrade({
      ...bob,
      policy: mica,
      members: await members((await send('GET', '/v1/registry')).body, 'eu-kyc-issuers'),
      trade: t3,
    });
    expect((await send('POST', '/v1/trades', venue.venue, { trade: t3, proof: fresh })).body).toMatchObject({
      allowed: true,
    });
  }, 600_000);
});
