/**
 * The backdating attack over HTTP (issue 19, finding 7), as it was found: under
 * pro-perps-notional-cap (nullifier per venue and hour) a venue admitted extra trades from one
 * holder in one epoch by dating them −1 h and −2 h, and one dated −30 days. POST /v1/trades now
 * answers each with TRADE_TIME_SKEW (a 200 decision with a receipt, like every refusal), and the
 * regulator's stateless /v1/verify agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { venueServices } from '../../src/api/services/venue.js';
import {
  createHolder,
  createIssuer,
  issueCredential,
  parseHolderFile,
  type CredentialFile,
} from '../../src/credentials/index.js';
import type { CompiledPolicy } from '../../src/policy/index.js';
import { proveTrade } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';
import { catalogueMembers } from './support/issuer-sets.js';

const HOUR = 3600;
let t: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
let holder: ReturnType<typeof parseHolderFile>;
let credential: CredentialFile;
let policy: CompiledPolicy;
let now: number;
let members: Awaited<ReturnType<typeof catalogueMembers>>;

beforeAll(async () => {
  t = await makeTestApp();
  keys = await keysFor(t.db, 'venue-perps');
  const deps = t.deps as ResolvedDeps;
  const d = domain(deps);
  const { issuerId } = await createIssuer(d.issuer, { tenant: 'kyc', name: 'Acme KYC' });
  const h = createHolder();
  holder = parseHolderFile(h);
  credential = await issueCredential(d.issuer, {
    issuerId,
    actor: 'ops',
    subject: BigInt(h.subject),
    evidenceKind: 'manual',
    evidence: JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'DE',
      investorClass: 'professional',
      ageOver18: true,
      tradeLimit: '100000',
    }),
  });
  policy = (await venueServices(deps).book.enforced('venue-perps')).find((p) => p.id === 'pro-perps-notional-cap')!;
  t.clock.advance((HOUR / 2) * 1000); // mid-epoch
  now = Math.floor(t.clock.now() / 1000);
  members = await catalogueMembers(t, keys.operator, policy.issuerSet, issuerId);
});
afterAll(releaseCurves);

const post = (path: string, key: string, body: unknown) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let n = 0;
async function datedTrade(offset: number) {
  n += 1;
  const trade = {
    venue: 'venue-perps',
    market: 'BTC-PERP',
    side: 'buy',
    size: '0.1',
    price: '60000',
    nonce: `0123456789abcd${n.toString(16).padStart(2, '0')}`,
    time: now + offset,
  };
  const proof = await proveTrade({ holder, credential, policy, members, trade, now });
  return { trade, proof };
}

describe('POST /v1/trades holds the trade’s time to the venue clock', () => {
  it('admits one trade this epoch and refuses the −1 h, −2 h and −30 days ones with TRADE_TIME_SKEW', async () => {
    const first = await datedTrade(0);
    const ok = await post('/v1/trades', keys.venue, first);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ allowed: true });
    for (const offset of [-HOUR, -2 * HOUR, -30 * 24 * HOUR]) {
      const x = await datedTrade(offset);
      const r = await post('/v1/trades', keys.venue, x);
      expect(r.status).toBe(200);
      expect(await json(r), `trade dated ${offset}s`).toMatchObject({ allowed: false, code: 'TRADE_TIME_SKEW' });
      expect(await json(await post('/v1/verify', keys.auditor, x))).toMatchObject({
        allowed: false,
        code: 'TRADE_TIME_SKEW',
      });
    }
  });
});
