/**
 * Shape check of an untrusted bundle document: types and required fields only. Content problems
 * (a bad hash, salt or signature) are left to the checks, which report them with their own codes;
 * this only rejects what cannot be read as a bundle at all (BUNDLE_MALFORMED with the JSON path).
 */
import { VouchError } from '../../errors/index.js';
import { BUNDLE_VERSION, COMMITMENT_ALG, type ReportBundle } from '../bundle/index.js';

/** Checks the shape of an untrusted report bundle document (BUNDLE_MALFORMED naming the field) and returns it typed; verifies nothing. */
export function parseBundle(doc: unknown): ReportBundle {
  const b = obj(doc, '$');
  if (b.version !== BUNDLE_VERSION) bad('$.version', `unsupported version (expected ${BUNDLE_VERSION})`);
  str(b.kind, '$.kind');
  str(b.institution, '$.institution');
  str(b.period, '$.period');
  if (!('aggregates' in b)) bad('$.aggregates', 'missing');
  const c = obj(b.commitment, '$.commitment');
  if (c.alg !== COMMITMENT_ALG) bad('$.commitment.alg', `unsupported (expected ${COMMITMENT_ALG})`);
  str(c.root, '$.commitment.root');
  int(c.count, '$.commitment.count');
  if (!Array.isArray(b.records)) bad('$.records', 'must be an array');
  b.records.forEach((r: unknown, i: number) => {
    const p = `$.records[${i}]`;
    const rec = obj(r, p);
    int(rec.index, `${p}.index`);
    str(rec.salt, `${p}.salt`);
    if (!('record' in rec)) bad(`${p}.record`, 'missing');
    if (rec.proof !== undefined) strList(rec.proof, `${p}.proof`);
  });
  str(b.signature, '$.signature');
  const log = obj(b.log, '$.log');
  int(log.index, '$.log.index');
  strList(log.inclusionProof, '$.log.inclusionProof');
  str(log.checkpoint, '$.log.checkpoint');
  return doc as ReportBundle;
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) bad(path, 'must be an object');
  return v as Record<string, unknown>;
}

function str(v: unknown, path: string): void {
  if (typeof v !== 'string') bad(path, 'must be a string');
}

function int(v: unknown, path: string): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad(path, 'must be a non-negative integer');
}

function strList(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) bad(path, 'must be an array of strings');
}

function bad(path: string, what: string): never {
  throw new VouchError('BUNDLE_MALFORMED', `${path} ${what}`, { details: { path } });
}
