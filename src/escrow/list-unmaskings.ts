/**
 * What an auditor asks of the log: every unmasking request and its outcome. Pure over log entries
 * ({index, kind, payload}, as /v1/log/entries or `vouch log entry --json` give them), so the CLI
 * and the browser auditor console share it; it reads public data only and decrypts nothing.
 * A request without a result is `pending`; a result naming no logged request is reported as an
 * anomaly rather than dropped.
 */
import { canonicalJson, hashLeaf } from '../log/index.js';

export interface LogEntryView {
  index: number;
  kind: string;
  payload: Record<string, unknown>;
}

export interface UnmaskingRecord {
  requestIndex: number;
  /** Hex leaf hash of the request entry. */
  request: string;
  decision: string;
  legalBasis: string;
  requester: string;
  committeeId: string;
  epoch: number;
  requestedAt: number;
  status: 'pending' | 'recovered';
  results: { index: number; outcome: string; members: number[]; identityCommitment: string }[];
}

export interface UnmaskingListing {
  unmaskings: UnmaskingRecord[];
  /** Results whose request is not (or not before them) in the entries given. */
  orphanResults: { index: number; request: string }[];
}

/** Pairs every unmasking request in the given log entries with its result, and lists results with no earlier request. Pure: decrypts nothing. */
export function listUnmaskings(entries: Iterable<LogEntryView>): UnmaskingListing {
  const byRef = new Map<string, UnmaskingRecord>();
  const out: UnmaskingListing = { unmaskings: [], orphanResults: [] };
  for (const e of [...entries].sort((a, b) => a.index - b.index)) {
    if (e.kind === 'unmask-request') {
      const p = e.payload;
      const ref = toHex(hashLeaf(new TextEncoder().encode(canonicalJson({ kind: e.kind, payload: p }))));
      const rec: UnmaskingRecord = {
        requestIndex: e.index,
        request: ref,
        decision: String(p.decision),
        legalBasis: String(p.legalBasis),
        requester: String(p.requester),
        committeeId: String(p.committeeId),
        epoch: Number(p.epoch),
        requestedAt: Number(p.requestedAt),
        status: 'pending',
        results: [],
      };
      byRef.set(ref, rec);
      out.unmaskings.push(rec);
    } else if (e.kind === 'unmask-result') {
      const p = e.payload;
      const rec = byRef.get(String(p.request));
      if (!rec) {
        out.orphanResults.push({ index: e.index, request: String(p.request) });
        continue;
      }
      rec.status = 'recovered';
      rec.results.push({
        index: e.index,
        outcome: String(p.outcome),
        members: Array.isArray(p.members) ? p.members.map(Number) : [],
        identityCommitment: String(p.identityCommitment),
      });
    }
  }
  return out;
}

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
