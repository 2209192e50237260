/**
 * The line between a malformed request and a refused trade, over HTTP. A body whose proof is not a
 * proof file (PROOF_MALFORMED) or whose trade is not a trade (TRADE_INVALID, naming the field) is
 * a client error: 400 problem+json, nothing recorded. A well-formed trade and proof that the hook
 * refuses (wrong policy, replayed nullifier, failing proof, …) is a decision: 200 with
 * `allowed: false`, a code and a signed receipt. Embedded callers of the hook keep receiving
 * decisions for both; only the HTTP shell draws this line. Never echoes the input.
 */
import { VouchError } from '../../errors/index.js';
import { canonicalTrade } from '../../policy/index.js';
import { parseProofFile } from '../../prover/index.js';

/** Throws PROOF_MALFORMED / TRADE_INVALID (kind input → 400) for a body the hook could not even read. */
export function assertWellFormed(body: { proof?: unknown; trade?: unknown }): void {
  if ('proof' in body) parseProofFile(body.proof);
  if ('trade' in body) {
    try {
      canonicalTrade(body.trade);
    } catch (err) {
      if (err instanceof VouchError)
        throw new VouchError(err.code, err.message, {
          cause: err,
          details: { ...err.details, pointer: pointerOf(err.details?.field) },
        });
      throw err;
    }
  }
}

function pointerOf(field: unknown): string {
  return typeof field === 'string' ? `/body/trade/${field}` : '/body/trade';
}
