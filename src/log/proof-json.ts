/**
 * JSON shapes of proofs for the CLI, routes and report bundles: numbers stay numbers, every hash is
 * standard base64. The parsers treat input as untrusted and throw INPUT_INVALID with the field.
 */
import { VouchError } from '../errors/index.js';
import { decodeBase64, decodeHash, encodeBase64 } from './lib/base64.js';
import { isIndex } from './lib/tree-math.js';
import type { ConsistencyProof, InclusionProof } from './transparency-log.js';

export interface InclusionProofJson {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  proof: string[];
}

export interface ConsistencyProofJson {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

export function inclusionProofToJson(p: InclusionProof): InclusionProofJson {
  return {
    leafIndex: p.leafIndex,
    treeSize: p.treeSize,
    leafHash: encodeBase64(p.leafHash),
    rootHash: encodeBase64(p.rootHash),
    proof: p.proof.map(encodeBase64),
  };
}

export function consistencyProofToJson(p: ConsistencyProof): ConsistencyProofJson {
  return {
    fromSize: p.fromSize,
    toSize: p.toSize,
    fromRoot: encodeBase64(p.fromRoot),
    toRoot: encodeBase64(p.toRoot),
    proof: p.proof.map(encodeBase64),
  };
}

/** Reads a consistency proof from its JSON form (untrusted input: INPUT_INVALID naming the field). */
export function consistencyProofFromJson(json: unknown): ConsistencyProof {
  const o = object(json);
  return {
    fromSize: index(o, 'fromSize'),
    toSize: index(o, 'toSize'),
    fromRoot: hash(o.fromRoot, 'fromRoot'),
    toRoot: hash(o.toRoot, 'toRoot'),
    proof: hashList(o.proof, 'proof'),
  };
}

/** Reads an inclusion proof from its JSON form (untrusted input: INPUT_INVALID naming the field). */
export function inclusionProofFromJson(json: unknown): InclusionProof {
  const o = object(json);
  return {
    leafIndex: index(o, 'leafIndex'),
    treeSize: index(o, 'treeSize'),
    leafHash: hash(o.leafHash, 'leafHash'),
    rootHash: hash(o.rootHash, 'rootHash'),
    proof: hashList(o.proof, 'proof'),
  };
}

/** A list of base64 32-byte hashes (proof elements). */
export function hashList(value: unknown, field: string): Uint8Array[] {
  if (!Array.isArray(value)) invalid(field, 'must be a list of base64 hashes');
  return value.map((v, i) => hash(v, `${field}[${i}]`));
}

function hash(value: unknown, field: string): Uint8Array {
  const h = decodeHash(value);
  if (h === undefined)
    invalid(field, decodeBase64(value) === undefined ? 'is not canonical base64' : 'is not 32 bytes');
  return h;
}

function index(o: Record<string, unknown>, field: string): number {
  const v = o[field];
  if (!isIndex(v)) invalid(field, 'must be a non-negative integer');
  return v;
}

function object(json: unknown): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) invalid('$', 'must be an object');
  return json as Record<string, unknown>;
}

function invalid(field: string, what: string): never {
  throw new VouchError('INPUT_INVALID', `${field} ${what}`, { details: { field } });
}
