/**
 * One-time credential pickup codes over HTTP: an issuer key issues for pickup and gets a code, not
 * the file; the public redeeming route hands out the credential once (PICKUP_CODE_SPENT after),
 * refuses unknown (PICKUP_CODE_UNKNOWN) and expired (PICKUP_CODE_EXPIRED) codes, and budgets
 * failures per client address like failed authentications (RATE_LIMITED). The store keeps neither
 * the code nor the credential in the clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHolder, verifyCredentialFile } from '../../src/credentials/index.js';
import { normalisePickupCode } from '../../src/credentials/pickup.js';
import { releaseCurves } from '../../src/zk/index.js';
import { bearer, from, keysFor, makeTestApp, type TestApp } from './helpers.js';

afterAll(releaseCurves);

const MANUAL = JSON.stringify({
  kycLevel: 3,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});
const BURST = 4;

let t: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
let issuerId: string;

async function send(path: string, body: unknown, key?: string, address = '198.51.100.7') {
  const res = await t.app.request(
    path,
    {
      method: 'POST',
      headers: { ...(key ? bearer(key) : {}), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    from(address),
  );
  return { status: res.status, body: (await res.json()) as any };
}
/** Issues for pickup to a new holder each time (the same evidence twice is EVIDENCE_REPLAYED). */
let holder = createHolder();
const issueForPickup = (extra: Record<string, unknown> = {}, key = keys.institution) => {
  holder = createHolder();
  return send(
    `/v1/issuers/${issuerId}/credentials/pickup`,
    { subject: holder.subject.toString(), evidenceKind: 'manual', evidence: MANUAL, ...extra },
    key,
  );
};
const redeem = (code: string, address?: string) => send('/v1/credentials/pickup', { code }, undefined, address);

beforeAll(async () => {
  t = await makeTestApp({ config: { rateLimit: { authFailureBurst: BURST, authFailurePerSecond: 0.001 } } });
  keys = await keysFor(t.db, 'acme');
  const r = await send('/v1/issuers', { name: 'Acme KYC' }, keys.admin);
  expect(r.status).toBe(201);
  issuerId = r.body.issuerId;
});

describe('credential pickup codes', () => {
  it('issues for pickup: the issuer gets a one-time code and an expiry, not the credential', async () => {
    const r = await issueForPickup();
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      credentialId: expect.stringMatching(/^cred_/),
      code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/),
      expiresAt: new Date((Math.floor(t.clock.now() / 1000) + 3600) * 1000).toISOString(),
    });
    expect(JSON.stringify(r.body)).not.toContain(holder.subject.toString());
  });

  it('hands out the credential once for its code, then refuses it with PICKUP_CODE_SPENT', async () => {
    const { body } = await issueForPickup();
    const first = await redeem(body.code);
    expect(first.status).toBe(200);
    expect(first.body.id).toBe(body.credentialId);
    expect(() => verifyCredentialFile(first.body, BigInt(holder.subject))).not.toThrow();
    const again = await redeem(body.code);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'PICKUP_CODE_SPENT' });
  });

  it('reads a code typed in lower case, without dashes, with O for 0 and I or L for 1', async () => {
    const { body } = await issueForPickup();
    const typed = (body.code as string).replace(/-/g, '').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normalisePickupCode(typed)).toBe((body.code as string).replace(/-/g, ''));
    expect((await redeem(typed)).status).toBe(200);
  });

  it('refuses an expired code with PICKUP_CODE_EXPIRED', async () => {
    const { body } = await issueForPickup({ pickupSeconds: 60 });
    t.clock.advance(60_000);
    const r = await redeem(body.code);
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 409, code: 'PICKUP_CODE_EXPIRED' });
  });

  it('keeps neither the code nor the credential readable in the database', async () => {
    const { body } = await issueForPickup();
    const rows = JSON.stringify(t.db.sqlite.prepare('SELECT * FROM credential_pickups').all());
    expect(rows).not.toContain((body.code as string).replace(/-/g, ''));
    expect(rows).not.toContain(body.code);
    expect(rows).not.toContain(holder.subject.toString());
    expect(rows).not.toContain('professional');
  });

  it('is for issuer and institution keys: a venue key is refused with FORBIDDEN', async () => {
    const r = await issueForPickup({}, keys.venue);
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses an unknown code with PICKUP_CODE_UNKNOWN and a malformed one with INPUT_INVALID', async () => {
    const r = await redeem('AAAA-AAAA-AAAA-AAAA-AAAA', '203.0.113.50');
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 404, code: 'PICKUP_CODE_UNKNOWN' });
    const bad = await redeem('not a code', '203.0.113.50');
    expect(bad.status).toBe(400);
  });

  it('budgets failed redemptions per address: past the budget even a good code is refused with RATE_LIMITED, elsewhere it works', async () => {
    const { body } = await issueForPickup();
    const guesser = '203.0.113.99';
    for (let i = 0; i < BURST; i++)
      expect((await redeem(`ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ${i}`, guesser)).body.code).toBe('PICKUP_CODE_UNKNOWN');
    const limited = await redeem(body.code, guesser);
    expect({ status: limited.status, code: limited.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect((await redeem(body.code, '198.51.100.200')).status).toBe(200);
  });
});
