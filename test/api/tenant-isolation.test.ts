/** No tenant can read or change another tenant's objects, and cannot tell whether they exist. */
import { describe, expect, it } from 'vitest';
import { bearer, dumpStores, keysFor, makeTestApp, json } from './helpers.js';
import { createHolder } from '../../src/credentials/index.js';
import { ROLES } from '../../src/auth/index.js';

async function setup() {
  const t = await makeTestApp();
  const acme = await keysFor(t.db, 'acme');
  const globex = await keysFor(t.db, 'globex');
  const idOf = (key: string) => key.split('_')[1]!;
  return { ...t, acme, globex, idOf };
}

describe('tenant isolation', () => {
  it("lists only the caller's tenant's keys", async () => {
    const { app, acme, globex, idOf } = await setup();
    const res = await app.request('/v1/admin/keys', { headers: bearer(globex.admin) });
    const ids = (await json(res)).keys as { id: string; tenant: string }[];
    expect(ids.map((k) => k.tenant)).toEqual(Array(ROLES.length).fill('globex'));
    for (const key of Object.values(acme)) expect(ids.map((k) => k.id)).not.toContain(idOf(key));
  });

  it("answers another tenant's key id exactly like an unknown id (404), for read and revoke", async () => {
    const { app, acme, globex, idOf } = await setup();
    const foreign = idOf(acme.auditor);
    const unknown = 'ffffffffffffffff';
    for (const method of ['GET', 'DELETE']) {
      const a = await app.request(`/v1/admin/keys/${foreign}`, { method, headers: bearer(globex.admin) });
      const b = await app.request(`/v1/admin/keys/${unknown}`, { method, headers: bearer(globex.admin) });
      expect([a.status, b.status]).toEqual([404, 404]);
      const [pa, pb] = [await json(a), await json(b)];
      expect(pa.code).toBe('NOT_FOUND');
      expect({ ...pa, instance: '', details: undefined }).toEqual({ ...pb, instance: '', details: undefined });
    }
    // The foreign key was not revoked.
    expect((await app.request('/v1/whoami', { headers: bearer(acme.auditor) })).status).toBe(200);
  });

  it("creates keys only in the caller's tenant, whatever the body says", async () => {
    const { app, globex } = await setup();
    const res = await app.request('/v1/admin/keys', {
      method: 'POST',
      headers: { ...bearer(globex.admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'venue', tenant: 'acme' }),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).details.issues[0].code).toBe('unrecognized_keys');
    const ok = await app.request('/v1/admin/keys', {
      method: 'POST',
      headers: { ...bearer(globex.admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'venue' }),
    });
    const created = await json(ok);
    expect(created.tenant).toBe('globex');
    const who = await app.request('/v1/whoami', { headers: bearer(created.key) });
    expect(await json(who)).toEqual({ keyId: created.id, role: 'venue', tenant: 'globex' });
  });
});

describe('tenant isolation: issuers and credentials', () => {
  it("answers another tenant's issuer or credential exactly like an unknown one (404) for read, rotate, issue and revoke, and changes nothing", async () => {
    const { app, db, deps, acme, globex } = await setup();
    const send = async (method: string, path: string, key: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { ...bearer(key), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: await json(res) };
    };
    const dump = () => dumpStores({ db, deps });
    const manual = JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'FR',
      investorClass: 'retail',
      ageOver18: true,
      tradeLimit: '1000',
    });
    const issuer = (await send('POST', '/v1/issuers', acme.admin, { name: 'Acme KYC' })).body;
    const credential = (
      await send('POST', `/v1/issuers/${issuer.issuerId}/credentials`, acme.institution, {
        subject: createHolder().subject,
        evidenceKind: 'manual',
        evidence: manual,
      })
    ).body;
    expect(credential.id).toMatch(/^cred_/);
    const issue = { subject: createHolder().subject, evidenceKind: 'manual', evidence: manual };
    const attempts: [string, string, string, string, unknown][] = [
      ['GET', `/v1/issuers/${issuer.issuerId}`, '/v1/issuers/iss_AAAAAAAAAAAAAAAA', globex.admin, undefined],
      ['GET', `/v1/issuers/${issuer.issuerId}`, '/v1/issuers/iss_AAAAAAAAAAAAAAAA', globex.issuer, undefined],
      [
        'POST',
        `/v1/issuers/${issuer.issuerId}/keys/rotate`,
        '/v1/issuers/iss_AAAAAAAAAAAAAAAA/keys/rotate',
        globex.admin,
        { kind: 'babyjub', overlapSeconds: 0 },
      ],
      [
        'POST',
        `/v1/issuers/${issuer.issuerId}/credentials`,
        '/v1/issuers/iss_AAAAAAAAAAAAAAAA/credentials',
        globex.institution,
        issue,
      ],
      [
        'POST',
        `/v1/issuers/${issuer.issuerId}/credentials`,
        '/v1/issuers/iss_AAAAAAAAAAAAAAAA/credentials',
        globex.issuer,
        issue,
      ],
      [
        'POST',
        `/v1/credentials/${credential.id}/revoke`,
        '/v1/credentials/cred_AAAAAAAAAAAAAAAA/revoke',
        globex.issuer,
        { reason: 'not yours' },
      ],
      [
        'POST',
        `/v1/credentials/${credential.id}/revoke`,
        '/v1/credentials/cred_AAAAAAAAAAAAAAAA/revoke',
        globex.admin,
        { reason: 'not yours' },
      ],
    ];
    const before = await dump();
    for (const [method, foreign, unknown, key, body] of attempts) {
      const [a, b] = [await send(method, foreign, key, body), await send(method, unknown, key, body)];
      expect([a.status, a.body.code, b.status], `${method} ${foreign}`).toEqual([404, 'NOT_FOUND', 404]);
      expect({ ...a.body, instance: '' }).toEqual({ ...b.body, instance: '' });
      // the hint names the caller's tenant, whose issuers its keys manage, and never the owner's
      if (foreign.startsWith('/v1/issuers/'))
        expect(a.body.detail, `${method} ${foreign}`).toContain('in tenant globex');
      expect(JSON.stringify(a.body)).not.toContain('acme');
    }
    expect(await dump()).toBe(before); // no key rotated, no credential issued, nothing revoked
    expect((await send('GET', '/v1/issuers', globex.admin)).body).toEqual({ issuers: [] });
    expect((await send('GET', '/v1/issuers', globex.issuer)).body).toEqual({ issuers: [] });
    expect((await send('GET', '/v1/admin/audit-events', globex.admin)).body).toEqual({ events: [], nextBefore: null });
    expect(
      (await send('GET', '/v1/issuers', acme.issuer)).body.issuers.map((i: { issuerId: string }) => i.issuerId),
    ).toEqual([issuer.issuerId]);
    expect(
      (await send('GET', '/v1/admin/audit-events', acme.admin)).body.events.map((e: { target: string }) => e.target),
    ).toEqual([credential.id]);
  });
});

