/**
 * `/v1/verify` of cumulative-limit proofs (eu-mica-retail-monthly-cap): a proof beyond its period's
 * first trade is checked against the prior commitment the caller names — the one the venue holds,
 * from its receipt — and the verdict reports it (limitCheck) with what it does and does not
 * establish. Without a prior such a proof is LIMIT_PRIOR_MISSING (never admitted as the first of
 * its period); with another prior it is LIMIT_PRIOR_MISMATCH; a prior for a policy without a
 * cumulative limit is LIMIT_PRIOR_MISMATCH too. Real proofs of the accountable circuit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHolder, createIssuer, issueCredential, parseHolderFile } from '../../src/credentials/index.js';
import { domain } from '../../src/api/services/domain.js';
import { venueServices } from '../../src/api/services/venue.js';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { LimitWallet, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { ACCOUNTABLE_PUBLIC_SIGNAL_NAMES, releaseCurves } from '../../src/zk/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';
import { catalogueMembers } from './support/issuer-sets.js';

let t: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
const made: { trade: Record<string, unknown>; proof: ProofFile }[] = [];
let base: { trade: Record<string, unknown>; proof: ProofFile };
const sig = (p: ProofFile, n: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number]) =>
  p.publicSignals[ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.indexOf(n)]!;

beforeAll(async () => {
  t = await makeTestApp();
  keys = await keysFor(t.db, 'venue-one');
  const deps = t.deps as ResolvedDeps;
  const now = Math.floor(t.clock.now() / 1000);
  const d = domain(deps);
  const { issuerId } = await createIssuer(d.issuer, { tenant: 'kyc', name: 'Acme KYC' });
  const h = createHolder();
  const holder = parseHolderFile(h);
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
  const visible = (await venueServices(deps).book.visible('venue-one')).map((o) => o.policy);
  const capped = visible.find((p) => p.id === 'eu-mica-retail-monthly-cap')!;
  const spot = visible.find((p) => p.id === 'eu-mica-retail-spot')!;
  const members = await catalogueMembers(t, keys.operator, 'eu-kyc-issuers', issuerId);
  const trade = (n: number) => ({
    venue: 'venue-one',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.01',
    price: '60000', // 600.00 a trade, under a 10,000 monthly cap
    nonce: `0123456789abcd${n.toString(16).padStart(2, '0')}`,
    time: now,
  });
  // two trades of one month: the holder's wallet takes the first step as the venue's receipt would
  const wallet = new LimitWallet(holder.secret);
  for (const n of [1, 2]) {
    const tr = trade(n);
    const proof = await proveTrade({ holder, credential, policy: capped, members, trade: tr, wallet });
    made.push({ trade: tr, proof });
    wallet.accept({
      verdict: 'admit',
      tradeHash: sig(proof, 'tradeHash'),
      limit: {
        periodScope: sig(proof, 'periodScope'),
        periodNullifier: sig(proof, 'periodNullifier'),
        oldCommitment: sig(proof, 'oldCommitment'),
        newCommitment: sig(proof, 'newCommitment'),
        tradeValue: sig(proof, 'tradeValue'),
      },
    });
  }
  const tr = trade(3);
  base = { trade: tr, proof: await proveTrade({ holder, credential, policy: spot, members, trade: tr }) };
}, 300_000);
afterAll(releaseCurves);

const verify = (body: Record<string, unknown>) =>
  t.app.request('/v1/verify', {
    method: 'POST',
    headers: { ...bearer(keys.auditor), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('/v1/verify of cumulative-limit proofs', () => {
  it('verifies the period’s first trade from the empty commitment, and says so', async () => {
    const [first] = made;
    const r = await verify({ trade: first!.trade, proof: first!.proof });
    expect(r.status).toBe(200);
    const d = await json(r);
    expect(d).toMatchObject({
      allowed: true,
      limit: { oldCommitment: '0' },
      limitCheck: { priorCommitment: '0', firstOfPeriod: true },
    });
    expect(d.limitCheck.meaning).toContain('eu-mica-retail-monthly-cap@');
    expect(d.limitCheck.meaning).toContain('first trade');
    // naming the empty prior explicitly is the same check
    expect(await json(await verify({ trade: first!.trade, proof: first!.proof, priorCommitment: '0' }))).toMatchObject({
      allowed: true,
      limitCheck: { firstOfPeriod: true },
    });
  });

  it('verifies the second trade against the prior commitment the caller names, and reports it', async () => {
    const [first, second] = made;
    const prior = sig(first!.proof, 'newCommitment');
    expect(sig(second!.proof, 'oldCommitment')).toBe(prior);
    const r = await verify({ trade: second!.trade, proof: second!.proof, priorCommitment: prior });
    expect(r.status).toBe(200);
    const d = await json(r);
    expect(d).toMatchObject({
      allowed: true,
      limit: { oldCommitment: prior, newCommitment: sig(second!.proof, 'newCommitment') },
      limitCheck: { priorCommitment: prior, firstOfPeriod: false },
    });
    expect(d.limitCheck.meaning).toContain('not that the venue took it');
  });

  it('refuses a proof beyond the first trade without a prior (LIMIT_PRIOR_MISSING, 400)', async () => {
    const [, second] = made;
    const r = await verify({ trade: second!.trade, proof: second!.proof });
    expect(r.status).toBe(400);
    expect(await json(r)).toMatchObject({ code: 'LIMIT_PRIOR_MISSING' });
  });

  it('refuses a prior the proof does not extend, and a prior for a policy without a limit (LIMIT_PRIOR_MISMATCH, 422)', async () => {
    const [first, second] = made;
    for (const body of [
      { trade: second!.trade, proof: second!.proof, priorCommitment: '12345' },
      // the first trade's proof does not extend the commitment it made
      { trade: first!.trade, proof: first!.proof, priorCommitment: sig(first!.proof, 'newCommitment') },
      { trade: base.trade, proof: base.proof, priorCommitment: '0' },
    ]) {
      const r = await verify(body);
      expect(r.status).toBe(422);
      expect(await json(r)).toMatchObject({ code: 'LIMIT_PRIOR_MISMATCH' });
    }
    // a malformed prior is a bad request
    const bad = await verify({ trade: second!.trade, proof: second!.proof, priorCommitment: '0x12' });
    expect(bad.status).toBe(400);
  });
});
