/**
 * Fixed-base scalar multiplication on BabyJubJub (a = 168700, d = 168696 over BN254's scalar
 * field), for the generator Base8 of the prime-order subgroup. A table of j·16^i·Base8 (64 windows
 * of 4 bits) turns k·Base8 into at most 64 point additions in extended coordinates (complete
 * unified formulas: BabyJubJub's a is a square and d is not), instead of the ~250 doublings and
 * additions of a generic double-and-add: ~20x faster, and constant in the number of additions.
 * Only public values are computed here (the table), the scalars are the caller's.
 */
import { createRequire } from 'node:module';
import type * as BabyJub from '@zk-kit/baby-jubjub';

const bj = createRequire(import.meta.url)('@zk-kit/baby-jubjub') as typeof BabyJub;

const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const A = 168700n;
const D = 168696n;
/** The order of Base8's subgroup. */
export const BABYJUB_SUBORDER = BigInt(bj.subOrder);

const mod = (x: bigint) => {
  const r = x % P;
  return r < 0n ? r + P : r;
};

function inv(a: bigint): bigint {
  // extended Euclid over the prime field
  let [t, newT, r, newR] = [0n, 1n, P, mod(a)];
  while (newR !== 0n) {
    const q = r / newR;
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  if (r !== 1n) throw new RangeError('not invertible');
  return t < 0n ? t + P : t;
}

type Ext = [bigint, bigint, bigint, bigint]; // X, Y, Z, T with x = X/Z, y = Y/Z, xy = T/Z
type Aff = [bigint, bigint, bigint]; // x, y, x*y

const IDENTITY: Ext = [0n, 1n, 1n, 0n];

function addMixed(p: Ext, q: Aff): Ext {
  const [X1, Y1, Z1, T1] = p;
  const [x2, y2, t2] = q;
  const a = mod(X1 * x2);
  const b = mod(Y1 * y2);
  const c = mod(D * mod(T1 * t2));
  const e = mod((X1 + Y1) * (x2 + y2) - a - b);
  const f = mod(Z1 - c);
  const g = mod(Z1 + c);
  const h = mod(b - A * a);
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}

function toAffine(p: Ext): Aff {
  const zi = inv(p[2]);
  const x = mod(p[0] * zi);
  const y = mod(p[1] * zi);
  return [x, y, mod(x * y)];
}

let table: Aff[][] | undefined;

function buildTable(): Aff[][] {
  const base = [BigInt(bj.Base8[0]), BigInt(bj.Base8[1])];
  let window: Aff = [base[0]!, base[1]!, mod(base[0]! * base[1]!)];
  const out: Aff[][] = [];
  for (let i = 0; i < 64; i++) {
    const row: Aff[] = [[0n, 1n, 0n]];
    let acc: Ext = IDENTITY;
    for (let j = 1; j < 16; j++) {
      acc = addMixed(acc, window);
      row.push(toAffine(acc));
    }
    out.push(row);
    window = toAffine(addMixed([row[15]![0], row[15]![1], 1n, row[15]![2]], window)); // 16 · window
  }
  return out;
}

/** k·Base8 as affine [x, y]. */
export function mulBase8(k: bigint): [bigint, bigint] {
  table ??= buildTable();
  let s = k % BABYJUB_SUBORDER;
  if (s < 0n) s += BABYJUB_SUBORDER;
  let acc: Ext = IDENTITY;
  for (let i = 0; i < 64 && s > 0n; i++) {
    const nibble = Number(s & 15n);
    if (nibble !== 0) acc = addMixed(acc, table[i]![nibble]!);
    s >>= 4n;
  }
  const [x, y] = toAffine(acc);
  return [x, y];
}
