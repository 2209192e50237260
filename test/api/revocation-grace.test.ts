/**
 * Issue 19 finding 6 (revoked credentials kept working for 10 minutes), over HTTP with real proofs
 * and a frozen clock: after a revocation, a proof made against the replaced issuer-set root is
 * admitted only within the grace (default 60 s), refused after it, and refused at once when the
 * revocation is urgent. A policy can lower the grace to 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { venueServices } from '../../src/api/services/venue.js';
import {
  createHolder,
  createIssuer,
  DEFAULT_ROOT_GRACE_SECONDS,
  issueCredential,
  latestSnapshot,
  loadRegistryFile,
  parseHolderFile,
  revokeCredential,
  type CredentialFile,
  type RegistryMember,
} from '../../src/credentials/index.js';
import { createComplianceHook, ephemeralReceiptSigner, MemoryNullifierStore } from '../../src/hook/index.js';
import type { CompiledPolicy } from '../../src/policy/index.js';
import { proveTrade } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { committedDevVkey, forgeProofFile } from '../support/forge.js';
import { makeWorld, spotPolicy, trade } from '../support/hook-world.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';
import { catalogueMembers } from './support/issuer-sets.js';

let t: TestApp;
let deps: ResolvedDeps;
let issuerId: string;
let mica: CompiledPolicy;
let kyc: Awaited<ReturnType<typeof keysFor>>;
let venue: Awaited<ReturnType<typeof keysFor>>;
let n = 0;

beforeAll(async () => {
  t = await makeTestApp();
  deps = t.deps as ResolvedDeps;
  ({ issuerId } = await createIssuer(domain(deps).issuer, { tenant: 'kyc', name: 'Acme KYC' }));
  kyc = await keysFor(t.db, 'kyc');
  venue = await keysFor(t.db, 'venue-one');
  mica = (await venueServices(deps).book.visible(undefined))
    .map((o) => o.policy)
    .find((p) => p.ref === 'eu-mica-retail-spot@1.0.0')!;
  await catalogueMembers(t, venue.operator, mica.issuerSet, issuerId); // the operator admits the issuer to MiCA's set
});
afterAll(releaseCurves);

const now = () => Math.floor(t.clock.now() / 1000);
const post = (path: string, key: string, body: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function holder(): Promise<{ holder: ReturnType<typeof parseHolderFile>; credential: CredentialFile }> {
  const h = createHolder();
  const credential = await issueCredential(domain(deps).issuer, {
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
      sanctionsScreenedAt: now() - 86_400,
    }),
  });
  return { holder: parseHolderFile(h), credential };
}

/** The holder trades now with a proof against `members` (the issuer set as it was before the revocation). */
async function tradeWith(h: Awaited<ReturnType<typeof holder>>, members: readonly RegistryMember[]) {
  n += 1;
  const trade = {
    venue: 'venue-one',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.1',
    price: '60000',
    nonce: `0000feed${n.toString(16).padStart(8, '0')}`,
    time: now(),
  };
  const proof = await proveTrade({ ...h, policy: mica, members, trade, now: now() });
  return json(await post('/v1/trades', venue.venue, { trade, proof }));
}

/** The issuer set as the service serves it (GET /v1/registry, what a holder downloads); also refreshes the service's registry. */
async function served(): Promise<readonly RegistryMember[]> {
  const file = await json(await t.app.request('/v1/registry'));
  return (await loadRegistryFile(file, { clock: now, set: mica.issuerSet })).members;
}

async function revoke(credentialId: string, urgent: boolean) {
  const res = await post(`/v1/credentials/${credentialId}/revoke`, kyc.issuer, {
    reason: 'test',
    ...(urgent ? { urgent: true } : {}),
  });
  expect(res.status).toBe(200);
  await served(); // the service's registry sees the new snapshot now (it refreshes on any new snapshot)
}

describe('a revoked credential', () => {
  it('is admitted within the grace (default 60 s) and refused after it (ISSUER_SET_STALE)', async () => {
    expect(DEFAULT_ROOT_GRACE_SECONDS).toBeLessThanOrEqual(60);
    const alice = await holder();
    const before = await served();
    await revoke(alice.credential.id, false);
    t.clock.advance(30_000);
    const within = await tradeWith(alice, before);
    expect(within, within.reason).toMatchObject({ allowed: true });
    t.clock.advance((DEFAULT_ROOT_GRACE_SECONDS - 30) * 1000); // exactly the grace after the revocation
    expect(await tradeWith(alice, before)).toMatchObject({ allowed: false, code: 'ISSUER_SET_STALE' });
  });

  it('is refused at once after an urgent revocation (urgent: true)', async () => {
    const bob = await holder();
    const before = await served();
    await revoke(bob.credential.id, true);
    expect(await tradeWith(bob, before)).toMatchObject({ allowed: false, code: 'ISSUER_SET_STALE' });
  });
});

describe('the grace per policy', () => {
  it('is a policy setting from 0 to 600 s; at 0 the hook refuses the replaced root at once', async () => {
    expect(mica.rootGraceSeconds).toBeUndefined(); // the registry's default, 60 s
    let code = '';
    try {
      spotPolicy({ freshness: { maxClockSkewSeconds: 30, rootGraceSeconds: 601 } });
    } catch (err) {
      code = (err as { code?: string }).code ?? '';
    }
    expect(code).toBe('POLICY_INVALID');
    const strict = spotPolicy({ freshness: { maxClockSkewSeconds: 30, rootGraceSeconds: 0 } });
    expect(strict.rootGraceSeconds).toBe(0);

    const world = await makeWorld();
    const carol = await world.holder();
    const registry = await world.registry();
    const replaced = registry.root;
    await revokeCredential(world.ctx, { credentialId: carol.credential.id, reason: 'test', actor: 'ops' });
    await registry.accept((await latestSnapshot(world.ctx, world.issuerId))!.jws);
    expect(registry.rootStatus(replaced)).toBe('recent'); // the default grace
    expect(registry.rootStatus(replaced, 0)).toBe('stale');
    // the hook checks the root before any Groth16 work, with the policy's grace: no proving needed to see it
    const tr = trade();
    const proof = await forgeProofFile({
      vk: committedDevVkey(),
      policy: strict,
      trade: tr,
      issuerSetRoot: replaced,
      now: world.clock.now,
    });
    const hook = await createComplianceHook({
      policies: [strict],
      registry,
      store: new MemoryNullifierStore(),
      signer: await ephemeralReceiptSigner('v1'),
      clock: () => world.clock.now,
      venue: 'v1',
    });
    expect(await hook.check(tr, proof)).toMatchObject({ allowed: false, code: 'ISSUER_SET_STALE' });
  });
});
