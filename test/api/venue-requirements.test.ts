/**
 * Issue 19 finding 2 (the prover picks the policy — downgrade), reproduced over HTTP with real
 * proofs: a US minor with KYC level 1 cannot prove under EU MiCA but can under the FATF baseline;
 * a venue whose configuration requires MiCA for BTC-EUR refuses the FATF proof with
 * POLICY_NOT_REQUIRED, and the signed receipt names the policy required and the one proved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { venueServices } from '../../src/api/services/venue.js';
import {
  addIssuerToSet,
  createHolder,
  createIssuer,
  issueCredential,
  parseHolderFile,
  type CredentialFile,
  type RegistryMember,
} from '../../src/credentials/index.js';
import { CATALOGUE_OWNER } from '../../src/db/schema.js';
import { isVouchError } from '../../src/errors/index.js';
import { verifyReceipt } from '../../src/hook/index.js';
import type { CompiledPolicy } from '../../src/policy/index.js';
import { proveTrade } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';

const MICA = 'eu-mica-retail-spot@1.0.0';
const FATF = 'fatf-high-risk-exclusion@2025.10.24';

let t: TestApp;
let minor: { holder: ReturnType<typeof parseHolderFile>; credential: CredentialFile };
let members: readonly RegistryMember[];
let mica: CompiledPolicy;
let fatf: CompiledPolicy;
let now: number;

beforeAll(async () => {
  t = await makeTestApp({
    config: {
      hook: {
        venues: {
          'venue-one': [
            { market: 'BTC-EUR', policies: [MICA] },
            { market: '*-EUR', policies: [MICA] },
          ],
          'venue-two': [{ market: '*', policies: [FATF, MICA] }],
        },
      },
    },
  });
  const deps = t.deps as ResolvedDeps;
  now = Math.floor(t.clock.now() / 1000);
  const d = domain(deps);
  const { issuerId } = await createIssuer(d.issuer, { tenant: 'kyc', name: 'Acme KYC' });
  const h = createHolder();
  const credential = await issueCredential(d.issuer, {
    issuerId,
    actor: 'ops',
    subject: BigInt(h.subject),
    evidenceKind: 'manual',
    evidence: JSON.stringify({
      kycLevel: 1,
      jurisdiction: 'US',
      investorClass: 'retail',
      ageOver18: false,
      tradeLimit: '100000',
      sanctionsScreenedAt: now - 86_400,
    }),
  });
  minor = { holder: parseHolderFile(h), credential };
  const policies = (await venueServices(deps).book.visible(undefined)).map((o) => o.policy);
  mica = policies.find((p) => p.ref === MICA)!;
  fatf = policies.find((p) => p.ref === FATF)!;
  // the issuer is the only member of both catalogue sets (MiCA's and FATF's): the two roots are equal
  await d.catalogueReady();
  for (const set of [mica.issuerSet, fatf.issuerSet])
    await addIssuerToSet(d.issuer, { set, issuerId, owner: CATALOGUE_OWNER, actor: 'test' });
  members = (await d.registries(0)).bySet[mica.issuerSet]!.members;
});
afterAll(releaseCurves);

const post = (path: string, key: string, body: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const btcEur = (venue: string, nonce: string) => ({
  venue,
  market: 'BTC-EUR',
  side: 'buy',
  size: '0.1',
  price: '60000',
  nonce,
  time: now,
});

describe('the downgrade attack: a proof under a weaker policy than the venue requires', () => {
  it('a US minor with KYC level 1 cannot prove under EU MiCA', async () => {
    let code = '';
    try {
      await proveTrade({ ...minor, policy: mica, members, trade: btcEur('venue-one', '00000000000000a1') });
    } catch (err) {
      code = isVouchError(err) ? err.code : 'not coded';
    }
    expect(code).toBe('POLICY_UNSATISFIED');
  });

  it('is refused for BTC-EUR at a venue requiring MiCA (POLICY_NOT_REQUIRED); the receipt names the policy required and the one proved', async () => {
    const keys = await keysFor(t.db, 'venue-one');
    const trade = btcEur('venue-one', '00000000000000b2');
    const proof = await proveTrade({ ...minor, policy: fatf, members, trade }); // the FATF baseline she does satisfy
    const res = await post('/v1/trades', keys.venue, { trade, proof });
    expect(res.status).toBe(200);
    const d = await json(res);
    expect(d).toMatchObject({ allowed: false, code: 'POLICY_NOT_REQUIRED', policy: FATF, required: [MICA] });
    const jwks = (await json(await t.app.request('/.well-known/jwks.json'))).keys;
    expect(await verifyReceipt(d.receipt, jwks)).toMatchObject({
      verdict: 'reject',
      code: 'POLICY_NOT_REQUIRED',
      policy: FATF,
      required: [MICA],
    });
    // nothing was spent: the same proof is refused again for the same reason, not as a replay
    expect(await json(await post('/v1/trades', keys.venue, { trade, proof }))).toMatchObject({
      code: 'POLICY_NOT_REQUIRED',
    });
    // and batching changes nothing
    const batch = await json(await post('/v1/trades/batch', keys.venue, { items: [{ trade, proof }] }));
    expect(batch.decisions[0]).toMatchObject({ allowed: false, code: 'POLICY_NOT_REQUIRED' });
  });

  it('the same kind of proof is admitted where the venue does require FATF (the proof itself is sound)', async () => {
    const keys = await keysFor(t.db, 'venue-two');
    const trade = btcEur('venue-two', '00000000000000c3');
    const proof = await proveTrade({ ...minor, policy: fatf, members, trade });
    const d = await json(await post('/v1/trades', keys.venue, { trade, proof }));
    expect(d).toMatchObject({ allowed: true, policy: FATF, required: [FATF, MICA] });
    const jwks = (await json(await t.app.request('/.well-known/jwks.json'))).keys;
    expect(await verifyReceipt(d.receipt, jwks)).toMatchObject({
      verdict: 'admit',
      policy: FATF,
      required: [FATF, MICA],
    });
  });

  it('refuses every trade on a market the venue requires nothing for (MARKET_NOT_ALLOWED), and at a venue with no configuration', async () => {
    const one = await keysFor(t.db, 'venue-one');
    const trade = { ...btcEur('venue-one', '00000000000000d4'), market: 'BTC-USD' };
    const proof = await proveTrade({ ...minor, policy: fatf, members, trade });
    expect(await json(await post('/v1/trades', one.venue, { trade, proof }))).toMatchObject({
      allowed: false,
      code: 'MARKET_NOT_ALLOWED',
    });
    const three = await keysFor(t.db, 'venue-three'); // no entry and no "*" in this configuration
    const t3 = btcEur('venue-three', '00000000000000e5');
    const p3 = await proveTrade({ ...minor, policy: fatf, members, trade: t3 });
    expect(await json(await post('/v1/trades', three.venue, { trade: t3, proof: p3 }))).toMatchObject({
      allowed: false,
      code: 'MARKET_NOT_ALLOWED',
    });
  });
});
