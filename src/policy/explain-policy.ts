/**
 * A policy in plain language, generated from the *compiled* values (what the circuit and hook
 * enforce), so the explanation cannot say something the proof does not check.
 */
import type { Predicate } from '../zk/index.js';
import type { PolicyAttribute } from './document.js';
import { compilePolicy, type CompiledPolicy } from './compile-policy.js';
import { ATTRIBUTES, describeValue, formatScaled } from './lib/attributes.js';
import type { CountryNamer } from './lib/countries.js';

export interface ExplainOptions {
  /**
   * Names a country (ISO 3166-1 alpha-2) in the reader's language, e.g. with the browser's
   * `Intl.DisplayNames`; the code stays beside the name ("Österreich (AT)"). Default: English.
   */
  countryName?: CountryNamer;
}

/** Validates and compiles `doc` (throwing POLICY_* codes) and explains it, one rule per line. */
export function explainPolicy(doc: unknown, options: ExplainOptions = {}): string {
  const p = compilePolicy(doc);
  const lines = [
    `${p.document.title} (${p.ref})`,
    p.document.description,
    '',
    `A trade is admitted only with a zero-knowledge proof that the holder has an unrevoked, unexpired credential from an issuer in the "${p.issuerSet}" issuer set, bound to that trade, and that:`,
    ...(p.predicates.length === 0 ? ["  - (no conditions on the holder's attributes)"] : []),
    ...predicateSentences(p, options).map((text, i) => `  ${i + 1}. ${text}`),
    ...(p.maxValueAttribute
      ? [
          "  - The trade's value (size × price in hundredths of the quote currency, rounded up) is at most the holder's per-trade limit.",
        ]
      : []),
    ...(p.cumulativeLimit
      ? [
          `  - The holder's trades in this ${p.cumulativeLimit.period === 'calendar-month' ? 'calendar month' : 'calendar year'} (UTC), this one included, add up to at most ${p.cumulativeLimit.cap === 'tradeLimit' ? "the holder's tradeLimit" : formatScaled(p.cumulativeLimit.cap)}. The venue never sees the running total: it keeps only a commitment to it per holder and period, under a pseudonym that changes every period.`,
        ]
      : []),
    ...(p.escrow
      ? [
          "  - The proof carries the holder's escrow identity (which issuer, which credential: nothing else) encrypted to the escrow committee. The venue cannot read it; only k of the committee's n members together can, and only for a named trade after the request is published in the transparency log.",
        ]
      : []),
    '',
    ...offCircuit(p),
    "The venue learns none of the holder's attributes: only that they satisfy these rules, and a nullifier.",
  ];
  return lines.join('\n');
}

/**
 * Each of the policy's predicates as one sentence, in the document's order (the indices
 * `failingPredicates` returns): what a prover tells the holder a credential does not meet.
 */
export function explainPredicates(doc: unknown, options: ExplainOptions = {}): string[] {
  return predicateSentences(compilePolicy(doc), options);
}

function predicateSentences(p: CompiledPolicy, options: ExplainOptions): string[] {
  return p.predicates.map((c, i) => sentence(p.document.predicates[i]!.attribute, c, options));
}

function offCircuit(p: CompiledPolicy): string[] {
  const s = p.session;
  return [
    p.markets ? `Markets: only ${p.markets.join(', ')} ('*' matches any characters).` : 'Markets: any market.',
    `Freshness: the proof's time may differ from the venue's clock by at most ${p.maxClockSkewSeconds} seconds.`,
    p.scope.mode === 'per-trade'
      ? 'Replay: one proof per trade (the nullifier is scoped to the trade hash).'
      : `Replay: one proof per holder per venue per ${p.scope.epochSeconds}-second epoch.`,
    s.allowed
      ? `Sessions: allowed — one proof may bind a session key for ${s.ttlSeconds} seconds, at most ${s.maxOrders} orders and a total notional of ${formatScaled(s.maxNotional)}.`
      : 'Sessions: not allowed; every trade carries its own proof.',
  ];
}

const COMPARE: Record<string, [plain: string, date: string]> = {
  eq: ['is', 'is exactly'],
  ne: ['is not', 'is not exactly'],
  lt: ['is less than', 'is before'],
  lte: ['is at most', 'is on or before'],
  gt: ['is greater than', 'is after'],
  gte: ['is at least', 'is on or after'],
};

function sentence(attribute: PolicyAttribute, c: Predicate, options: ExplainOptions): string {
  const { noun, kind } = ATTRIBUTES[attribute];
  const d = (v: bigint) => describeValue(attribute, v, options.countryName);
  if (attribute === 'ageOver18' && 'value' in c) {
    const verified = (c.op === 'eq') === (c.value === 1n);
    return verified ? 'The holder is verified to be 18 or older.' : 'The holder is not verified as 18 or older.';
  }
  if ('values' in c) return `${noun} is ${c.op === 'in' ? 'one of' : 'none of'}: ${c.values.map(d).join(', ')}.`;
  if ('lo' in c)
    return `${noun} is ${c.op === 'notbetween' ? 'not ' : ''}between ${d(c.lo)} and ${d(c.hi)} (inclusive).`;
  return `${noun} ${COMPARE[c.op]![kind === 'date' ? 1 : 0]} ${d(c.value)}.`;
}
