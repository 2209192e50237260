/**
 * No split views of the registry: every issuer-set root and every issuer status root the service
 * publishes is an entry of its transparency log before registry.json serves it, and registry.json
 * carries, for each set root and each snapshot it holds, the entry and its inclusion proof under
 * one signed checkpoint. A verifier that checks them (and pins the log's key) knows the operator
 * showed every venue and auditor the same roots: a root served to one party but kept out of the
 * log is refused with REGISTRY_NOT_LOGGED.
 *
 * Entries (public data only):
 *   status-snapshot  { issuerId, seq, statusRoot, snapshotSha256, iat }
 *   issuer-set-root  { set, owner, issuerSetRoot, members: [{ issuerId, seq, statusRoot }] }
 */
import { createHash } from 'node:crypto';
import { VouchError } from '../errors/index.js';
import {
  canonicalJson,
  entryLeafHash,
  inclusionProofFromJson,
  inclusionProofToJson,
  verifyCheckpoint,
  verifyInclusion,
  type InclusionProofJson,
  type AnyTransparencyLog,
  type LogEntryKind,
} from '../log/index.js';
import type { CredentialStore } from './store.js';

export interface LoggedEntry {
  kind: LogEntryKind;
  index: number;
  payload: Record<string, unknown>;
  /** Inclusion of the entry in the tree the checkpoint signs. */
  proof: InclusionProofJson;
}

export interface RegistryTransparency {
  /** The log's signed checkpoint (C2SP signed note) every proof below is relative to. */
  checkpoint: string;
  /** The log's verifier key (`name+keyid+key`); pin it rather than trust this copy. */
  logKey: string;
  /** Per set name: its issuer-set-root entry. */
  sets: Record<string, LoggedEntry>;
  /** Per issuer id: the status-snapshot entry of the snapshot this file carries. */
  snapshots: Record<string, LoggedEntry>;
  /** The escrow-committee entry of the committee this file names, when it names one. */
  escrowCommittee?: LoggedEntry;
}

export const snapshotDigest = (jws: string): string => createHash('sha256').update(jws).digest('hex');

/** Inclusion proofs for `entries` (log indexes) against the log's current signed checkpoint. */
export async function proveLogged(
  log: AnyTransparencyLog,
  sets: Record<string, number>,
  snapshots: Record<string, number>,
  escrowCommittee?: number,
): Promise<RegistryTransparency> {
  const checkpoint = await log.checkpoint();
  const one = async (index: number): Promise<LoggedEntry> => {
    const e = await log.entry(index);
    return {
      kind: e.kind,
      index,
      payload: e.payload,
      proof: inclusionProofToJson(await log.inclusionProof(index, checkpoint.size)),
    };
  };
  const all = async (m: Record<string, number>): Promise<Record<string, LoggedEntry>> => {
    const out: Record<string, LoggedEntry> = {};
    for (const [k, i] of Object.entries(m)) out[k] = await one(i);
    return out;
  };
  return {
    checkpoint: checkpoint.note,
    logKey: log.verifierKey(),
    sets: await all(sets),
    snapshots: await all(snapshots),
    ...(escrowCommittee === undefined ? {} : { escrowCommittee: await one(escrowCommittee) }),
  };
}

export interface CheckLoggedOptions {
  /** The log key the verifier pins (default: the key the file names — trust on first use). */
  logKey?: string;
}

export interface RegistryFacts {
  sets: { name: string; owner: string; issuerSetRoot: string }[];
  /** Each snapshot's issuer, sequence, status root and JWS. */
  snapshots: { issuerId: string; seq: number; statusRoot: string; jws: string }[];
  /** The escrow committee the file names (its `escrowCommittee`), if any. */
  escrowCommittee?: Record<string, unknown>;
}

/**
 * Checks that every set root and every snapshot of a registry file is in the log: the checkpoint
 * is signed by the pinned key, each entry says exactly what the file says, and each inclusion
 * proof leads to the checkpoint's root. REGISTRY_NOT_LOGGED on any failure.
 */
