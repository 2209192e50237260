/**
 * A committee member's secrets at rest, in its own data dir, sealed under the data dir's KEK by the
 * one keys-at-rest module (src/keys): its member keys (Ed25519 signing seed, BabyJubJub transport
 * secret) from `vouch escrow keygen`, and its key share s_j of each committee it finalized. Files
 * are created exclusively (never overwritten) with mode 0600 in a 0700 directory; a secret is
 * opened only for the one call that needs it and never printed, logged or put in an error.
 *
 *   <dataDir>/keys/escrow/member-<name>.key          context "vouch/escrow-member-key/v1"
 *   <dataDir>/keys/escrow/share-<committeeId>-<name>.key    context "vouch/escrow-key-share/v1"
 */
import { join } from 'node:path';
import { VouchError } from '../errors/index.js';
import { createSealedFile, keysDir, loadKek, readSealedFile, type SealedFileOptions } from '../keys/index.js';
import type { MemberSecret } from './committee.js';

const MEMBER_CONTEXT = 'vouch/escrow-member-key/v1';
const SHARE_CONTEXT = 'vouch/escrow-key-share/v1';
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const COMMITTEE_ID = /^[0-9a-f]{64}$/;

/** A member's share of one committee's key, as sealed. */
export interface SealedKeyShare {
  committeeId: string;
  epoch: number;
  name: string;
  index: number;
  share: bigint;
}

function options(dataDir: string, context: string): SealedFileOptions {
  return {
    kek: loadKek(dataDir),
    context,
    codes: { unavailable: 'ESCROW_MEMBER_KEY_UNAVAILABLE', insecure: 'ESCROW_MEMBER_KEY_INSECURE' },
  };
}

function memberPath(dataDir: string, name: string): string {
  if (!NAME.test(name)) throw new VouchError('USAGE', 'a member name is 1-32 of a-z, 0-9 and - (not leading)');
  return join(keysDir(dataDir), 'escrow', `member-${name}.key`);
}

function sharePath(dataDir: string, committeeId: string, name: string): string {
  if (!COMMITTEE_ID.test(committeeId))
    throw new VouchError('ESCROW_COMMITTEE_INVALID', 'a committee id is 64 lowercase hex characters');
  memberPath(dataDir, name);
  return join(keysDir(dataDir), 'escrow', `share-${committeeId}-${name}.key`);
}

/** Seals a new member's keys; CONFLICT when this data dir already holds a member of that name. */
export function storeMemberSecret(dataDir: string, secret: MemberSecret): void {
  if (!createSealedFile(memberPath(dataDir, secret.name), JSON.stringify(secret), options(dataDir, MEMBER_CONTEXT))) {
    throw new VouchError('CONFLICT', `this data dir already holds escrow member keys named ${secret.name}`, {
      details: { member: secret.name },
    });
  }
}

/** The member's keys; ESCROW_MEMBER_UNKNOWN when this data dir holds none of that name. */
export function loadMemberSecret(dataDir: string, name: string): MemberSecret {
  const text = readSealedFile(memberPath(dataDir, name), options(dataDir, MEMBER_CONTEXT));
  if (text === undefined)
    throw new VouchError(
      'ESCROW_MEMBER_UNKNOWN',
      `this data dir holds no escrow member keys named ${name} (vouch escrow keygen)`,
      { details: { member: name } },
    );
  return JSON.parse(text) as MemberSecret;
}

/** Seals the member's share of a finalized committee key; CONFLICT if one is already sealed for it. */
export function storeKeyShare(dataDir: string, s: SealedKeyShare): void {
  const body = JSON.stringify({ ...s, share: s.share.toString() });
  if (!createSealedFile(sharePath(dataDir, s.committeeId, s.name), body, options(dataDir, SHARE_CONTEXT))) {
    throw new VouchError('CONFLICT', 'this data dir already holds a key share of that committee', {
      details: { committeeId: s.committeeId },
    });
  }
}

/** The member's share of the committee's key; ESCROW_MEMBER_UNKNOWN when this data dir is no member of it. */
export function loadKeyShare(dataDir: string, committeeId: string, name: string): SealedKeyShare {
  const text = readSealedFile(sharePath(dataDir, committeeId, name), options(dataDir, SHARE_CONTEXT));
  if (text === undefined) {
    throw new VouchError(
      'ESCROW_MEMBER_UNKNOWN',
      `${name} holds no key share of that escrow committee here: it is not one of its members`,
      { details: { committeeId, member: name } },
    );
  }
  const o = JSON.parse(text) as Omit<SealedKeyShare, 'share'> & { share: string };
  return { ...o, share: BigInt(o.share) };
}
