/**
 * The house rules on imports in src/, checked by dependency-cruiser (`npm run lint:deps`, and in
 * `npm test` by test/house/layering.test.ts). Three kinds of rule:
 *
 * 1. Layering. Each area of src/ may import only the areas listed for it in LAYERS below, which is
 *    ../shared/DESIGN.md's module table ("arrows point down this table's right column only") plus
 *    the areas added since. Read bottom-up:
 *
 *      errors       the VouchError class and the code tables; imports nothing (everyone uses it).
 *      config       configuration schema, run mode, data/cache dirs, package files; errors only.
 *      keys         private keys at rest (KEK, sealed files); errors only (node:crypto).
 *      zk           field, Poseidon, EdDSA, trees, artifacts, prove/verify. Knows nothing of HTTP or
 *                   SQL (no db, no api, no hono/drizzle/pg: rule zk-no-http-or-sql); reads config
 *                   for where artifacts live and whether dev artifacts are allowed.
 *      db           drizzle schema, migrations and the two clients: drizzle-orm and the drivers only
 *                   (rule db-drivers-only), plus errors — and one exception (auth roles, below).
 *      log          the RFC 6962 log and signed-note checkpoints: db, keys (its checkpoint key).
 *      auth         API keys, roles, the service key: db, keys.
 *      escrow       committee keys, unmasking through the log: zk, log, keys, db (DESIGN round 2).
 *      kyc          evidence adapters: zk (field encoding), and the credential schema they fill
 *                   (an exception, below); never the rest of credentials, which runs them.
 *      credentials  issuance, status, registries: zk, db, kyc (issuance verifies evidence), log
 *                   (registry snapshots are logged), escrow (the registry names the committee), keys.
 *      policy       documents, compilation, trade binding: zk, and the credential schema (exception).
 *      prover       the holder SDK: zk, policy, credentials, escrow (the accountable circuit encrypts
 *                   to the committee key).
 *      evm          the on-chain gate: zk, policy, config (contract sources travel with the package).
 *      reporting    ledger, tax, CARF, forms, bundles, audit: log, db, auth (tenant ids).
 *      hook         the embedded plugin: zk, policy, credentials, log, db, escrow; and the
 *                   holder's proof-file format (exception, below). Never api, cli or hono at run time.
 *      api          the HTTP shell: any library area above. Never cli or entry.
 *      cli          the `vouch` command: any library area, and api (`vouch serve`). Never entry.
 *      entry        the package entry points (package.json "exports"): any area but cli. Nothing
 *                   in src/ imports an entry point.
 *
 * 2. Cross-area imports go through the target area's index.ts (rule through-index). An "area" is
 *    a folder of src/ with an index.ts; src/reporting has none, so each of its sub-folders
 *    (reporting/ledger, reporting/tax, …) is an area. Folders without an index.ts (db, cli) are
 *    imported file by file. Inside an area, files import each other directly.
 *
 * 3. No cycles (rule no-circular): none among the modules loaded at run time, dynamic import()
 *    included. Type-only imports are erased by tsc and do not count.
 *
 * EXCEPTIONS lists every import that is allowed to break rule 1 or 2, each with its reason. The
 * usual reason is the footprint of a package entry point: ESM loads every module an index.ts
 * re-exports, so a deep import keeps a light entry point (vouch/hook, vouch/verifier, vouch/evm)
 * from loading code its role does not need (test/package/entry-points.test.ts measures it).
 * test/house/layering.test.ts fails on an exception that no longer matches any import.
 */
'use strict';

const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

/** Which areas each area of src/ may import (besides itself). */
const LAYERS = {
  errors: [],
  config: ['errors'],
  keys: ['errors'],
  zk: ['config', 'errors'],
  db: ['errors'],
  log: ['db', 'keys', 'errors'],
  auth: ['db', 'keys', 'errors'],
  escrow: ['zk', 'log', 'keys', 'db', 'errors'],
  kyc: ['zk', 'errors'],
  credentials: ['zk', 'db', 'kyc', 'log', 'escrow', 'keys', 'errors'],
  policy: ['zk', 'errors'],
  prover: ['zk', 'policy', 'credentials', 'escrow', 'errors'],
  evm: ['zk', 'policy', 'config', 'errors'],
  reporting: ['log', 'db', 'auth', 'errors'],
  hook: ['zk', 'policy', 'credentials', 'log', 'db', 'escrow', 'errors'],
};
const LIBRARY = Object.keys(LAYERS);
LAYERS.api = [...LIBRARY];
LAYERS.cli = [...LIBRARY, 'api'];
LAYERS.entry = [...LIBRARY, 'api'];

