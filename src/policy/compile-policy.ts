/**
 * Compiles a policy document into what the prover and the hook need: the circuit's predicate
 * inputs and `policyHash`, plus the off-circuit rules (markets, issuer set, freshness, nullifier
 * scope, session limits). Pure and deterministic; never reads files or the clock.
 *
 * Identity: `policyHash` is the circuit's public commitment and covers semantics only (the
 * predicates and the trade cap); the circuit has no slot for a version, and changing it would
 * change the statement for every verifier. So (id, version) travel beside it and are bound by
 * `policyId = Poseidon(tag, H(id), H(version), policyHash)` — the key the hook looks policies up
 * by. Two versions with identical predicates share a policyHash (a proof shows the same
 * statement) but never a policyId; the hook must check the proof's policyHash against the
 * policy it selected by policyId.
 */
import {
  encodePolicy,
  policyCircuit,
  policyHash as circuitPolicyHash,
  type CircuitPolicy,
  type PolicyCircuit,
  type Predicate,
  OPERATORS,
  POOL_SIZE,
  VALUE_MAX,
  poseidon,
} from '../zk/index.js';
import { SLOTS, scaleDecimal } from '../credentials/schema.js';
import { VouchError } from '../errors/index.js';
import type { CumulativePeriod, PolicyDocument, PolicyPredicate } from './document.js';
import { operandToValue } from './lib/attributes.js';
import { DOMAIN_TAGS, fieldToHex, stringToField } from './lib/field-encoding.js';
import { assertSchema } from './lib/schema-validator.js';

export type ScopeConfig =
  { readonly mode: 'per-trade' } | { readonly mode: 'per-venue-epoch'; readonly epochSeconds: number };

export type SessionLimits =
  | { readonly allowed: false }
  | {
      readonly allowed: true;
      readonly ttlSeconds: number;
      readonly maxOrders: number;
      /** Total session notional in hundredths of the quote currency, comparable with tradeValue. */
      readonly maxNotional: bigint;
    };

export interface CompiledPolicy {
  readonly id: string;
  readonly version: string;
  /** "id@version", for logs and messages. */
  readonly ref: string;
  /** The validated document (a frozen copy). */
  readonly document: Readonly<PolicyDocument>;
  /** Circuit-level predicates in document order (the circuit receives them in canonical order). */
  readonly predicates: readonly Predicate[];
  readonly circuit: CircuitPolicy;
  /** The public signal: commits to the predicates and the trade cap, not to id or version. */
  readonly policyHash: bigint;
  readonly policyHashHex: string;
  /** Poseidon(tag, H(id), H(version), policyHash): names this exact version. */
  readonly policyId: bigint;
  readonly policyIdHex: string;
  /** Set when the proof must show tradeValue <= the holder's tradeLimit. */
  readonly maxValueAttribute: 'tradeLimit' | undefined;
  /** Allowed market patterns ('*' wildcard), or undefined for any market. See marketAllowed. */
  readonly markets: readonly string[] | undefined;
  readonly issuerSet: string;
  readonly maxClockSkewSeconds: number;
  /** Grace for a replaced issuer-set root under this policy; undefined: the registry's default (60 s). */
  readonly rootGraceSeconds: number | undefined;
  readonly scope: ScopeConfig;
  readonly session: SessionLimits;
  /** Which circuit proves it: the base, or the accountable variant (escrow, cumulative limit). */
  readonly circuitName: PolicyCircuit;
  /** Every proof must carry an escrow ciphertext to the registry's current committee key. */
  readonly escrow: boolean;
  /** The per-period cap on the running total (hundredths, or the holder's tradeLimit). */
  readonly cumulativeLimit: { readonly period: CumulativePeriod; readonly cap: 'tradeLimit' | bigint } | undefined;
  /** How much of the circuit's capacity the policy uses (8 predicates, 32 set values). */
  readonly complexity: { readonly predicates: number; readonly setValues: number };
}

