/**
 * What goes into the log. A leaf's input bytes are the UTF-8 canonical JSON (see canonical-json.ts)
 * of `{"kind":…,"payload":…}`; its hash is SHA-256(0x00 || those bytes). Anyone holding the kind
 * and payload can recompute the leaf hash, so entries need no separate signature.
 *
 * Entries are public (the log is readable by anyone): payloads must carry commitments, digests and
 * codes, never personal data.
 */
import { VouchError } from '../errors/index.js';
import { canonicalJson } from './canonical-json.js';
import { hashLeaf } from './hash.js';

export const LOG_ENTRY_KINDS = [
  'hook-decision',
  'rejection-digest',
  'status-snapshot',
  'issuer-set-root',
  'report-commitment',
  'escrow-committee',
  'unmask-request',
  'unmask-result',
] as const;
export type LogEntryKind = (typeof LOG_ENTRY_KINDS)[number];

/** 64 KiB: entries are digests and decisions, not documents; keeps proofs and storage cheap. */
export const MAX_ENTRY_BYTES = 64 * 1024;

export interface LogEntryInput {
  kind: LogEntryKind;
  /** A JSON object (plain data; see canonicalJson for what is accepted). */
  payload: Record<string, unknown>;
}

export interface EncodedEntry {
  kind: LogEntryKind;
  /** The canonical JSON text; its UTF-8 bytes are the leaf input. */
  body: string;
  leafHash: Uint8Array;
}

export function isLogEntryKind(kind: unknown): kind is LogEntryKind {
  return typeof kind === 'string' && (LOG_ENTRY_KINDS as readonly string[]).includes(kind);
}

/** Validates an entry from untrusted input and returns its leaf bytes and hash. */
export function encodeEntry(kind: unknown, payload: unknown): EncodedEntry {
  if (!isLogEntryKind(kind)) {
    throw new VouchError('LOG_ENTRY_INVALID', `unknown entry kind (expected one of ${LOG_ENTRY_KINDS.join(', ')})`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new VouchError('LOG_ENTRY_INVALID', 'entry payload must be a JSON object');
  }
  let body: string;
  try {
    body = canonicalJson({ kind, payload });
  } catch (err) {
    throw new VouchError('LOG_ENTRY_INVALID', 'entry payload is not plain JSON data', { cause: err });
  }
  const bytes = new TextEncoder().encode(body);
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new VouchError('LOG_ENTRY_INVALID', `entry exceeds ${MAX_ENTRY_BYTES} bytes`, {
      details: { bytes: bytes.length },
    });
  }
  return { kind, body, leafHash: hashLeaf(bytes) };
}

/** The leaf hash of an entry, for verifiers that rebuild an entry from what they hold. */
export function entryLeafHash(kind: LogEntryKind, payload: Record<string, unknown>): Uint8Array {
  return encodeEntry(kind, payload).leafHash;
}
