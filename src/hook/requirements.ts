/**
 * What a venue requires, market by market. The venue chooses the policy a trade must be proved
 * under; the prover does not: a proof names its policy, and without this table a hook enforcing
 * several policies would admit a trade under whichever one the holder can satisfy (issue 19: a US
 * minor refused under EU MiCA was admitted for BTC-EUR under the FATF baseline).
 *
 * Entries are tried in order and the first whose market pattern ('*' matches any run) matches the
 * trade's market applies; its `policies` are alternatives (a proof under any one of them). A market
 * no entry matches admits nothing. A hook enforcing one policy without a table requires it for
 * every market; with several it must be given a table (or `'any'`, for stateless verification that
 * admits nothing). A required policy the hook does not load (not adopted yet) simply cannot be
 * satisfied: its market admits nothing until it is.
 */
import { VouchError } from '../errors/index.js';
import { marketMatches, type CompiledPolicy } from '../policy/index.js';

export interface MarketRequirement {
  /** A market symbol or pattern, e.g. "BTC-EUR", "*-EUR", "*". */
  market: string;
  /** Policy references (`id@version`), any one of which a proof must be under. */
  policies: readonly string[];
}

/** `'any'`: the proof's own policy is accepted (a regulator checking a proof, not a venue admitting a trade). */
export type Requirements = readonly MarketRequirement[] | 'any';

export interface RequirementTable {
  /** The policies required for a market, or undefined when the venue admits nothing there. 'any' admits every loaded policy. */
  forMarket(market: string): readonly string[] | 'any' | undefined;
  /** Whether some market requires this policy (a session under it can place an order somewhere). */
  requires(ref: string): boolean;
}

export function requirementTable(
  requirements: Requirements | undefined,
  policies: readonly CompiledPolicy[],
): RequirementTable {
  if (requirements === 'any') return { forMarket: () => 'any', requires: () => true };
  if (requirements === undefined) {
    if (policies.length > 1) {
      throw new VouchError(
        'CONFIG_INVALID',
        'a hook enforcing several policies needs `requirements` (which policy each market requires); otherwise the prover would pick the weakest',
      );
    }
    requirements = policies.map((p) => ({ market: '*', policies: [p.ref] }));
  }
  if (!Array.isArray(requirements))
    throw new TypeError('requirements must be an array of { market, policies } or "any"');
  const entries = requirements.map((r, i) => {
    if (typeof r?.market !== 'string' || r.market === '' || !Array.isArray(r.policies) || r.policies.length === 0) {
      throw new VouchError('CONFIG_INVALID', `requirements[${i}] needs a market pattern and at least one policy`);
    }
    if ((r.policies as unknown[]).some((ref) => typeof ref !== 'string'))
      throw new VouchError('CONFIG_INVALID', `requirements[${i}].policies must be policy references (id@version)`);
    return { market: r.market, policies: Object.freeze([...r.policies]) };
  });
  return {
    forMarket: (market) => entries.find((e) => marketMatches(e.market, market))?.policies,
    requires: (ref) => entries.some((e) => e.policies.includes(ref)),
  };
}