export function checkRegistryLogged(
  facts: RegistryFacts,
  t: RegistryTransparency | undefined,
  o: CheckLoggedOptions = {},
): void {
  if (!t) throw notLogged('the registry file carries no transparency-log proofs');
  let size: number;
  let root: Uint8Array;
  try {
    const cp = verifyCheckpoint(t.checkpoint, o.logKey ?? t.logKey);
    size = cp.size;
    root = cp.rootHash;
  } catch (err) {
    throw notLogged('the registry file’s log checkpoint does not verify under the pinned log key', err);
  }
  const included = (
    what: string,
    e: LoggedEntry | undefined,
    kind: LogEntryKind,
    matches: (p: Record<string, unknown>) => boolean,
  ) => {
    if (!e || e.kind !== kind || typeof e.payload !== 'object' || e.payload === null || !matches(e.payload))
      throw notLogged(`${what} is not in the transparency log`);
    try {
      const proof = inclusionProofFromJson(e.proof);
      if (proof.leafIndex !== e.index || proof.treeSize !== size) throw new Error('proof is for another entry or tree');
      verifyInclusion({
        leafHash: entryLeafHash(kind, e.payload),
        leafIndex: e.index,
        treeSize: size,
        proof: proof.proof,
        rootHash: root,
      });
    } catch (err) {
      throw notLogged(`${what}: its inclusion proof does not lead to the signed checkpoint`, err);
    }
  };
  for (const s of facts.sets) {
    included(
      `issuer set ${s.name}'s root`,
      t.sets[s.name],
      'issuer-set-root',
      (p) => p.set === s.name && p.issuerSetRoot === s.issuerSetRoot && p.owner === s.owner,
    );
  }
  for (const s of facts.snapshots) {
    included(
      `issuer ${s.issuerId}'s status snapshot #${s.seq}`,
      t.snapshots[s.issuerId],
      'status-snapshot',
      (p) =>
        p.issuerId === s.issuerId &&
        p.seq === s.seq &&
        p.statusRoot === s.statusRoot &&
        p.snapshotSha256 === snapshotDigest(s.jws),
    );
  }
  if (facts.escrowCommittee !== undefined) {
    const stated = canonicalJson(facts.escrowCommittee);
    included('the escrow committee', t.escrowCommittee, 'escrow-committee', (p) => canonicalJson(p) === stated);
  }
}

function notLogged(message: string, cause?: unknown): VouchError {
  return new VouchError('REGISTRY_NOT_LOGGED', message, cause === undefined ? {} : { cause });
}

export interface PublishedRoots {
  issuerId: string;
  /** Every status root of the issuer in the log, oldest first. */
  statusRoots: { logIndex: number; seq: number; statusRoot: string; snapshotSha256: string; iat: number }[];
  /** Every issuer-set root in the log that had the issuer as a member, oldest first. */
  setRoots: { logIndex: number; set: string; issuerSetRoot: string; seq: number; statusRoot: string }[];
}

/**
 * What an auditor asks: every root an issuer ever published, read from the log itself (each with
 * its log index, so its inclusion can be proven against any checkpoint via /v1/log).
 */
export async function publishedRoots(store: CredentialStore, issuerId: string): Promise<PublishedRoots> {
  const rows = await store.publishedRootRows(issuerId);
  return {
    issuerId,
    statusRoots: rows.status.map((r) => {
      const p = (
        JSON.parse(r.body) as { payload: { seq: number; statusRoot: string; snapshotSha256: string; iat: number } }
      ).payload;
      return { logIndex: r.idx, seq: p.seq, statusRoot: p.statusRoot, snapshotSha256: p.snapshotSha256, iat: p.iat };
    }),
    setRoots: rows.sets.map((r) => {
      const p = (JSON.parse(r.body) as { payload: { set: string; issuerSetRoot: string } }).payload;
      return { logIndex: r.idx, set: p.set, issuerSetRoot: p.issuerSetRoot, seq: r.seq, statusRoot: r.root };
    }),
  };
}
