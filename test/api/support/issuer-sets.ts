/**
 * Test wiring for named issuer sets: the set's owner (an operator key for the catalogue's sets)
 * admits an issuer over HTTP, and the holder reads the set's members from the served
 * registry.json, as a real holder would.
 */
import { expect } from 'vitest';
import { loadRegistryFile, type RegistryMember } from '../../../src/credentials/index.js';
import { bearer, type TestApp } from '../helpers.js';

/** The members of set `set` as /v1/registry publishes them (after `ownerKey` admits `issuerId`, when given). */
export async function catalogueMembers(
  t: TestApp,
  ownerKey: string,
  set: string,
  issuerId?: string,
): Promise<readonly RegistryMember[]> {
  if (issuerId !== undefined) {
    const r = await t.app.request(`/v1/issuer-sets/${set}/members`, {
      method: 'POST',
      headers: { ...bearer(ownerKey), 'content-type': 'application/json' },
      body: JSON.stringify({ issuerId }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
  }
  const file = await (await t.app.request('/v1/registry')).json();
  return (await loadRegistryFile(file, { clock: () => Math.floor(t.clock.now() / 1000), set })).members;
}
