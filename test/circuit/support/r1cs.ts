/**
 * Reads circom's binary outputs (.r1cs, .wtns, .sym) and evaluates every R1CS constraint
 * A·w × B·w = C·w over the BN254 scalar field, in plain bigint. This is the check a Groth16 prover
 * cannot get around: a witness that satisfies every constraint is a proof away, one that fails a
 * single constraint is not. It must never trust the witness calculator's own assertions, which an
 * attacker does not run.
 *
 * Formats: iden3 binfile containers (magic, version, sections); r1cs coefficients and wtns values
 * are little-endian integers of n8 bytes in standard (not Montgomery) form.
 */
import { readFileSync } from 'node:fs';
import { FIELD_MODULUS } from '../../../src/zk/field.js';

/** One side of a constraint: sum of coef × w[wire]. */
interface LinearCombination {
  wires: Uint32Array;
  coefs: bigint[];
}

export interface R1cs {
  nWires: number;
  nPubOut: number;
  nPubIn: number;
  nPrvIn: number;
  constraints: { a: LinearCombination; b: LinearCombination; c: LinearCombination }[];
}

/** Names of the signals held by each wire, and the wire of each name (from a .sym file). */
export interface Symbols {
  wireOf: Map<string, number>;
  /** wire index -> signal name (O2 keeps one signal per wire; wire 0 is the constant 1). */
  nameOf: string[];
}

function sections(buf: Buffer, magic: string): Map<number, Buffer> {
  if (buf.toString('latin1', 0, 4) !== magic) throw new TypeError(`not a ${magic} file`);
  const n = buf.readUInt32LE(8);
  const out = new Map<number, Buffer>();
  let pos = 12;
  for (let i = 0; i < n; i++) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    out.set(type, buf.subarray(pos + 12, pos + 12 + size));
    pos += 12 + size;
  }
  return out;
}

function readLe(buf: Buffer, pos: number, n8: number): bigint {
  let v = 0n;
  for (let i = n8 - 8; i >= 0; i -= 8) v = (v << 64n) | buf.readBigUInt64LE(pos + i);
  return v;
}

function checkPrime(buf: Buffer, pos: number, n8: number): void {
  if (readLe(buf, pos, n8) !== FIELD_MODULUS) throw new TypeError('not a BN254 circuit');
}

export function readR1cs(path: string): R1cs {
  const s = sections(readFileSync(path), 'r1cs');
  const h = s.get(1)!;
  const n8 = h.readUInt32LE(0);
  checkPrime(h, 4, n8);
  let p = 4 + n8;
  const nWires = h.readUInt32LE(p);
  const nPubOut = h.readUInt32LE(p + 4);
  const nPubIn = h.readUInt32LE(p + 8);
  const nPrvIn = h.readUInt32LE(p + 12);
  const nConstraints = h.readUInt32LE(p + 24);
  const body = s.get(2)!;
  p = 0;
  const lc = (): LinearCombination => {
    const n = body.readUInt32LE(p);
    p += 4;
    const wires = new Uint32Array(n);
    const coefs = new Array<bigint>(n);
    for (let i = 0; i < n; i++) {
      wires[i] = body.readUInt32LE(p);
      coefs[i] = readLe(body, p + 4, n8);
      p += 4 + n8;
    }
    return { wires, coefs };
  };
  const constraints: R1cs['constraints'] = [];
  for (let i = 0; i < nConstraints; i++) constraints.push({ a: lc(), b: lc(), c: lc() });
  return { nWires, nPubOut, nPubIn, nPrvIn, constraints };
}

/** The values of a .wtns file (e.g. the `data` of snarkjs's { type: 'mem' } output). */
export function readWtns(data: Uint8Array): bigint[] {
  const s = sections(Buffer.from(data.buffer, data.byteOffset, data.byteLength), 'wtns');
  const h = s.get(1)!;
  const n8 = h.readUInt32LE(0);
  checkPrime(h, 4, n8);
  const n = h.readUInt32LE(4 + n8);
  const body = s.get(2)!;
  return Array.from({ length: n }, (_, i) => readLe(body, i * n8, n8));
}

/** A .wtns file (version 2) holding these values, for snarkjs.groth16.prove. */
export function writeWtns(values: readonly bigint[]): Uint8Array {
  const n8 = 32;
  const buf = Buffer.alloc(12 + 12 + 4 + n8 + 4 + 12 + values.length * n8);
  const le = (v: bigint, pos: number) => {
    for (let i = 0; i < n8; i += 8) buf.writeBigUInt64LE((v >> BigInt(8 * i)) & 0xffffffffffffffffn, pos + i);
  };
  buf.write('wtns', 0, 'latin1');
  buf.writeUInt32LE(2, 4);
  buf.writeUInt32LE(2, 8);
  let p = 12;
  buf.writeUInt32LE(1, p);
  buf.writeBigUInt64LE(BigInt(4 + n8 + 4), p + 4);
  buf.writeUInt32LE(n8, p + 12);
  le(FIELD_MODULUS, p + 16);
  buf.writeUInt32LE(values.length, p + 16 + n8);
  p += 12 + 4 + n8 + 4;
  buf.writeUInt32LE(2, p);
  buf.writeBigUInt64LE(BigInt(values.length * n8), p + 4);
  values.forEach((v, i) => le(v, p + 12 + i * n8));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** .sym lines are `label,wire,component,name`; wire -1 means the optimiser removed the signal. */
export function readSym(path: string): Symbols {
  const wireOf = new Map<string, number>();
  const nameOf: string[] = ['1'];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const parts = line.split(',');
    const wire = Number(parts[1]);
    const name = parts.slice(3).join(',');
    wireOf.set(name, wire);
    if (wire >= 0) nameOf[wire] = name;
  }
  return { wireOf, nameOf };
}

function evaluate(lc: LinearCombination, w: readonly bigint[]): bigint {
  let acc = 0n;
  for (let i = 0; i < lc.wires.length; i++) acc += lc.coefs[i]! * w[lc.wires[i]!]!;
  return acc % FIELD_MODULUS;
}

/** Indexes of the constraints the witness violates (empty: it satisfies the whole system). */
export function violatedConstraints(r1cs: R1cs, w: readonly bigint[]): number[] {
  if (w.length !== r1cs.nWires)
    throw new RangeError(`witness has ${w.length} values, the circuit ${r1cs.nWires} wires`);
  if (w[0] !== 1n) throw new RangeError('wire 0 must hold the constant 1');
  for (const v of w)
    if (v < 0n || v >= FIELD_MODULUS) throw new RangeError('witness values must be canonical field elements');
  const out: number[] = [];
  r1cs.constraints.forEach(({ a, b, c }, i) => {
    if ((evaluate(a, w) * evaluate(b, w)) % FIELD_MODULUS !== evaluate(c, w)) out.push(i);
  });
  return out;
}

/** The wires a constraint reads (wire 0, the constant, left out). */
export function constraintWires(r1cs: R1cs, index: number): number[] {
  const c = r1cs.constraints[index]!;
  const set = new Set<number>();
  for (const lc of [c.a, c.b, c.c]) for (const wire of lc.wires) if (wire !== 0) set.add(wire);
  return [...set].sort((x, y) => x - y);
}