/** Validates (POLICY_INVALID / POLICY_UNKNOWN_ATTRIBUTE / POLICY_TOO_COMPLEX) and compiles. */
export function compilePolicy(doc: unknown): CompiledPolicy {
  assertSchema(doc);
  const document = deepFreeze(structuredClone(doc));
  const predicates = document.predicates.map((p, i) => toCircuitPredicate(p, `$.predicates[${i}]`));

  const setValues = new Set<bigint>();
  for (const p of predicates) if (p.op === 'in' || p.op === 'nin') p.values.forEach((v) => setValues.add(v));
  if (setValues.size > POOL_SIZE) {
    throw new VouchError(
      'POLICY_TOO_COMPLEX',
      `the policy uses ${setValues.size} distinct in/nin values; the circuit's pool holds ${POOL_SIZE}`,
      {
        details: { path: '$.predicates', limit: POOL_SIZE, count: setValues.size },
      },
    );
  }

  const maxValueAttribute = document.trade?.maxValueAttribute;
  const cumulativeLimit = compileCumulativeLimit(document.cumulativeLimit);
  if ((cumulativeLimit || document.escrow === 'required') && document.session.allowed) {
    // a session key's orders carry no proof: no ciphertext per order, no running-total update
    throw new VouchError(
      'POLICY_INVALID',
      '$.session.allowed must be false when the policy requires escrow or sets a cumulative limit',
      { details: { path: '$.session.allowed' } },
    );
  }
  const circuit = encodePolicy({
    // Canonical order: the hash commits to the set of predicates, not to how the author listed them.
    predicates: [...predicates].sort(comparePredicates),
    ...(maxValueAttribute === undefined ? {} : { tradeCapSlot: SLOTS[maxValueAttribute] }),
    ...(document.escrow === 'required' ? { escrow: true } : {}),
    ...(cumulativeLimit === undefined
      ? {}
      : {
          cumulativeCap:
            cumulativeLimit.cap === 'tradeLimit' ? { slot: SLOTS.tradeLimit } : { amount: cumulativeLimit.cap },
        }),
  });
  const policyHash = circuitPolicyHash(circuit);
  const policyId = poseidon([
    DOMAIN_TAGS.policyId,
    stringToField(document.id),
    stringToField(document.version),
    policyHash,
  ]);

  return deepFreeze({
    id: document.id,
    version: document.version,
    ref: `${document.id}@${document.version}`,
    document,
    predicates,
    circuit,
    policyHash,
    policyHashHex: fieldToHex(policyHash),
    policyId,
    policyIdHex: fieldToHex(policyId),
    maxValueAttribute,
    markets: document.trade?.markets,
    issuerSet: document.issuerSet,
    maxClockSkewSeconds: document.freshness.maxClockSkewSeconds,
    rootGraceSeconds: document.freshness.rootGraceSeconds,
    scope:
      document.nullifierScope.mode === 'per-venue-epoch'
        ? { mode: 'per-venue-epoch', epochSeconds: document.nullifierScope.epochSeconds }
        : { mode: 'per-trade' },
    session: compileSession(document.session),
    circuitName: policyCircuit(circuit),
    escrow: document.escrow === 'required',
    cumulativeLimit,
    complexity: { predicates: predicates.length, setValues: setValues.size },
  });
}

function toCircuitPredicate(p: PolicyPredicate, path: string): Predicate {
  const slot = SLOTS[p.attribute];
  switch (p.operator) {
    case 'in':
    case 'nin':
      return {
        slot,
        op: p.operator,
        values: p.values.map((v, j) => operandToValue(p.attribute, v, `${path}.values[${j}]`)),
      };
    case 'between':
    case 'notbetween': {
      const lo = operandToValue(p.attribute, p.min, `${path}.min`);
      const hi = operandToValue(p.attribute, p.max, `${path}.max`);
      if (lo > hi)
        throw new VouchError('POLICY_INVALID', `${path}.max must not be below min`, {
          details: { path: `${path}.max` },
        });
      return { slot, op: p.operator, lo, hi };
    }
    default:
      return { slot, op: p.operator, value: operandToValue(p.attribute, p.value, `${path}.value`) };
  }
}

function compileSession(s: PolicyDocument['session']): SessionLimits {
  if (!s.allowed) return { allowed: false };
  const maxNotional = scaleDecimal('maxNotional', s.maxNotional);
  if (maxNotional > VALUE_MAX) {
    throw new VouchError('POLICY_INVALID', '$.session.maxNotional exceeds 2^64-1 hundredths', {
      details: { path: '$.session.maxNotional' },
    });
  }
  return { allowed: true, ttlSeconds: s.ttlSeconds, maxOrders: s.maxOrders, maxNotional };
}

function compileCumulativeLimit(c: PolicyDocument['cumulativeLimit']): CompiledPolicy['cumulativeLimit'] {
  if (c === undefined) return undefined;
  if (c.cap === 'tradeLimit') return { period: c.period, cap: 'tradeLimit' };
  const cap = scaleDecimal('cumulativeLimit.cap', c.cap);
  if (cap > VALUE_MAX)
    throw new VouchError('POLICY_INVALID', '$.cumulativeLimit.cap exceeds 2^64-1 hundredths', {
      details: { path: '$.cumulativeLimit.cap' },
    });
  return { period: c.period, cap };
}

/** Total order on predicates: slot, operator code, operands (set values already unique). */
function comparePredicates(a: Predicate, b: Predicate): number {
  return cmp(sortKey(a), sortKey(b));
}

function sortKey(p: Predicate): bigint[] {
  const head = [BigInt(p.slot), BigInt(OPERATORS[p.op])];
  if ('values' in p) return [...head, ...[...p.values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))];
  if ('lo' in p) return [...head, p.lo, p.hi];
  return [...head, p.value];
}

function cmp(a: bigint[], b: bigint[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
