/**
 * The committee before its key exists: who the n members are, the threshold k and the epoch.
 * Each member makes its own keys on its own machine (createMemberKeys) and hands out only its
 * public card: an Ed25519 key that signs its dealing and complaints (the public channel is
 * authenticated by it) and a BabyJubJub transport key that dealers encrypt its shares to. Anyone
 * can then assemble the description from the cards (no secret passes through whoever does it);
 * its SHA-256 over canonical JSON is the committee id every later message is bound to.
 *
 * Member indices are 1..n in the order of the cards: they are the Shamir evaluation points.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { VouchError } from '../errors/index.js';
import { canonicalJson } from '../log/index.js';
import type { EscrowPointJson } from './format.js';
import { bytes, fail, index, object, point, pointJson, scalar } from './lib/codec.js';
import { mulG, randomScalar, type Point } from './lib/curve.js';

/** 64 members at most: every dealing carries n encrypted shares and k commitments. */
export const MAX_COMMITTEE_MEMBERS = 64;
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export interface MemberCard {
  name: string;
  /** Ed25519 public key, 32 bytes base64url. */
  signingKey: string;
  transportKey: EscrowPointJson;
}

/** What a member keeps sealed (never printed, never logged). */
export interface MemberSecret {
  name: string;
  /** Ed25519 private key seed, base64url. */
  signingSeed: string;
  /** t with transportKey = t·G, decimal. */
  transportSecret: string;
}

export function createMemberKeys(name: string): { card: MemberCard; secret: MemberSecret } {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new RangeError('member name must be 1-32 of a-z, 0-9 and - (not leading)');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'jwk' });
  const priv = privateKey.export({ format: 'jwk' });
  const t = randomScalar();
  return {
    card: { name, signingKey: pub.x!, transportKey: pointJson(mulG(t)) },
    secret: { name, signingSeed: priv.d!, transportSecret: t.toString() },
  };
}

export interface CommitteeDescription {
  type: 'vouch-escrow-committee';
  version: 1;
  epoch: number;
  threshold: number;
  members: (MemberCard & { index: number })[];
}

export interface CommitteeMember {
  index: number;
  name: string;
  signingKey: KeyObject;
  transportKey: Point;
}

export interface Committee {
  description: CommitteeDescription;
  /** SHA-256 (hex) of the description's canonical JSON. */
  id: string;
  epoch: number;
  threshold: number;
  members: CommitteeMember[];
}

export interface CreateCommitteeOptions {
  epoch: number;
  threshold: number;
  members: readonly MemberCard[];
}

/** The description from the members' cards (validated like an untrusted file). */
export function createCommittee(o: CreateCommitteeOptions): CommitteeDescription {
  const description: CommitteeDescription = {
    type: 'vouch-escrow-committee',
    version: 1,
    epoch: o.epoch,
    threshold: o.threshold,
    members: o.members.map((m, i) => ({
      index: i + 1,
      name: m.name,
      signingKey: m.signingKey,
      transportKey: m.transportKey,
    })),
  };
  parseCommittee(description);
  return description;
}

