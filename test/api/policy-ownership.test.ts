/**
 * Issue 19, finding 3 (without proofs; the proof-carrying attack is in policy-ownership-attack.test.ts):
 * a tenant admin manages only its own policies, the shared catalogue only the operator, and no
 * document anyone adds changes what a venue enforces until that venue adopts it.
 */
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/index.js';
import { bearer, json, keysFor, makeTestApp } from './helpers.js';

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

async function setup() {
  const t = await makeTestApp();
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

describe('policy ownership', () => {
  it('has an operator role, which no tenant admin can hand out over the API', async () => {
    expect(ROLES).toContain('operator');
    const { mallory, send } = await setup();
    const r = await send('POST', '/v1/admin/keys', mallory.admin, { role: 'operator' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INPUT_INVALID');
  });

  it("keeps another tenant's admin's policy out of every other tenant's view and venue", async () => {
    const { venue, mallory, send } = await setup();
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
    const { venue, mallory, send, db } = await setup();
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
    const { venue, send, db } = await setup();
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
