import type { CodeTable } from '../kinds.js';

/**
 * Codes for policy documents and trades (src/policy). A rejected document names the JSON path
 * that failed in `details.path`; a rejected trade names the field in `details.field`.
 */
export const policyCodes = {
  POLICY_INVALID: { kind: 'input', title: 'The policy document is invalid' },
  POLICY_TOO_COMPLEX: { kind: 'input', title: 'The policy exceeds the circuit’s predicate or set-value limits' },
  POLICY_UNKNOWN_ATTRIBUTE: {
    kind: 'input',
    title: 'The policy names an attribute the credential schema cannot compare',
  },
  TRADE_INVALID: { kind: 'input', title: 'The trade is malformed' },
} as const satisfies CodeTable;
