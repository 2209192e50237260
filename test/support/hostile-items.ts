/**
 * fast-check arbitraries for what a hostile caller can put in front of the hook: arbitrary JSON,
 * proof files with random bindings, signals and points (from pure noise to one field changed in an
 * honest file), and random policy documents. Shared by the hook and HTTP fuzz tests.
 */
import fc from 'fast-check';
import { FIELD_MODULUS, BASE_MODULUS } from '../../src/zk/index.js';
import type { ProofFile } from '../../src/prover/index.js';

/** Run counts are modest (the suite runs on small machines); the seed is fixed so a failure reproduces. */
export const FUZZ = {
  seed: Number(process.env.VOUCH_FUZZ_SEED ?? 20261207),
  runs: (n: number) => Math.max(1, Math.round(n * Number(process.env.VOUCH_FUZZ_SCALE ?? 1))),
};

const dec = (v: bigint) => v.toString();
const TWO64 = 1n << 64n;

/** Decimal strings at and around every bound a verifier must police, plus plain noise. */
export const scalarString: fc.Arbitrary<string> = fc.oneof(
  fc
    .constantFrom(
      0n,
      1n,
      TWO64 - 1n,
      TWO64,
      TWO64 + 1n,
      FIELD_MODULUS - 1n,
      FIELD_MODULUS,
      BASE_MODULUS - 1n,
      BASE_MODULUS,
      (1n << 256n) - 1n,
    )
    .map(dec),
  fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).map(dec),
  fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }).map(dec),
  fc.bigInt({ min: 0n, max: TWO64 }).map(dec),
  fc.constantFrom('', '-1', '0x10', '01', '1e3', ' 1', '1.0', '１２'),
);

/** Anything where a string was expected: JSON of any shape, or a scalar string. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: scalarString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const g1 = fc.oneof(
  fc.tuple(scalarString, scalarString, fc.constantFrom('1', '0')).map((t) => [...t]),
  fc.constant(['1', '2', '1']),
  fc.jsonValue({ maxDepth: 1 }),
);
const g2 = fc.oneof(
  fc
    .tuple(
      fc.tuple(scalarString, scalarString),
      fc.tuple(scalarString, scalarString),
      fc.constantFrom<[string, string]>(['1', '0'], ['0', '0']),
    )
    .map(([x, y, z]) => [[...x], [...y], [...z]]),
  fc.jsonValue({ maxDepth: 2 }),
);
const points = fc.record({
  pi_a: g1,
  pi_b: g2,
  pi_c: g1,
  protocol: fc.constantFrom('groth16', 'plonk'),
  curve: fc.constantFrom('bn128', 'bls12381'),
});

export interface HostileContext {
  /** Honest proof files to start from (trade and session ones). */
  honest: readonly ProofFile[];
  /** Policies the hook enforces: id, version, policyHash (decimal). */
  policies: readonly { id: string; version: string; policyHash: string }[];
  venue: string;
  /** Epochs worth trying for session bindings (the current one and neighbours). */
  epochs: readonly number[];
}

/** A proof file whose every part may be random, but shaped enough to get past the parser often. */
export function randomProofFile(ctx: HostileContext): fc.Arbitrary<unknown> {
  const policy = fc.oneof(
    fc.constantFrom(...ctx.policies),
    fc.record({ id: fc.string({ maxLength: 12 }), version: fc.string({ maxLength: 6 }), policyHash: scalarString }),
  );
  const binding = fc.oneof(
    fc.record({
      kind: fc.constant('trade'),
      canonical: fc.oneof(
        fc.string({ minLength: 2, maxLength: 80 }),
        fc.constantFrom(...ctx.honest.flatMap((h) => (h.binding.kind === 'trade' ? [h.binding.canonical] : []))),
      ),
    }),
    fc.record({
      kind: fc.constant('session'),
      publicKey: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      venue: fc.oneof(fc.constant(ctx.venue), fc.string({ maxLength: 8 })),
      epoch: fc.oneof(
        fc.constantFrom(...ctx.epochs),
        fc.nat(),
        fc.constant(Number.MAX_SAFE_INTEGER),
        fc.constant(1e300),
      ),
    }),
    fc.jsonValue({ maxDepth: 1 }),
  );
  const signals = fc.oneof(
    fc.array(scalarString, { minLength: 7, maxLength: 7 }),
    fc
      .tuple(fc.constantFrom(...ctx.honest), fc.nat({ max: 6 }), scalarString)
      .map(([h, i, v]) => h.publicSignals.map((s, j) => (j === i ? v : s))),
    fc.array(anyValue, { maxLength: 9 }),
  );
  return fc.record({
    type: fc.oneof(
      { weight: 9, arbitrary: fc.constant('vouch-proof') },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    ),
    version: fc.oneof(
      { weight: 9, arbitrary: fc.constant(1) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 0 }) },
    ),
    policy,
    binding,
    proof: fc.oneof(points, fc.constantFrom(...ctx.honest.map((h) => h.proof))),
    publicSignals: signals,
    createdAt: fc.oneof(fc.nat(), fc.jsonValue({ maxDepth: 0 })),
  });
}

