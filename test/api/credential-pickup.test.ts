/**
 * One-time credential pickup codes over HTTP, on both stores (SQLite, PostgreSQL): an issuer key
 * issues for pickup and gets a code, not the file; the public redeeming route hands out the
 * credential once (PICKUP_CODE_SPENT after), refuses unknown (PICKUP_CODE_UNKNOWN) and expired
 * (PICKUP_CODE_EXPIRED) codes, and budgets failures per client address like failed
 * authentications (RATE_LIMITED). The store keeps neither the code nor the credential in the clear.
 * Issuance for pickup is all or nothing: a pickup row the store refuses leaves no credential.
 * On PostgreSQL, two apps on one schema stand for two service processes: concurrent redemptions of
 * one code through both hand it out exactly once, and the failure budget is one budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeysOf } from '../../src/api/services/api-key-store.js';
import { postgresRateLimiters } from '../../src/auth/pg-rate-limiter.js';
import { createApiKey, type Role } from '../../src/auth/index.js';
import { createHolder, verifyCredentialFile } from '../../src/credentials/index.js';
import { pickupStoreFor } from '../../src/credentials/open-store.js';
import { createPickup, normalisePickupCode, pickupCodeHash, redeemPickup } from '../../src/credentials/pickup.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { releaseCurves } from '../../src/zk/index.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { bearer, from, makeTestApp, type TestApp } from './helpers.js';

const STORES = ['sqlite', 'postgres'] as const;
const MANUAL = JSON.stringify({
  kycLevel: 3,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});
const BURST = 4;
const CONFIG = { rateLimit: { authFailureBurst: BURST, authFailurePerSecond: 0.001 } };

let schema: PgSchema;
const handles: PostgresHandle[] = [];
beforeAll(async () => {
  schema = await freshPgSchema('pickup');
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await schema.drop();
  await releaseCurves();
});
async function openPg(): Promise<PostgresHandle> {
  const h = await schema.open({ maxConnections: 4 });
  handles.push(h);
  return h;
}

/** One POST to `t`'s app from `address`: its status and JSON body. */
async function post(t: TestApp, path: string, body: unknown, key?: string, address = '198.51.100.7') {
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

/** Keys of `roles` in `tenant`, in the store the app authenticates against. */
async function keysOf<R extends Role>(t: TestApp, tenant: string, roles: readonly R[]): Promise<Record<R, string>> {
  const out = {} as Record<R, string>;
  for (const role of roles) out[role] = (await createApiKey(apiKeysOf(t.deps), { role, tenant })).key;
  return out;
}

describe.each(STORES)('credential pickup codes on %s', (kind) => {
  let t: TestApp;
  let pg: PostgresHandle | undefined;
  let keys: Record<'admin' | 'institution' | 'venue', string>;
  let issuerId: string;
  const send = (path: string, body: unknown, key?: string, address?: string) => post(t, path, body, key, address);
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
  /** Every row of credential_pickups on the store the app uses, as text. */
  const pickupRows = async (): Promise<string> =>
    JSON.stringify(
      pg
        ? (await pg.pool.query('SELECT * FROM credential_pickups')).rows
        : t.db.sqlite.prepare('SELECT * FROM credential_pickups').all(),
    );

  beforeAll(async () => {
    pg = kind === 'postgres' ? await openPg() : undefined;
    t = await makeTestApp({ config: CONFIG, ...(pg ? { pg } : {}) });
    keys = await keysOf(t, 'acme', ['admin', 'institution', 'venue'] as const);
    const r = await send('/v1/issuers', { name: 'Acme KYC' }, keys.admin);
    expect(r.status).toBe(201);
    issuerId = r.body.issuerId;
  });

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

  it('issues all or nothing: when the pickup row cannot be stored, no credential, audit event or pickup remains', async () => {
    const rows = async () =>
      JSON.stringify(
        await Promise.all(
          ['credentials', 'audit_events', 'credential_pickups'].map(async (table) =>
            pg
              ? (await pg.pool.query(`SELECT * FROM ${table} ORDER BY 1`)).rows
              : t.db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1`).all(),
          ),
        ),
      );
    // the seam: the store refuses every pickup row, after the credential's rows were written in the same transaction
    if (pg) {
      await pg.pool.query(
        `CREATE FUNCTION refuse_pickup() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'pickup refused'; END $$ LANGUAGE plpgsql`,
      );
      await pg.pool.query(
        'CREATE TRIGGER refuse_pickup BEFORE INSERT ON credential_pickups FOR EACH ROW EXECUTE FUNCTION refuse_pickup()',
      );
    } else
      t.db.sqlite.exec(
        `CREATE TRIGGER refuse_pickup BEFORE INSERT ON credential_pickups BEGIN SELECT RAISE(ABORT, 'pickup refused'); END`,
      );
    const before = await rows();
    try {
      const r = await issueForPickup();
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 500, code: 'INTERNAL' });
      expect(await rows()).toBe(before);
    } finally {
      if (pg) await pg.pool.query('DROP TRIGGER refuse_pickup ON credential_pickups; DROP FUNCTION refuse_pickup()');
      else t.db.sqlite.exec('DROP TRIGGER refuse_pickup');
    }
    // with the seam gone, issuing for pickup works again
    expect((await issueForPickup()).status).toBe(201);
  });

  it('keeps neither the code nor the credential readable in the database', async () => {
    const { body } = await issueForPickup();
    const rows = await pickupRows();
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

describe('credential pickup across two service processes on one PostgreSQL database', () => {
  // two apps with their own pools on one schema stand for two `vouch serve` processes; the request
  // budgets live in PostgreSQL, as under `vouch serve` without Redis
  let a: TestApp;
  let b: TestApp;
  let institution: string;
  let issuerId: string;
  const issueForPickup = async () => {
    const holder = createHolder();
    const r = await post(
      a,
      `/v1/issuers/${issuerId}/credentials/pickup`,
      { subject: holder.subject.toString(), evidenceKind: 'manual', evidence: MANUAL },
      institution,
    );
    expect(r.status).toBe(201);
    return r.body as { code: string; credentialId: string };
  };

  beforeAll(async () => {
    const [pa, pb] = [await openPg(), await openPg()];
    a = await makeTestApp({ config: CONFIG, pg: pa, rateLimiters: postgresRateLimiters(pa.db) });
    b = await makeTestApp({ config: CONFIG, pg: pb, rateLimiters: postgresRateLimiters(pb.db) });
    const keys = await keysOf(a, 'two-proc', ['admin', 'institution'] as const);
    institution = keys.institution;
    const r = await post(a, '/v1/issuers', { name: 'Two-process KYC' }, keys.admin);
    expect(r.status).toBe(201);
    issuerId = r.body.issuerId;
  });

  it('hands a code to exactly one of 40 concurrent redemptions spread over both; the rest get PICKUP_CODE_SPENT', async () => {
    const { code, credentialId } = await issueForPickup();
    // distinct addresses: each refusal spends its own address's budget, not a shared one
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post(i % 2 ? b : a, '/v1/credentials/pickup', { code }, undefined, `203.0.113.${i + 1}`),
      ),
    );
    const won = replies.filter((r) => r.status === 200);
    expect(won.map((r) => r.body.id)).toEqual([credentialId]);
    expect(new Set(replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.code}`))).toEqual(
      new Set(['409 PICKUP_CODE_SPENT']),
    );
    const row = await pickupStoreFor(a.deps).row(pickupCodeHash(normalisePickupCode(code)));
    expect(row).toMatchObject({ credentialId, sealed: '', spentAt: expect.any(Number) });
  });

  it('store level: of 24 concurrent redeem() calls through two pools, one gets the credential', async () => {
    const { code } = await issueForPickup();
    const credential = await redeemPickup(pickupStoreFor(a.deps), code, Math.floor(a.clock.now() / 1000));
    const again = await createPickup(pickupStoreFor(a.deps), {
      credential,
      tenant: 'two-proc',
      now: Math.floor(a.clock.now() / 1000),
    });
    const stores = [pickupStoreFor(a.deps), pickupStoreFor(b.deps)];
    const now = Math.floor(a.clock.now() / 1000);
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        redeemPickup(stores[i % 2]!, again.code, now).then(
          (c) => `ok ${c.id}`,
          (e: { code?: string }) => String(e.code),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.startsWith('ok'))).toEqual([`ok ${credential.id}`]);
    expect(outcomes.filter((o) => !o.startsWith('ok')).every((o) => o === 'PICKUP_CODE_SPENT')).toBe(true);
  });

  it('keeps one failure budget per address across both: guesses through either spend it, and then both refuse', async () => {
    const { code } = await issueForPickup();
    const guesser = '198.51.100.66';
    for (let i = 0; i < BURST; i++) {
      const r = await post(
        i % 2 ? b : a,
        '/v1/credentials/pickup',
        { code: `YYYY-YYYY-YYYY-YYYY-YYY${i}` },
        undefined,
        guesser,
      );
      expect(r.body.code).toBe('PICKUP_CODE_UNKNOWN');
    }
    for (const app of [a, b]) {
      const r = await post(app, '/v1/credentials/pickup', { code }, undefined, guesser);
      expect({ status: r.status, code: r.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    }
    expect((await post(b, '/v1/credentials/pickup', { code }, undefined, '198.51.100.67')).status).toBe(200);
  });
});