describe('tenant isolation: report bundles', () => {
  const send = (
    app: Awaited<ReturnType<typeof setup>>['app'],
    method: string,
    path: string,
    key: string,
    body?: unknown,
  ) =>
    app.request(path, {
      method,
      headers: { ...bearer(key), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const sameProblem = async (a: Response, b: Response) => {
    expect([a.status, b.status]).toEqual([404, 404]);
    const [pa, pb] = [await json(a), await json(b)];
    expect(pa.code).toBe('NOT_FOUND');
    expect({ ...pa, instance: '' }).toEqual({ ...pb, instance: '' });
  };
  const bundleOf = async (app: Awaited<ReturnType<typeof setup>>['app'], key: string): Promise<string> => {
    const res = await send(app, 'POST', '/v1/reports/bundles', key, {
      source: 'records',
      kind: 'generic',
      period: '2026',
      records: [{ a: '1' }, { a: '2' }],
    });
    expect(res.status).toBe(201);
    return (await json(res)).id as string;
  };

  it("answers another tenant's bundle exactly like an unknown id (404) on every bundle route, and changes nothing", async () => {
    const { app, acme, globex } = await setup();
    const foreign = await bundleOf(app, acme.institution);
    const unknown = 'f'.repeat(32);
    const calls: [string, string, unknown?][] = [
      ['GET', ''],
      ['GET', '/grants'],
      ['POST', '/grants', { tenant: 'globex' }],
      ['DELETE', '/grants/globex'],
      ['POST', '/disclosures', { records: [0] }],
    ];
    for (const [method, suffix, body] of calls) {
      await sameProblem(
        await send(app, method, `/v1/reports/bundles/${foreign}${suffix}`, globex.institution, body),
        await send(app, method, `/v1/reports/bundles/${unknown}${suffix}`, globex.institution, body),
      );
    }
    // globex could not grant itself access, and acme's bundle is untouched.
    await sameProblem(
      await send(app, 'GET', `/v1/reports/bundles/${foreign}`, globex.auditor),
      await send(app, 'GET', `/v1/reports/bundles/${unknown}`, globex.auditor),
    );
    expect(
      (await json(await send(app, 'GET', `/v1/reports/bundles/${foreign}/grants`, acme.institution))).grants,
    ).toEqual([]);
  });

  it('answers an auditor without a grant like an unknown id, in another tenant and in the bundle tenant itself', async () => {
    const { app, acme, globex } = await setup();
    const id = await bundleOf(app, acme.institution);
    const unknown = '0'.repeat(32);
    for (const auditor of [globex.auditor, acme.auditor]) {
      await sameProblem(
        await send(app, 'GET', `/v1/reports/bundles/${id}`, auditor),
        await send(app, 'GET', `/v1/reports/bundles/${unknown}`, auditor),
      );
    }
    // A grant to globex opens it to globex's auditors only.
    expect(
      (await send(app, 'POST', `/v1/reports/bundles/${id}/grants`, acme.institution, { tenant: 'globex' })).status,
    ).toBe(201);
    expect((await send(app, 'GET', `/v1/reports/bundles/${id}`, globex.auditor)).status).toBe(200);
    await sameProblem(
      await send(app, 'GET', `/v1/reports/bundles/${id}`, acme.auditor),
      await send(app, 'GET', `/v1/reports/bundles/${unknown}`, acme.auditor),
    );
    // A grant never makes another tenant's institution an owner.
    await sameProblem(
      await send(app, 'GET', `/v1/reports/bundles/${id}`, globex.institution),
      await send(app, 'GET', `/v1/reports/bundles/${unknown}`, globex.institution),
    );
  });

  it("reports only the caller tenant's ledger", async () => {
    const { app, acme, globex } = await setup();
    const csv =
      'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind\n2026-01-02T00:00:00Z,a,BTC,buy,1,100,USD,,,V,T1,spot\n2026-02-02T00:00:00Z,a,BTC,sell,1,150,USD,,,V,T2,spot\n';
    expect((await send(app, 'POST', '/v1/ledger/fills', acme.institution, { csv })).status).toBe(201);
    const report = async (key: string) =>
      (await json(await send(app, 'POST', '/v1/reports/tax', key, { method: 'FIFO', year: 2026, jurisdiction: 'US' })))
        .totals;
    expect((await report(acme.institution)).disposals.gain).toBe('50');
    expect((await report(globex.institution)).fills).toBe(0);
  });
});
