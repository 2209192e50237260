/**
 * Issue 19, finding 3 (without proofs; the proof-carrying attack is in policy-ownership-attack.test.ts):
 * a tenant admin manages only its own policies, the shared catalogue only the operator, and no
 * document anyone adds changes what a venue enforces until that venue adopts it. On the embedded
 * SQLite file and on PostgreSQL (issue 14), where a second app on the same database — another
 * service process — sees every document and adoption the first made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/index.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { bearer, json, keysFor, makeTestApp } from './helpers.js';

const STORES = ['sqlite', 'postgres'] as const;
/** The policy book's tables and the issuer sets its documents claim: emptied before each PostgreSQL test. */
const TABLES = ['policy_documents', 'venue_policies', 'issuer_sets', 'issuer_set_members'];

let schema: PgSchema;
const handles: PostgresHandle[] = [];
beforeAll(async () => {
  schema = await freshPgSchema('policies');
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await schema.drop();
});

/** A PostgreSQL handle on this file's schema (each app its own pool, as separate processes have). */
async function openPg(): Promise<PostgresHandle> {
  const pg = await schema.open({ maxConnections: 4 });
  handles.push(pg);
  return pg;
}

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

async function setup(kind: (typeof STORES)[number]) {
  let pg: PostgresHandle | undefined;
  if (kind === 'postgres') {
    pg = await openPg();
    await pg.pool.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`);
  }
  const t = await makeTestApp(pg ? { pg } : {});
  const venue = await keysFor(t.db, 'example-venue');
  const mallory = await keysFor(t.db, 'mallory');
  const send = async (method: string, path: string, key: string, body?: unknown) => {
    const res = await t.app.request(path, {
      method,
      headers: { ...bearer(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await json(res) };
  };
  return { ...t, venue, mallory, send };
}

describe.each(STORES)('policy ownership on %s', (kind) => {
  it('has an operator role, which no tenant admin can hand out over the API', async () => {
    expect(ROLES).toContain('operator');
    const { mallory, send } = await setup(kind);
    const r = await send('POST', '/v1/admin/keys', mallory.admin, { role: 'operator' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INPUT_INVALID');
  });

  it("keeps another tenant's admin's policy out of every other tenant's view and venue", async () => {
    const { venue, mallory, send } = await setup(kind);
    const before = await send('GET', '/v1/venue/policies', venue.venue);
    const added = await send('POST', '/v1/policies', mallory.admin, OPEN_DOOR);
    expect(added.status).toBe(201);
    expect(added.body.owner).toBe('mallory');
    // invisible to the example venue: not listed, not readable, not adoptable (404 like a missing one)
    const listed = await send('GET', '/v1/policies', venue.venue);
    expect(listed.body.policies.map((p: { ref: string }) => p.ref)).not.toContain('open-door@1.0.0');
    expect(listed.body.policies.every((p: { owner: string }) => p.owner === 'catalogue')).toBe(true);
    for (const key of [venue.venue, venue.admin, venue.auditor]) {
      const r = await send('GET', '/v1/policies/open-door@1.0.0', key);
      expect([r.status, r.body.code]).toEqual([404, 'POLICY_UNKNOWN']);
    }
    const adopt = await send('POST', '/v1/venue/policies', venue.venue, { ref: 'open-door@1.0.0' });
    expect([adopt.status, adopt.body.code]).toEqual([404, 'POLICY_UNKNOWN']);
    // the example venue still enforces exactly what it did
    expect(await send('GET', '/v1/venue/policies', venue.venue)).toEqual(before);
    // mallory sees and may adopt its own policy at its own venue
    expect((await send('GET', '/v1/policies/open-door@1.0.0', mallory.auditor)).body.owner).toBe('mallory');
    const own = await send('POST', '/v1/venue/policies', mallory.venue, { ref: 'open-door@1.0.0' });
    expect(own.status).toBe(200);
    expect(own.body.policies.map((p: { ref: string }) => p.ref)).toContain('open-door@1.0.0');
    expect(await send('GET', '/v1/venue/policies', venue.venue)).toEqual(before);
  });

  it('lets only the operator add to the shared catalogue, and an admin cannot take a catalogue ref', async () => {
    const { venue, mallory, send, db } = await setup(kind);
    const operator = (await keysFor(db, 'ops')).operator;
    const mica = (await send('GET', '/v1/policies/eu-mica-retail-spot@1.0.0', venue.venue)).body.document;
    const taken = await send('POST', '/v1/policies', mallory.admin, mica);
    expect([taken.status, taken.body.code]).toEqual([409, 'CONFLICT']);
    // an admin's new version is its tenant's own, not the catalogue's
    const own = await send('POST', '/v1/policies', mallory.admin, { ...mica, version: '9.0.0', predicates: [] });
    expect(own.body.owner).toBe('mallory');
    expect((await send('GET', '/v1/policies/eu-mica-retail-spot@9.0.0', venue.venue)).status).toBe(404);
    // the operator's version is the catalogue's: everyone sees it
    const next = await send('POST', '/v1/policies', operator, { ...mica, version: '1.1.0' });
    expect([next.status, next.body.owner]).toEqual([201, 'catalogue']);
    expect((await send('GET', '/v1/policies/eu-mica-retail-spot@1.1.0', mallory.institution)).body.owner).toBe(
      'catalogue',
    );
    expect((await send('POST', '/v1/policies', operator, { ...mica, version: '1.1.0' })).status).toBe(409);
  });

  it('enforces a new catalogue version at a venue only after the venue adopts it, and retires on request', async () => {
    const { venue, send, db } = await setup(kind);
    const operator = (await keysFor(db, 'ops')).operator;
    const mica = (await send('GET', '/v1/policies/eu-mica-retail-spot@1.0.0', venue.venue)).body.document;
    const refs = async () =>
      (await send('GET', '/v1/venue/policies', venue.venue)).body.policies.map(
        (p: { ref: string }) => p.ref,
      ) as string[];
    const shipped = await refs();
    expect(shipped).toContain('eu-mica-retail-spot@1.0.0');
    await send('POST', '/v1/policies', operator, { ...mica, version: '1.1.0' });
    expect(await refs()).toEqual(shipped);
    const adopted = await send('POST', '/v1/venue/policies', venue.venue, { ref: 'eu-mica-retail-spot@1.1.0' });
    expect(adopted.status).toBe(200);
    expect(await refs()).toEqual([...shipped, 'eu-mica-retail-spot@1.1.0']);
    const retired = await send('DELETE', '/v1/venue/policies/eu-mica-retail-spot@1.0.0', venue.admin);
    expect(retired.status).toBe(200);
    expect(await refs()).toEqual([
      ...shipped.filter((r) => r !== 'eu-mica-retail-spot@1.0.0'),
      'eu-mica-retail-spot@1.1.0',
    ]);
    const again = await send('DELETE', '/v1/venue/policies/eu-mica-retail-spot@1.0.0', venue.admin);
    expect([again.status, again.body.code]).toEqual([404, 'POLICY_UNKNOWN']);
    // retiring everything means enforcing nothing, not falling back to the default
    for (const ref of await refs()) await send('DELETE', `/v1/venue/policies/${ref}`, venue.venue);
    expect(await refs()).toEqual([]);
  });
});

describe('policy book on PostgreSQL across service processes', () => {
  /** Two apps on one schema, each with its own pool and deps: two `vouch serve` processes. */
  async function twoApps() {
    const pgOne = await openPg();
    await pgOne.pool.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`);
    const one = await makeTestApp({ pg: pgOne });
    const two = await makeTestApp({ pg: await openPg() });
    const send = async (t: typeof one, method: string, path: string, key: string, body?: unknown) => {
      const res = await t.app.request(path, {
        method,
        headers: { ...bearer(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await json(res) };
    };
    return { one, two, send };
  }

  it('shows a document added and an adoption made through one process to the other at once', async () => {
    const { one, two, send } = await twoApps();
    // keys live in PostgreSQL too: made through one app, they authenticate through the other
    const acme = await keysFor(one.db, 'acme');
    const refs = async (t: typeof one) =>
      (await send(t, 'GET', '/v1/venue/policies', acme.venue)).body.policies.map((p: { ref: string }) => p.ref);
    // both processes start from the shipped catalogue (the venue has adopted nothing yet)
    const shipped = await refs(two);
    expect(await refs(one)).toEqual(shipped);
    const added = await send(one, 'POST', '/v1/policies', acme.admin, { ...OPEN_DOOR, issuerSet: 'acme-kyc' });
    expect([added.status, added.body.owner]).toEqual([201, 'acme']);
    const seen = await send(two, 'GET', '/v1/policies/open-door@1.0.0', acme.auditor);
    expect([seen.status, seen.body.owner, seen.body.issuerSet]).toEqual([200, 'acme', 'acme-kyc']);
    // the set the document claimed is the credential store's: the second process serves it as acme's
    expect((await send(two, 'POST', '/v1/policies', acme.admin, OPEN_DOOR)).body.code).toBe('CONFLICT');
    const adopted = await send(two, 'POST', '/v1/venue/policies', acme.venue, { ref: 'open-door@1.0.0' });
    expect(adopted.status).toBe(200);
    expect(await refs(one)).toEqual([...shipped, 'open-door@1.0.0']);
    // a retirement through the first process is what the second enforces next
    expect((await send(one, 'DELETE', `/v1/venue/policies/${shipped[0]}`, acme.admin)).status).toBe(200);
    expect(await refs(two)).toEqual([...shipped.slice(1), 'open-door@1.0.0']);
  });

  it('gives a new issuer-set name to exactly one of two tenants racing through two processes', async () => {
    const { one, two, send } = await twoApps();
    const [acme, mallory] = [await keysFor(one.db, 'acme'), await keysFor(two.db, 'mallory')];
    const doc = { ...OPEN_DOOR, issuerSet: 'contested-kyc' };
    const [a, m] = await Promise.all([
      send(one, 'POST', '/v1/policies', acme.admin, doc),
      send(two, 'POST', '/v1/policies', mallory.admin, doc),
    ]);
    expect([a.status, m.status].sort()).toEqual([201, 403]);
    const loser = a.status === 403 ? a : m;
    expect(loser.body.code).toBe('ISSUER_SET_FORBIDDEN');
    // the loser stored nothing: only the winner's document exists
    const docs = await one.deps.pg!.pool.query('SELECT owner FROM policy_documents');
    expect(docs.rows).toEqual([{ owner: a.status === 201 ? 'acme' : 'mallory' }]);
  });
});