/**
 * Imports allowed to break the layering or the through-index rule. `from` is a file or a folder
 * (ending in /), `to` the files it may import; the `from`s must not overlap.
 */
const EXCEPTIONS = [
  {
    from: 'src/db/schema/auth.ts',
    to: ['src/auth/roles.ts'],
    why:
      'the api_keys.role column is typed by the role list, kept in one place (auth/roles.ts); ' +
      'roles.ts imports nothing, so this adds no cycle at run time.',
  },
  {
    from: 'src/db/schema-pg/auth.ts',
    to: ['src/auth/roles.ts'],
    why:
      'the api_keys.role column is typed by the role list, kept in one place (auth/roles.ts); ' +
      'roles.ts imports nothing, so this adds no cycle at run time.',
  },
  {
    from: 'src/kyc/',
    to: ['src/credentials/schema.ts'],
    why:
      'the adapters map evidence onto the credential schema (slots, attribute vocabulary); ' +
      'credentials/index.ts would close a cycle, since issuance (credentials/issue.ts) runs the adapters. ' +
      'schema.ts imports only errors.',
  },
  {
    from: 'src/policy/',
    to: ['src/credentials/schema.ts'],
    why:
      'predicates name credential attributes; credentials/index.ts carries issuance (db, jose, the ' +
      'KYC adapters), which vouch/hook, vouch/verifier and vouch/evm load policy without. schema.ts imports only errors.',
  },
  {
    from: 'src/cli/main.ts',
    to: ['src/config/package-files.ts', 'src/zk/curve.ts'],
    why:
      'the CLI start-up path: `vouch --help` loads commander alone (config/index.ts loads zod, and ' +
      "zk/index.ts the circuit code just to release the curve's workers at exit).",
  },
  {
    from: 'src/zk/',
    to: ['src/config/paths.ts', 'src/config/package-files.ts', 'src/config/run-mode.ts'],
    why:
      'zk loads in every proof-handling entry point, vouch/evm among them; config/index.ts also ' +
      'carries the zod configuration schema, which vouch/evm does not load. These three import only node: modules and errors.',
  },
  {
    from: 'src/evm/',
    to: ['src/config/paths.ts', 'src/config/package-files.ts'],
    why: 'as for zk: vouch/evm loads no zod (config/index.ts would bring the configuration schema).',
  },
  {
    from: 'src/entry/hook.ts',
    to: ['src/credentials/registry-file.ts', 'src/credentials/registry.ts', 'src/prover/proof-file.ts'],
    why:
      'vouch/hook loads registries and parses proof files; credentials/index.ts also carries issuance, ' +
      'which loads the KYC adapters, and prover/index.ts the prover.',
  },
  {
    from: 'src/entry/verifier.ts',
    to: [
      'src/credentials/registry-file.ts',
      'src/credentials/registry.ts',
      'src/prover/proof-file.ts',
      'src/hook/receipts.ts',
      'src/hook/verify-proof-offline.ts',
    ],
    why:
      'vouch/verifier is stateless: as vouch/hook for credentials and prover, and of the hook only ' +
      'receipt verification and the offline stateless check over a memory store (hook/index.ts brings ' +
      'the PostgreSQL and SQLite stores, the decision recorder and the gate).',
  },
  {
    from: 'src/hook/verify-proof-offline.ts',
    to: ['src/credentials/registry-file.ts'],
    why:
      'the offline check loads registry.json as vouch/verifier does; credentials/index.ts also carries ' +
      'issuance, which loads the KYC adapters the browser regulator view must not bundle.',
  },
  {
    from: 'src/entry/audit.ts',
    to: ['src/escrow/list-unmaskings.ts', 'src/escrow/audit-unmaskings.ts'],
    why:
      'the auditor lists unmaskings from log entries checked against a signed checkpoint (pure); ' +
      'escrow/index.ts brings committee key generation, dealing and decryption.',
  },
  {
    from: 'src/hook/check-stateless.ts',
    to: ['src/prover/proof-file.ts'],
    why: 'as check-proof.ts: the proof file is the holder→venue wire format; prover/index.ts carries the prover.',
  },
  {
    from: 'src/api/services/pg-bundle-store.ts',
    to: ['src/log/lib/pg-store.ts', 'src/log/lib/subtrees.ts'],
    why:
      "debt (issue 14): the PostgreSQL bundle store appends to the log inside its own transaction with the log's " +
      'internals; the log should offer that append itself, and this exception go.',
  },
  {
    from: 'src/hook/check-proof.ts',
    to: ['src/prover/proof-file.ts'],
    why:
      "the hook parses the holder's proof file (the holder→venue wire format); prover/index.ts also " +
      'carries proveTrade, which the hook must not load.',
  },
];

