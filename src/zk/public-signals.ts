/**
 * The policy circuit's public signals: their order (snarkjs lists the output first, then the
 * public inputs as declared in circuits/policy.circom) and the bit widths the circuit enforces on
 * them. Kept apart from statement.ts so a verifier can load it without the prover's code.
 */

/** Public signals in circuit order: output first, then the public inputs as declared. */
export const PUBLIC_SIGNAL_NAMES = [
  'nullifier',
  'issuerSetRoot',
  'now',
  'policyHash',
  'tradeHash',
  'tradeValue',
  'scope',
] as const;
export type PublicSignalName = (typeof PUBLIC_SIGNAL_NAMES)[number];
export type PublicSignals = Record<PublicSignalName, bigint>;

/**
 * Bit widths the circuit enforces on public signals (Num2Bits(64) in circuits/policy.circom), by
 * position in PUBLIC_SIGNAL_NAMES: `now` and `tradeValue` feed 64-bit comparators, which are only
 * sound on inputs below 2^64. Verifiers refuse a larger value before any pairing.
 */
export const PUBLIC_SIGNAL_BITS: readonly (number | undefined)[] = PUBLIC_SIGNAL_NAMES.map((n) =>
  n === 'now' || n === 'tradeValue' ? 64 : undefined,
);