/** An honest file with one part (by path) replaced by anything. */
export function mutatedHonestFile(ctx: HostileContext): fc.Arbitrary<unknown> {
  const paths = [
    ['type'],
    ['version'],
    ['policy'],
    ['policy', 'id'],
    ['policy', 'version'],
    ['policy', 'policyHash'],
    ['binding'],
    ['binding', 'kind'],
    ['binding', 'canonical'],
    ['binding', 'publicKey'],
    ['binding', 'venue'],
    ['binding', 'epoch'],
    ['proof'],
    ['proof', 'pi_a'],
    ['proof', 'pi_b'],
    ['proof', 'pi_c'],
    ['proof', 'pi_a', '0'],
    ['proof', 'pi_b', '1'],
    ['proof', 'pi_c', '1'],
    ['publicSignals'],
    ['publicSignals', '0'],
    ['publicSignals', '2'],
    ['publicSignals', '5'],
    ['publicSignals', '6'],
    ['createdAt'],
    ['extra'],
  ];
  return fc.tuple(fc.constantFrom(...ctx.honest), fc.constantFrom(...paths), anyValue).map(([h, path, v]) => {
    const f = structuredClone(h) as unknown as Record<string, unknown>;
    let at: Record<string, unknown> = f;
    for (const k of path.slice(0, -1)) {
      if (typeof at[k] !== 'object' || at[k] === null) return f;
      at = at[k] as Record<string, unknown>;
    }
    at[path[path.length - 1]!] = v;
    return f;
  });
}

/** What a hostile caller sends as the proof: noise, a random file, or a damaged honest one. */
export function hostileProof(ctx: HostileContext): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 3, arbitrary: randomProofFile(ctx) },
    { weight: 3, arbitrary: mutatedHonestFile(ctx) },
  );
}

/** A trade object: noise, or a plausible one with random fields. */
export function hostileTrade(venue: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({
      venue: fc.oneof(fc.constant(venue), fc.string({ maxLength: 8 })),
      market: fc.constantFrom('BTC-EUR', 'BTC-PERP', 'ETH-USD', '', 'x'.repeat(70)),
      side: fc.constantFrom('buy', 'sell', 'hold'),
      size: fc.oneof(
        fc.constantFrom('0.5', '0', '-1', '1e3', '18446744073709551616', '0.000000000000000000001'),
        fc.jsonValue({ maxDepth: 0 }),
      ),
      price: fc.oneof(fc.constantFrom('60000', '0.01', '99999999999999999999999'), fc.jsonValue({ maxDepth: 0 })),
      nonce: fc.oneof(fc.stringMatching(/^[0-9a-f]{16,64}$/), fc.string({ maxLength: 20 })),
      time: fc.oneof(fc.nat(), fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER), fc.jsonValue({ maxDepth: 0 })),
    }),
  );
}

/** Random policy documents, mostly valid; the caller compiles them and skips the ones refused. */
export const randomPolicyDocument: fc.Arbitrary<Record<string, unknown>> = fc.record({
  id: fc.stringMatching(/^[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,7})?$/),
  version: fc.constantFrom('1.0.0', '2.1.0'),
  title: fc.constant('Fuzz'),
  description: fc.constant('A random policy from the fuzz tests.'),
  predicates: fc.array(
    fc.oneof(
      fc.record({
        attribute: fc.constant('kycLevel'),
        operator: fc.constantFrom('gte', 'lte', 'eq', 'ne', 'gt', 'lt'),
        value: fc.integer({ min: 0, max: 3 }),
      }),
      fc.record({
        attribute: fc.constant('jurisdiction'),
        operator: fc.constantFrom('in', 'nin'),
        values: fc.uniqueArray(fc.constantFrom('DE', 'FR', 'US', 'IN', 'KP'), { minLength: 1, maxLength: 4 }),
      }),
      fc.record({ attribute: fc.constant('ageOver18'), operator: fc.constant('eq'), value: fc.boolean() }),
      fc.record({
        attribute: fc.constant('investorClass'),
        operator: fc.constantFrom('in', 'nin'),
        values: fc.uniqueArray(fc.constantFrom('retail', 'professional', 'institutional'), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
    ),
    { maxLength: 4 },
  ),
  trade: fc.oneof(
    fc.constant({}),
    fc.record({
      maxValueAttribute: fc.constant('tradeLimit'),
      markets: fc.constantFrom(['BTC-EUR'], ['*-PERP'], ['*-EUR', 'BTC-PERP']),
    }),
  ),
  issuerSet: fc.constantFrom('test', 'other'),
  freshness: fc.record({ maxClockSkewSeconds: fc.integer({ min: 0, max: 86_400 }) }),
  nullifierScope: fc.oneof(
    fc.constant({ mode: 'per-trade' }),
    fc.record({ mode: fc.constant('per-venue-epoch'), epochSeconds: fc.constantFrom(60, 3600, 86_400) }),
  ),
  session: fc.oneof(
    fc.constant({ allowed: false }),
    fc.record({
      allowed: fc.constant(true),
      ttlSeconds: fc.integer({ min: 1, max: 3600 }),
      maxOrders: fc.integer({ min: 1, max: 100 }),
      maxNotional: fc.constantFrom('1', '50000', '184467440737095516'),
    }),
  ),
});
