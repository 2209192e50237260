/**
 * Every top-level command, in the order `vouch --help` lists them, with what that listing shows
 * (its term and one-line description) and the registrars that define it fully. A command's code —
 * and the library it drives — loads only when that command runs (or its own --help is asked for):
 * `vouch --help` reads this table and nothing else. test/cli/lazy-commands.test.ts checks that the
 * listing here is exactly what the registrars declare, so the two cannot drift.
 */
import type { Registrar } from '../context.js';

export interface CommandEntry {
  name: string;
  /** As commander prints it in the command list ("serve [options]"). */
  term: string;
  description: string;
  /** Registrars that define this command (some define several top-level commands; order matters). */
  load(): Promise<Registrar[]>;
}

const circuits = async () => [(await import('./circuits.js')).registerCircuits];
const ceremony = async () => [(await import('./ceremony.js')).registerCeremony];
const serve = async () => [(await import('./serve.js')).registerServe];
const keys = async () => [(await import('./keys.js')).registerKeys];
const log = async () => [(await import('./log.js')).registerLog];
// `report` is one group shared by bundles (audit.ts) and tax/compliance reports (report.ts).
const report = async () => [
  (await import('./audit.js')).registerReportBundle,
  (await import('./report.js')).registerReport,
];
const audit = async () => [(await import('./audit.js')).registerAudit];
const policy = async () => [(await import('./policy.js')).registerPolicy];
const issuer = async () => [(await import('./issuer.js')).registerIssuer];
const issuerSet = async () => [(await import('./issuer-set.js')).registerIssuerSet];
const prove = async () => [(await import('./prove.js')).registerProve];
const evm = async () => [(await import('./evm.js')).registerEvm];
const ledger = async () => [(await import('./ledger.js')).registerLedger];
const data = async () => [(await import('./data.js')).registerData];
const decisions = async () => [(await import('./decisions.js')).registerDecisions];
const escrow = async () => [(await import('./escrow.js')).registerEscrow];
const wallet = async () => [(await import('./wallet.js')).registerWallet];

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'circuits',
    term: 'circuits',
    description: "build and inspect the policy circuits' artifacts (policy, policy-accountable)",
    load: circuits,
  },
  {
    name: 'ceremony',
    term: 'ceremony',
    description:
      'multi-party trusted setup (phase 2) on a public powers-of-tau file: init, contribute, verify, beacon, finalize',
    load: ceremony,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    description: 'run the HTTP API (health, readiness, metrics, docs at /docs, the v1 routes)',
    load: serve,
  },
  {
    name: 'keys',
    term: 'keys',
    description: 'manage API keys (roles: admin, issuer, institution, venue, auditor, operator)',
    load: keys,
  },
  {
    name: 'log',
    term: 'log',
    description: 'transparency log: append entries, roots, inclusion/consistency proofs, signed checkpoints',
    load: log,
  },
  {
    name: 'report',
    term: 'report',
    description: 'tax, CARF, 1099-DA / 8949 and compliance reports; signed report bundles',
    load: report,
  },
  { name: 'audit', term: 'audit', description: 'offline verification for auditors', load: audit },
  {
    name: 'policy',
    term: 'policy',
    description: 'validate, explain and hash policy documents (policies/*.json)',
    load: policy,
  },
  { name: 'issuer', term: 'issuer', description: 'create and manage credential issuers', load: issuer },
  { name: 'holder', term: 'holder', description: 'holder-side keys', load: issuer },
  { name: 'credential', term: 'credential', description: 'issue, revoke and check credentials', load: issuer },
  { name: 'registry', term: 'registry', description: 'the verifier’s issuer registry', load: issuer },
  {
    name: 'issuer-set',
    term: 'issuer-set',
    description: 'named issuer sets: which issuers a policy’s proofs may come from',
    load: issuerSet,
  },
  {
    name: 'prove',
    term: 'prove [options]',
    description: 'prove, offline, that your credential satisfies a policy for one trade',
    load: prove,
  },
  {
    name: 'verify',
    term: 'verify [options]',
    description:
      'check a proof for a trade against a policy and registry, as a venue would (stateless: no replay memory)',
    load: prove,
  },
  {
    name: 'wallet',
    term: 'wallet',
    description:
      "the holder's limit wallet for cumulative-limit policies: its running totals, moved only by the venue's signed receipts",
    load: wallet,
  },
  { name: 'evm', term: 'evm', description: 'the on-chain gate: Solidity sources, ABI and calldata', load: evm },
  { name: 'ledger', term: 'ledger', description: 'the trade ledger: import fills (CSV or JSON)', load: ledger },
  {
    name: 'data',
    term: 'data',
    description: 'back up and restore a data dir (database, sealed keys, KEK)',
    load: data,
  },
  {
    name: 'decisions',
    term: 'decisions',
    description: 'hook decisions: export them for the compliance report',
    load: decisions,
  },
  {
    name: 'escrow',
    term: 'escrow',
    description: 'identity escrow: the k-of-n committee, and unmasking a decision only through the transparency log',
    load: escrow,
  },
];
