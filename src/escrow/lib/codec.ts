/**
 * JSON encodings shared by the escrow files: scalars as decimal strings (< l), points through
 * format.ts (checked), bytes as base64url, proofs as {c, z}. Every parser treats its input as
 * untrusted and throws the caller's code naming the field, never echoing a value.
 */
import { VouchError, type VouchErrorCode } from '../../errors/index.js';
import { parseEscrowPoint, escrowPointToJson, type EscrowPointJson } from '../format.js';
import { SUBGROUP_ORDER, type Point } from './curve.js';
import type { DleqProof } from './dleq.js';

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

export type CodecCode = Extract<
  VouchErrorCode,
  | 'ESCROW_COMMITTEE_INVALID'
  | 'ESCROW_DEALING_INVALID'
  | 'ESCROW_SHARE_INVALID'
  | 'UNMASK_REQUEST_INVALID'
  | 'INPUT_INVALID'
>;

export function fail(code: CodecCode, field: string, what: string): never {
  throw new VouchError(code, `${field} ${what}`, { details: { field } });
}

export function object(value: unknown, field: string, code: CodecCode): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(code, field, 'must be an object');
  return value as Record<string, unknown>;
}

export function scalar(value: unknown, field: string, code: CodecCode): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value)) fail(code, field, 'must be a decimal string');
  const v = BigInt(value);
  if (v >= SUBGROUP_ORDER) fail(code, field, 'must be below the subgroup order');
  return v;
}

export function point(value: unknown, field: string, code: CodecCode): Point {
  // shape errors carry the caller's code; a well-formed but bad point is ESCROW_POINT_INVALID
  return parseEscrowPoint(value, field, code === 'ESCROW_COMMITTEE_INVALID' ? code : 'INPUT_INVALID');
}

export function pointJson(p: Point): EscrowPointJson {
  return escrowPointToJson(p);
}

export function bytes(value: unknown, field: string, code: CodecCode, length?: number): Buffer {
  if (typeof value !== 'string' || !B64URL.test(value)) fail(code, field, 'must be base64url');
  const b = Buffer.from(value, 'base64url');
  if (b.toString('base64url') !== value) fail(code, field, 'is not canonical base64url');
  if (length !== undefined && b.length !== length) fail(code, field, `must be ${length} bytes`);
  return b;
}

export function index(value: unknown, field: string, code: CodecCode, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    fail(code, field, `must be an integer in [1, ${max}]`);
  return value;
}

export function hex(value: unknown, field: string, code: CodecCode, length = 64): string {
  if (typeof value !== 'string' || value.length !== length || !/^[0-9a-f]+$/.test(value))
    fail(code, field, `must be ${length} lowercase hex characters`);
  return value;
}

export function proof(value: unknown, field: string, code: CodecCode): DleqProof {
  const o = object(value, field, code);
  return { c: scalar(o.c, `${field}.c`, code), z: scalar(o.z, `${field}.z`, code) };
}

export function proofJson(p: DleqProof): { c: string; z: string } {
  return { c: p.c.toString(), z: p.z.toString() };
}
