/**
 * The policy's market allow-list, checked by the hook outside the circuit. A pattern is a market
 * symbol in which '*' matches any run of characters (possibly empty); matching is exact and
 * case-sensitive, so "btc-perp" does not match "*-PERP". No list means any market.
 */
import type { CompiledPolicy } from './compile-policy.js';

export function marketAllowed(policy: Pick<CompiledPolicy, 'markets'>, market: string): boolean {
  if (policy.markets === undefined) return true;
  return policy.markets.some((pattern) => marketMatches(pattern, market));
}

/** Whether a market symbol matches a pattern ('*' matches any run, possibly empty). */
export function marketMatches(pattern: string, s: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === s;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let at = first.length;
  const end = s.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = s.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}
