/** No tenant can read or change another tenant's objects, and cannot tell whether they exist. */
import { describe, expect, it } from 'vitest';
import { bearer, keysFor, makeTestApp, json } from './helpers.js';

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
    const ids = ((await json(res)).keys as { id: string; tenant: string }[]);
    expect(ids.map((k) => k.tenant)).toEqual(Array(5).fill('globex'));
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