/**
 * Modules kept out of their area's index.ts on purpose, imported by path from anywhere: each loads
 * a heavy package at load time that most importers of the index must not pay for.
 */
const UNINDEXED = [
  {
    path: 'src/log/open-data-dir-log.ts',
    why: 'opens the SQLite database (better-sqlite3): verifiers and provers read logs without the driver',
  },
  {
    path: 'src/log/pg-transparency-log.ts',
    why: 'the PostgreSQL log (pg): only the service and a hook on PostgreSQL load the driver',
  },
  {
    path: 'src/hook/pg-nullifier-store.ts',
    why: 'PostgreSQL store (pg); the hook index serves embedded SQLite/memory hooks and the verifier',
  },
  { path: 'src/hook/pg-session-store.ts', why: 'PostgreSQL store (pg), as above' },
  { path: 'src/hook/pg-record-decisions.ts', why: 'PostgreSQL recorder (pg), as above' },
  {
    path: 'src/escrow/pg-publish-committee.ts',
    why: 'the escrow committee on the PostgreSQL log (pg): only the CLI on PostgreSQL loads it',
  },
  {
    path: 'src/hook/open-hook-stores.ts',
    why: 'opens the configured database (better-sqlite3 or pg); vouch/hook and the service import it',
  },
  {
    path: 'src/reporting/ledger/open-ledger-store.ts',
    why: 'opens the configured database (better-sqlite3 or pg); only the CLI commands that need a ledger import it',
  },
  {
    path: 'src/auth/pg-api-key-store.ts',
    why: 'the PostgreSQL API-key store (pg): the browser wallet and the verifier load auth types without the driver',
  },
  { path: 'src/auth/pg-rate-limiter.ts', why: 'the PostgreSQL request budgets (pg), as above' },
  { path: 'src/auth/redis-rate-limiter.ts', why: 'the Redis request budgets (ioredis); only the service loads it' },
  {
    path: 'src/reporting/ledger/pg-ledger-store.ts',
    why: 'the PostgreSQL ledger store (pg): the browser console reads ledgers and bundles without the driver',
  },
  {
    path: 'src/credentials/open-store.ts',
    why: 'opens the configured database (better-sqlite3 or pg) for the issuer side; the service and the CLI import it',
  },
  {
    path: 'src/credentials/pg-store.ts',
    why: 'the PostgreSQL credential store (pg); provers and verifiers load credentials/index.ts without the driver',
  },
  {
    path: 'src/credentials/pickup.ts',
    why: 'credential pickup codes (their own table and route); only the pickup route and `credential issue --pickup` import it',
  },
  {
    path: 'src/zk/artifacts/build.ts',
    why: 'the dev ceremony build (snarkjs, circom2 at load time); only `vouch circuits build` imports it',
  },
  {
    path: 'src/zk/ceremony/',
    why: 'the production ceremony (snarkjs at load time); only `vouch ceremony` imports it',
  },
];

const SRC = join(__dirname, 'src');

/**
 * Folders whose sub-folders are the areas (DESIGN.md's reporting row: ledger, tax, carf, forms,
 * compliance, bundle, audit); every other top-level folder of src/ is one area.
 */
const CONTAINERS = ['reporting'];

