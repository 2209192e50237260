/**
 * The hook over HTTP with a real proof: a venue admits a compliant trade once (also under 16
 * parallel identical submissions), a regulator verifies statelessly, policies are listed and added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHolder, createIssuer, issueCredential, parseHolderFile } from '../../src/credentials/index.js';
import { domain } from '../../src/api/services/domain.js';
import { venueServices } from '../../src/api/services/venue.js';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';
import { catalogueMembers } from './support/issuer-sets.js';

let t: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
let trade: Record<string, unknown>;
let proof: ProofFile;

beforeAll(async () => {
  t = await makeTestApp();
  keys = await keysFor(t.db, 'venue-one');
  const deps = t.deps as ResolvedDeps;
  const now = Math.floor(t.clock.now() / 1000);
  const d = domain(deps);
  const { issuerId } = await createIssuer(d.issuer, { tenant: 'kyc', name: 'Acme KYC' });
  const h = createHolder();
  const credential = await issueCredential(d.issuer, {
    issuerId,
    actor: 'ops',
    subject: BigInt(h.subject),
    evidenceKind: 'manual',
    evidence: JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'AT',
      investorClass: 'retail',
      ageOver18: true,
      tradeLimit: '100000',
      sanctionsScreenedAt: now - 86_400,
    }),
  });
  const policy = (await venueServices(deps).book.enforced('venue-one')).find((p) => p.id === 'eu-mica-retail-spot')!;
  trade = {
    venue: 'venue-one',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.1',
    price: '60000',
    nonce: '0123456789abcdef',
    time: now,
  };
  const members = await catalogueMembers(t, keys.operator, 'eu-kyc-issuers', issuerId);
  proof = await proveTrade({ holder: parseHolderFile(h), credential, policy, members, trade });
});
afterAll(releaseCurves);

const post = (path: string, key: string, body: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('trades over HTTP', () => {
  it('lets a regulator verify a proof statelessly, any number of times', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await post('/v1/verify', keys.auditor, { trade, proof });
      expect(r.status).toBe(200);
      expect(await json(r)).toMatchObject({ allowed: true });
    }
  });

  it('admits exactly one of 16 parallel identical submissions, and refuses the rest as replays', async () => {
    const rs = await Promise.all(Array.from({ length: 16 }, () => post('/v1/trades', keys.venue, { trade, proof })));
    const ds = await Promise.all(rs.map((r) => json(r)));
    expect(rs.every((r) => r.status === 200)).toBe(true);
    expect(ds.filter((d) => d.allowed)).toHaveLength(1);
    expect(ds.filter((d) => d.code === 'NULLIFIER_REPLAYED')).toHaveLength(15);
    expect(ds.every((d) => typeof d.receipt === 'string')).toBe(true);
  });

  it('refuses a trade for another venue than the calling key’s (TRADE_MISMATCH)', async () => {
    const other = await keysFor(t.db, 'venue-two');
    const d = await json(await post('/v1/trades', other.venue, { trade, proof }));
    expect(d).toMatchObject({ allowed: false, code: 'TRADE_MISMATCH' });
  });

  it('lists and explains policies to every role; an admin adds one to its tenant, and a version is immutable', async () => {
    const list = await json(await t.app.request('/v1/policies', { headers: bearer(keys.institution) }));
    expect(list.policies.map((p: { ref: string }) => p.ref)).toContain('eu-mica-retail-spot@1.0.0');
    const doc = {
      id: 'adults',
      version: '1.0.0',
      title: 'Adults',
      description: 'Adults only.',
      predicates: [{ attribute: 'ageOver18', operator: 'eq', value: true }],
      issuerSet: 'default',
      freshness: { maxClockSkewSeconds: 30 },
      nullifierScope: { mode: 'per-trade' },
      session: { allowed: false },
    };
    expect((await post('/v1/policies', keys.admin, doc)).status).toBe(201);
    expect((await post('/v1/policies', keys.admin, doc)).status).toBe(409);
    const bad = await post('/v1/policies', keys.admin, {
      ...doc,
      version: '2.0.0',
      predicates: [{ attribute: 'nope', operator: 'eq', value: 1 }],
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe('POLICY_UNKNOWN_ATTRIBUTE');
    const one = await json(await t.app.request('/v1/policies/adults@1.0.0', { headers: bearer(keys.auditor) }));
    expect(one.explanation).toMatch(/18/);
  });
});
