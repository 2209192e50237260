/**
 * Shapes shared by every KYC evidence adapter. An adapter turns one piece of evidence into
 * `KycAttributes` plus an `EvidenceRecord` the issuer may keep: a digest, a replay key and the
 * subject commitment — never the evidence itself or any personal data from it.
 */
import type { EvidenceKind, KycAttributes } from '../credentials/schema.js';

/**
 * Answers "has this replay key already been used?" from the issuer's store. It is the early,
 * friendly check; the store's unique constraint on the key is what actually prevents a race.
 */
export type SeenFn = (replayKey: string) => boolean | Promise<boolean>;

/** Injectable clock (tests freeze it). */
export type Clock = () => Date;

export interface EvidenceRecord {
  kind: EvidenceKind;
  /** SHA-256 (hex) of the exact evidence bytes received. */
  digest: string;
  /**
   * What must be unique per issuer: `anon-aadhaar:<nullifierSeed>:<nullifier>`,
   * `vendor-jws:<iss>:<jti>` (each part percent-encoded), `manual:<subject>:<attributesDigest>`.
   */
  replayKey: string;
  /** The holder's subject commitment (decimal field element) the evidence is bound to. */
  subjectCommitment: string;
}

export interface VerifiedEvidence {
  attributes: KycAttributes;
  evidence: EvidenceRecord;
}

/** What every adapter needs from its caller. */
export interface EvidenceContextBase {
  /** Subject commitment (Poseidon(holderSecret)) of the holder the credential will be issued to. */
  subject: bigint;
  seen: SeenFn;
  /** Defaults to the system clock. */
  now?: Clock;
}
