/**
 * The circuit's view of a policy: 8 predicate slots over a shared pool of 32 values, plus a trade
 * rule, committed to by `policyHash`. This is the exact encoding `Predicate` and the commitment in
 * circuits/policy.circom read; src/policy compiles human policy documents into it.
 *
 * header = op | slot << 4 | mask << 8   (mask bit j selects pool[j] for in/nin)
 * rules  = capSlot | capEnabled << 4 | escrow << 5 | cumulativeLimit << 6 | ENCODING_VERSION << 8
 * predicatesHash = Poseidon12(P16(pool[0..15]), P16(pool[16..31]), P16(header[0..7], lo[0..7]), rules, hi[0..7])
 * policyHash = predicatesHash                                  (neither feature: the base circuit)
 *            = Poseidon(predicatesHash, limitCap)              (escrow or a cumulative limit: the
 *              accountable circuit; limitCap = amount | slot << 64, slot 0 meaning the fixed amount)
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
  /** The cumulative cap (amount | slot << 64) when rules bit 6 is set; 0 or absent otherwise. */
  limitCap?: bigint;
}

/** Rules bits the accountable circuit reads (the base circuit ignores bits 5..7). */
export const RULE_ESCROW = 1n << 5n;
export const RULE_CUMULATIVE_LIMIT = 1n << 6n;

/** The circuit a policy is proven with: the base, or the accountable variant when it uses a feature. */
export type PolicyCircuit = 'policy' | 'policy-accountable';

export interface EncodePolicyInput {
  predicates: readonly Predicate[];
  /** Slot holding the per-trade cap: the proof then shows tradeValue <= attrs[capSlot]. */
  tradeCapSlot?: number;
  /** The proof carries the holder's escrow identity encrypted to the escrow committee. */
  escrow?: boolean;
  /** Running total per period <= the credential's attribute `slot`, or a fixed amount. */
  cumulativeCap?: { slot: number } | { amount: bigint };
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
  if (input.escrow) rules |= RULE_ESCROW;
  let limitCap = 0n;
  if (input.cumulativeCap !== undefined) {
    rules |= RULE_CUMULATIVE_LIMIT;
    if ('slot' in input.cumulativeCap) {
      assertSlot(input.cumulativeCap.slot);
      limitCap = BigInt(input.cumulativeCap.slot) << 64n;
    } else {
      limitCap = assertValue(input.cumulativeCap.amount);
    }
  }
  return { headers, lo, hi, pool, rules, ...(rules & (RULE_ESCROW | RULE_CUMULATIVE_LIMIT) ? { limitCap } : {}) };
}

/** The commitment to the predicates and rules (the base circuit's policyHash). */
export function predicatesHash(p: CircuitPolicy): bigint {
  const poolLo = poseidon(p.pool.slice(0, 16));
  const poolHi = poseidon(p.pool.slice(16, 32));
  const heads = poseidon([...p.headers, ...p.lo]);
  return poseidon([poolLo, poolHi, heads, p.rules, ...p.hi]);
}

/** The public policyHash of the policy's circuit (see the module header). */
export function policyHash(p: CircuitPolicy): bigint {
  const base = predicatesHash(p);
  return policyCircuit(p) === 'policy' ? base : poseidon([base, limitCapOf(p)]);
}

export function usesEscrow(p: CircuitPolicy): boolean {
  return (p.rules & RULE_ESCROW) !== 0n;
}

export function usesLimit(p: CircuitPolicy): boolean {
  return (p.rules & RULE_CUMULATIVE_LIMIT) !== 0n;
}

export function limitCapOf(p: CircuitPolicy): bigint {
  return usesLimit(p) ? (p.limitCap ?? 0n) : 0n;
}

export function policyCircuit(p: CircuitPolicy): PolicyCircuit {
  return usesEscrow(p) || usesLimit(p) ? 'policy-accountable' : 'policy';
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
    case 0:
      return true;
    case 1:
      return x === lo;
    case 2:
      return x !== lo;
    case 3:
      return x < lo;
    case 4:
      return x <= lo;
    case 5:
      return x > lo;
    case 6:
      return x >= lo;
    case 7:
      return lo <= x && x <= hi;
    case 8:
      return !(lo <= x && x <= hi);
    case 9:
      return inSet;
    case 10:
      return !inSet;
    default:
      return false;
  }
}

export function tradeCap(p: CircuitPolicy): number | undefined {
  return ((p.rules >> 4n) & 1n) === 1n ? Number(p.rules & 0xfn) : undefined;
}

function assertSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < FIRST_COMPARABLE_SLOT || slot > 15)
    throw new RangeError(`attribute slot must be ${FIRST_COMPARABLE_SLOT}..15`);
}

function assertValue(v: bigint): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > VALUE_MAX)
    throw new RangeError('predicate values must be integers in 0..2^64-1');
  return v;
}
