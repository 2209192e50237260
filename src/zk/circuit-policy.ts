/**
 * The circuit's view of a policy: 8 predicate slots over a shared pool of 32 values, plus a trade
 * rule, committed to by `policyHash`. This is the exact encoding `Predicate` and the commitment in
 * circuits/policy.circom read; src/policy compiles human policy documents into it.
 *
 * header = op | slot << 4 | mask << 8   (mask bit j selects pool[j] for in/nin)
 * rules  = capSlot | capEnabled << 4 | ENCODING_VERSION << 8
 * policyHash = Poseidon12(P16(pool[0..15]), P16(pool[16..31]), P16(header[0..7], lo[0..7]), rules, hi[0..7])
 */
import { poseidon } from './poseidon.js';

export const PREDICATE_SLOTS = 8;
export const POOL_SIZE = 32;
export const ENCODING_VERSION = 1n;
export const VALUE_MAX = (1n << 64n) - 1n;
/**
 * The circuit evaluates every comparison of every slot, used or not, and its comparators need
 * inputs < 2^64. Slots 0..2 (subject, schema id, index) are hashes/identifiers, so predicates and
 * padding must name slots 3..15. Padding: op none on slot 3 (issuedAt); a disabled trade cap
 * names slot 11 (tradeLimit).
 */
export const FIRST_COMPARABLE_SLOT = 3;
const NOOP_HEADER = 3n << 4n;
const DISABLED_CAP_SLOT = 11n;

export const OPERATORS = {
  none: 0,
  eq: 1,
  ne: 2,
  lt: 3,
  lte: 4,
  gt: 5,
  gte: 6,
  between: 7,
  notbetween: 8,
  in: 9,
  nin: 10,
} as const;
export type Operator = Exclude<keyof typeof OPERATORS, 'none'>;

/** One predicate over an attribute slot (0..15). */
export type Predicate =
  | { slot: number; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: bigint }
  | { slot: number; op: 'between' | 'notbetween'; lo: bigint; hi: bigint }
  | { slot: number; op: 'in' | 'nin'; values: readonly bigint[] };

export interface CircuitPolicy {
  headers: bigint[];
  lo: bigint[];
  hi: bigint[];
  pool: bigint[];
  rules: bigint;
}

export interface EncodePolicyInput {
  predicates: readonly Predicate[];
  /** Slot holding the per-trade cap: the proof then shows tradeValue <= attrs[capSlot]. */
  tradeCapSlot?: number;
}

/**
 * Deterministic encoding: pool values are deduplicated and sorted ascending, so two documents
 * with the same predicates (in the same order) always get the same hash.
 */
export function encodePolicy(input: EncodePolicyInput): CircuitPolicy {
  const { predicates } = input;
  if (predicates.length > PREDICATE_SLOTS) throw new RangeError(`at most ${PREDICATE_SLOTS} predicates per proof`);
  const poolSet = new Set<bigint>();
  for (const p of predicates) {
    assertSlot(p.slot);
    if (p.op === 'in' || p.op === 'nin') {
      if (p.values.length === 0) throw new RangeError(`${p.op} needs at least one value`);
      p.values.forEach((v) => poolSet.add(assertValue(v)));
    }
  }
  if (poolSet.size > POOL_SIZE) throw new RangeError(`set values exceed the pool of ${POOL_SIZE} distinct values`);
  const sorted = [...poolSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pool = [...sorted, ...new Array<bigint>(POOL_SIZE - sorted.length).fill(0n)];

  const headers: bigint[] = [];
  const lo: bigint[] = [];
  const hi: bigint[] = [];
  for (const p of predicates) {
    let mask = 0n;
    let l = 0n;
    let h = 0n;
    if (p.op === 'in' || p.op === 'nin') {
      for (const v of p.values) mask |= 1n << BigInt(sorted.indexOf(v));
    } else if (p.op === 'between' || p.op === 'notbetween') {
      l = assertValue(p.lo);
      h = assertValue(p.hi);
      if (l > h) throw new RangeError(`${p.op} needs lo <= hi`);
    } else if ('value' in p) {
      l = assertValue(p.value);
    }
    headers.push(BigInt(OPERATORS[p.op]) | (BigInt(p.slot) << 4n) | (mask << 8n));
    lo.push(l);
    hi.push(h);
  }
  while (headers.length < PREDICATE_SLOTS) {
    headers.push(NOOP_HEADER); // op none: the slot is a no-op
    lo.push(0n);
    hi.push(0n);
  }
  let rules = ENCODING_VERSION << 8n;
  if (input.tradeCapSlot !== undefined) {
    assertSlot(input.tradeCapSlot);
    rules |= BigInt(input.tradeCapSlot) | (1n << 4n);
  } else {
    rules |= DISABLED_CAP_SLOT; // compared but ignored; must still name a < 2^64 slot
  }
  return { headers, lo, hi, pool, rules };
}

export function policyHash(p: CircuitPolicy): bigint {
  const poolLo = poseidon(p.pool.slice(0, 16));
  const poolHi = poseidon(p.pool.slice(16, 32));
  const heads = poseidon([...p.headers, ...p.lo]);
  return poseidon([poolLo, poolHi, heads, p.rules, ...p.hi]);
}

/** Evaluates one encoded predicate slot in the clear, exactly as the circuit does. */
export function predicateHolds(p: CircuitPolicy, k: number, attrs: readonly bigint[]): boolean {
  const header = p.headers[k]!;
  const op = Number(header & 0xfn);
  const x = attrs[Number((header >> 4n) & 0xfn)]!;
  const lo = p.lo[k]!;
  const hi = p.hi[k]!;
  const mask = header >> 8n;
  const inSet = p.pool.some((v, j) => ((mask >> BigInt(j)) & 1n) === 1n && v === x);
  switch (op) {
    case 0: return true;
    case 1: return x === lo;
    case 2: return x !== lo;
    case 3: return x < lo;
    case 4: return x <= lo;
    case 5: return x > lo;
    case 6: return x >= lo;
    case 7: return lo <= x && x <= hi;
    case 8: return !(lo <= x && x <= hi);
    case 9: return inSet;
    case 10: return !inSet;
    default: return false;
  }
}

export function tradeCap(p: CircuitPolicy): number | undefined {
  return ((p.rules >> 4n) & 1n) === 1n ? Number(p.rules & 0xfn) : undefined;
}

function assertSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < FIRST_COMPARABLE_SLOT || slot > 15) throw new RangeError(`attribute slot must be ${FIRST_COMPARABLE_SLOT}..15`);
}

function assertValue(v: bigint): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > VALUE_MAX) throw new RangeError('predicate values must be integers in 0..2^64-1');
  return v;
}