/** The areas with an index.ts. */
function indexedAreas() {
  const areas = [];
  for (const d of readdirSync(SRC, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    if (!CONTAINERS.includes(d.name)) {
      if (existsSync(join(SRC, d.name, 'index.ts'))) areas.push(d.name);
      continue;
    }
    for (const s of readdirSync(join(SRC, d.name), { withFileTypes: true }))
      if (s.isDirectory() && existsSync(join(SRC, d.name, s.name, 'index.ts'))) areas.push(`${d.name}/${s.name}`);
  }
  return areas.sort();
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pathRe = (p) => `^${esc(p)}${p.endsWith('/') ? '' : '$'}`;

for (const a of EXCEPTIONS)
  for (const b of EXCEPTIONS)
    if (a !== b && (a.from.startsWith(b.from) || b.from.startsWith(a.from)))
      throw new Error(`.dependency-cruiser.cjs: exceptions from ${a.from} and ${b.from} overlap; merge them`);

/**
 * A rule, and beside it one copy per exception source inside the rule's scope that also admits
 * that source's allowed targets. Same name, so a violation reads the same either way.
 */
function withExceptions(rule) {
  const scope = new RegExp(rule.from.path);
  const inScope = EXCEPTIONS.filter((e) => scope.test(e.from));
  if (inScope.length === 0) return [rule];
  return [
    {
      ...rule,
      from: {
        ...rule.from,
        pathNot: [].concat(
          rule.from.pathNot ?? [],
          inScope.map((e) => pathRe(e.from)),
        ),
      },
    },
    ...inScope.map((e) => ({
      ...rule,
      // A lookahead narrows the rule's own `from` (and keeps its capture groups for `to`).
      from: { ...rule.from, path: `^(?=${pathRe(e.from).slice(1)})${rule.from.path.slice(1)}` },
      to: { ...rule.to, pathNot: [].concat(rule.to.pathNot ?? [], e.to.map(pathRe)) },
    })),
  ];
}

const AREAS = indexedAreas();
const areaGroup = `(${AREAS.map(esc).join('|')})`;
const npm = (names) => `(^|/)node_modules/(${names.map(esc).join('|')})/`;

const layering = Object.entries(LAYERS).map(([area, allowed]) => ({
  name: `layer-${area}`,
  comment: `src/${area} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in src/'} (see the table at the top of this file)`,
  severity: 'error',
  from: { path: `^src/${area}/` },
  to: { path: '^src/', pathNot: [`^src/${area}/`, ...allowed.map((a) => `^src/${a}/`)] },
}));

module.exports = {
  forbidden: [
    ...layering.flatMap(withExceptions),
    ...withExceptions({
      name: 'through-index',
      comment: 'import another area through its index.ts (src/b/index.ts), not one of its files',
      severity: 'error',
      // $1, the importer's area, is excluded from the targets: inside an area, files import each other.
      from: { path: `^src/(${CONTAINERS.map((c) => `${esc(c)}/[^/]+`).join('|')}|[^/]+)/` },
      to: {
        path: `^src/${areaGroup}/.+`,
        pathNot: ['^src/$1/', `^src/${areaGroup}/index\\.ts$`, ...UNINDEXED.map((u) => pathRe(u.path))],
      },
    }),
    ...withExceptions({
      name: 'no-circular',
      comment: 'no import cycle among the modules loaded at run time (type-only imports do not count)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'type-import'] } },
    }),
    {
      name: 'zk-no-http-or-sql',
      comment: 'zk knows nothing of HTTP or SQL',
      severity: 'error',
      from: { path: '^src/zk/' },
      to: { path: npm(['hono', '@hono', 'drizzle-orm', 'better-sqlite3', 'pg', 'ioredis', 'pino', 'commander']) },
    },
    {
      name: 'db-drivers-only',
      comment: 'db talks to drizzle-orm and its drivers only',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { dependencyTypes: ['npm'], pathNot: npm(['drizzle-orm', 'better-sqlite3', 'pg']) },
    },
    {
      name: 'library-no-shell-packages',
      comment:
        'the library areas work embedded: no HTTP server, logger or CLI framework at run time (hook/gate.ts uses hono types only)',
      severity: 'error',
      from: { path: `^src/(${LIBRARY.join('|')})/` },
      to: { path: npm(['hono', '@hono', 'pino', 'commander']), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'anon-aadhaar-in-kyc-only',
      comment: 'only the KYC adapters load Anon Aadhaar',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kyc/' },
      to: { path: npm(['@anon-aadhaar']) },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    moduleSystems: ['es6', 'cjs'],
  },
};

// For test/house/layering.test.ts (which checks that every exception is still needed); not a
// dependency-cruiser option, so not enumerable.
Object.defineProperty(module.exports, 'house', { value: { LAYERS, EXCEPTIONS, UNINDEXED }, enumerable: false });