/** A committee description from untrusted JSON, every key checked; ESCROW_COMMITTEE_INVALID. */
export function parseCommittee(json: unknown): Committee {
  const C = 'ESCROW_COMMITTEE_INVALID' as const;
  const o = object(json, 'committee', C);
  if (o.type !== 'vouch-escrow-committee' || o.version !== 1)
    fail(C, 'committee', 'is not a vouch-escrow-committee version 1');
  if (typeof o.epoch !== 'number' || !Number.isSafeInteger(o.epoch) || o.epoch < 1)
    fail(C, 'epoch', 'must be a positive integer');
  if (!Array.isArray(o.members) || o.members.length < 2 || o.members.length > MAX_COMMITTEE_MEMBERS) {
    fail(C, 'members', `must list 2 to ${MAX_COMMITTEE_MEMBERS} members`);
  }
  const n = o.members.length;
  if (typeof o.threshold !== 'number' || !Number.isInteger(o.threshold) || o.threshold < 2 || o.threshold > n) {
    fail(C, 'threshold', 'must be an integer k with 2 <= k <= n');
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  const members = o.members.map((raw, i) => {
    const m = object(raw, `members[${i}]`, C);
    if (index(m.index, `members[${i}].index`, C, n) !== i + 1)
      fail(C, `members[${i}].index`, 'must be the member’s position, counting from 1');
    if (typeof m.name !== 'string' || !NAME.test(m.name) || names.has(m.name))
      fail(C, `members[${i}].name`, 'must be a unique name of a-z, 0-9 and -');
    names.add(m.name);
    const raw32 = bytes(m.signingKey, `members[${i}].signingKey`, C, 32);
    const transportKey = point(m.transportKey, `members[${i}].transportKey`, C);
    for (const k of [raw32.toString('hex'), pointJson(transportKey).x]) {
      if (keys.has(k)) fail(C, `members[${i}]`, 'reuses another member’s key');
      keys.add(k);
    }
    const signingKey = ed25519Public(raw32, `members[${i}].signingKey`);
    return { index: i + 1, name: m.name, signingKey, transportKey };
  });
  const description = JSON.parse(
    canonicalJson({ type: o.type, version: o.version, epoch: o.epoch, threshold: o.threshold, members: o.members }),
  ) as CommitteeDescription;
  return { description, id: digestHex(canonicalJson(description)), epoch: o.epoch, threshold: o.threshold, members };
}

export function memberByIndex(committee: Committee, index: number): CommitteeMember {
  const m = committee.members.find((x) => x.index === index);
  if (!m)
    throw new VouchError('ESCROW_MEMBER_UNKNOWN', 'no member with that index in the committee', {
      details: { member: index },
    });
  return m;
}

/** The member a secret belongs to (its transport key must be in the committee). */
export function memberOfSecret(committee: Committee, secret: MemberSecret): CommitteeMember {
  const t = scalar(secret.transportSecret, 'transportSecret', 'INPUT_INVALID');
  const mine = mulG(t);
  const m = committee.members.find((x) => x.transportKey.equals(mine));
  if (!m || m.name !== secret.name)
    throw new VouchError('ESCROW_MEMBER_UNKNOWN', 'this member key is not one of the committee’s members');
  return m;
}

// ---- signatures on the committee's public channel ----

/** Ed25519 over "vouch/escrow/<purpose>/v1\n" + canonical JSON of the message (without `signature`). */
export function signMessage(secret: MemberSecret, purpose: string, message: Record<string, unknown>): string {
  return sign(null, signedBytes(purpose, message), signingKeyOf(secret)).toString('base64url');
}

export function verifyMessage(
  key: KeyObject,
  purpose: string,
  message: Record<string, unknown>,
  signature: unknown,
): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  try {
    return verify(null, signedBytes(purpose, message), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function signedBytes(purpose: string, message: Record<string, unknown>): Buffer {
  const { signature: _s, ...body } = message;
  return Buffer.from(`vouch/escrow/${purpose}/v1\n${canonicalJson(body)}`, 'utf8');
}

/** The Ed25519 private key from its 32-byte seed (PKCS#8 v1: the fixed RFC 8410 prefix, then the seed). */
function signingKeyOf(secret: MemberSecret): KeyObject {
  const seed = Buffer.from(secret.signingSeed, 'base64url');
  if (seed.length !== 32) throw new VouchError('INPUT_INVALID', 'member key file: signing seed must be 32 bytes');
  return createPrivateKey({
    format: 'der',
    type: 'pkcs8',
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
  });
}

function ed25519Public(raw: Buffer, field: string): KeyObject {
  try {
    return createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') } });
  } catch {
    fail('ESCROW_COMMITTEE_INVALID', field, 'is not an Ed25519 public key');
  }
}

export function digestHex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
