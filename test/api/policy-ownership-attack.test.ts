/**
 * Issue 19, finding 3, reproduced over HTTP with real proofs: another tenant's admin adds a policy
 * with no predicates. Before, a sanctioned-jurisdiction minor with KYC level 0 was then admitted
 * at the example venue, and every open session at every venue was dropped. Now the example
 * venue's enforcement is unchanged (the proof is refused) and its open session keeps admitting.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import {
  createHolder,
  createIssuer,
  issueCredential,
  parseHolderFile,
  type CredentialFile,
} from '../../src/credentials/index.js';
import { canonicalTrade, compilePolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { proveSession, proveTrade } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';
import { catalogueMembers } from './support/issuer-sets.js';

const OPEN_DOOR = {
  id: 'open-door',
  version: '1.0.0',
  title: 'Open door',
  description: 'No predicates at all.',
  predicates: [],
  issuerSet: 'global-kyc-issuers',
  freshness: { maxClockSkewSeconds: 60 },
  nullifierScope: { mode: 'per-trade' },
  session: { allowed: false },
};

type Keys = Awaited<ReturnType<typeof keysFor>>;
let t: TestApp;
let venue: Keys;
let mallory: Keys;
let operator: string;
let now: number;
let perps: CompiledPolicy;
let minor: { holder: ReturnType<typeof parseHolderFile>; credential: CredentialFile };
let sessionId: string;
let sessionKey: ReturnType<typeof generateKeyPairSync>['privateKey'];

const send = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await t.app.request(path, {
    method,
    headers: { ...bearer(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await json(res) };
};
let n = 0;
const order = () => {
  n += 1;
  const trade = {
    venue: 'example-venue',
    market: 'BTC-PERP',
    side: 'buy',
    size: '0.01',
    price: '60000',
    nonce: `c0ffee${n.toString(16).padStart(10, '0')}`,
    time: now,
  };
  return {
    trade,
    signature: sign(null, Buffer.from(canonicalTrade(trade).canonical), sessionKey).toString('base64url'),
  };
};

beforeAll(async () => {
  t = await makeTestApp();
  venue = await keysFor(t.db, 'example-venue');
  mallory = await keysFor(t.db, 'mallory');
  operator = (await keysFor(t.db, 'ops')).operator;
  now = Math.floor(t.clock.now() / 1000);
  const d = domain(t.deps as ResolvedDeps);
  const { issuerId } = await createIssuer(d.issuer, { tenant: 'kyc', name: 'Global KYC' });
  const issue = async (attrs: Record<string, unknown>) => {
    const h = createHolder();
    const credential = await issueCredential(d.issuer, {
      issuerId,
      actor: 'ops',
      subject: BigInt(h.subject),
      evidenceKind: 'manual',
      evidence: JSON.stringify(attrs),
    });
    return { holder: parseHolderFile(h), credential };
  };
  const members = await catalogueMembers(t, operator, 'global-kyc-issuers', issuerId);
  perps = compilePolicy((await send('GET', '/v1/policies/pro-perps-notional-cap@1.0.0', venue.venue)).body.document);
  const pro = await issue({
    kycLevel: 2,
    jurisdiction: 'DE',
    investorClass: 'professional',
    ageOver18: true,
    tradeLimit: '100000',
  });
  minor = await issue({
    kycLevel: 0,
    jurisdiction: 'KP',
    investorClass: 'retail',
    ageOver18: false,
    tradeLimit: '1000000000',
  });
  const keys = generateKeyPairSync('ed25519');
  sessionKey = keys.privateKey;
  const raw = Buffer.from(keys.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const proof = await proveSession({
    ...pro,
    policy: perps,
    members,
    sessionPublicKey: raw,
    venue: 'example-venue',
    maxOrderValue: 10_000_00n,
    now,
  });
  const opened = await send('POST', '/v1/sessions', venue.venue, { proof });
  expect(opened.body).toMatchObject({ allowed: true });
  sessionId = opened.body.sessionId;
  const first = order();
  expect((await send('POST', `/v1/sessions/${sessionId}/orders`, venue.venue, first)).body).toMatchObject({
    allowed: true,
  });
}, 300_000);
afterAll(releaseCurves);

describe("another tenant's admin adds a policy with no predicates", () => {
  it('does not change what the example venue enforces: the minor’s proof under it is refused', async () => {
    const before = await send('GET', '/v1/venue/policies', venue.venue);
    expect((await send('POST', '/v1/policies', mallory.admin, OPEN_DOOR)).status).toBe(201);
    expect(await send('GET', '/v1/venue/policies', venue.venue)).toEqual(before);
    const openDoor = compilePolicy(OPEN_DOOR);
    const members = await catalogueMembers(t, operator, 'global-kyc-issuers');
    const trade = {
      venue: 'example-venue',
      market: 'BTC-EUR',
      side: 'buy',
      size: '1000000',
      price: '1000000',
      nonce: 'badc0ffee0ddf00d',
      time: now,
    };
    const proof = await proveTrade({ ...minor, policy: openDoor, members, trade });
    const d = await send('POST', '/v1/trades', venue.venue, { trade, proof });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ allowed: false, code: 'POLICY_UNKNOWN' });
  }, 120_000);

  it('drops no session: the example venue’s open session keeps admitting orders', async () => {
    expect((await send('POST', `/v1/sessions/${sessionId}/orders`, venue.venue, order())).body).toMatchObject({
      allowed: true,
    });
    // nor does the operator publishing a catalogue version, nor the venue adopting it
    const mica = (await send('GET', '/v1/policies/eu-mica-retail-spot@1.0.0', venue.venue)).body.document;
    expect((await send('POST', '/v1/policies', operator, { ...mica, version: '1.1.0' })).status).toBe(201);
    expect((await send('POST', `/v1/sessions/${sessionId}/orders`, venue.venue, order())).body).toMatchObject({
      allowed: true,
    });
    expect((await send('POST', '/v1/venue/policies', venue.venue, { ref: 'eu-mica-retail-spot@1.1.0' })).status).toBe(
      200,
    );
    expect((await send('POST', `/v1/sessions/${sessionId}/orders`, venue.venue, order())).body).toMatchObject({
      allowed: true,
    });
  });
});
