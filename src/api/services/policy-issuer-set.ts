/**
 * A policy names its issuer set: the owner's own, or the catalogue's — never another tenant's
 * (that tenant could then decide who satisfies this policy). A name no set has yet becomes a set
 * of the policy's owner. The catalogue's sets exist before any tenant can add a policy.
 */
import { CATALOGUE_OWNER } from '../../db/schema/policies.js';
import { VouchError } from '../../errors/index.js';

/** Throws ISSUER_SET_FORBIDDEN unless a set owned by `setOwner` may be named by a policy of `owner`. */
export function assertSetClaimable(name: string, owner: string, setOwner: string | undefined): void {
  if (setOwner === undefined) return;
  if (setOwner !== owner && setOwner !== CATALOGUE_OWNER) {
    throw new VouchError(
      'ISSUER_SET_FORBIDDEN',
      `issuer set ${name} belongs to another tenant; a policy names its owner's set or the catalogue's`,
    );
  }
  if (owner === CATALOGUE_OWNER && setOwner !== CATALOGUE_OWNER) {
    throw new VouchError(
      'ISSUER_SET_FORBIDDEN',
      `issuer set ${name} belongs to a tenant; a catalogue policy names a catalogue set`,
    );
  }
}
