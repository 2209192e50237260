/**
 * `vouch report bundle|disclose`, `vouch audit verify` and `vouch audit unmaskings`: signed,
 * log-anchored report bundles and their offline verification, and every identity-escrow
 * unmasking request in the log with its outcome. The `report` group is shared with the tax reports: reportCommand()
 * (commands/report.ts) returns it, whichever registrar runs first.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { InvalidArgumentError, type Command } from 'commander';
import { loadOrCreateServiceKey, resolveKek, servicePublicJwks } from '../../auth/index.js';
import { VouchError } from '../../errors/index.js';
import { auditUnmaskings, type AuditedUnmaskings, type LogEntryView } from '../../escrow/index.js';
import { consistencyProofFromJson, entriesUpTo } from '../../log/index.js';
import { parseBundle, verifyBundle, type BundleVerification } from '../../reporting/audit/index.js';
import {
  BUNDLE_JWS_ALGS,
  buildBundle,
  bundleAggregator,
  bundleAggregatorKinds,
  discloseRecords,
  type BundleJwsAlg,
  type BundleSigner,
  type ReportBundle,
} from '../../reporting/bundle/index.js';
import { registerBundleAggregator } from '../../reporting/bundle/index.js';
import { taxAggregates } from '../../reporting/tax/index.js';
import { emit, globalOptions, type GlobalOptions, type Registrar } from '../context.js';
import { withCliLog } from '../state.js';

// Tax bundles (kind "tax", made by POST /v1/reports/bundles): the auditor recomputes their
// aggregates from the records offline, exactly as the service computed them.
registerBundleAggregator('tax', (records) => taxAggregates(records as never) as never);
import { assertOutputPath, readTextFile } from '../files.js';
import { readJsonFile } from './log.js';
import { reportCommand } from './report.js';

/** Bundles and their records files hold every record of a period: far larger than a key or a proof. */
const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export const registerReportBundle: Registrar = (program) => {
  const report = reportCommand(program);

  report
    .command('bundle')
    .description(
      'sign records into a report bundle anchored in the transparency log (keep the output private: it holds every record and salt)',
    )
    .requiredOption(
      '--records <file>',
      'JSON array of records, or {"records": [...], "aggregates"?, "institution"?, "period"?}',
    )
    .requiredOption(
      '--kind <kind>',
      `bundle kind (aggregates are recomputed per kind; built in: ${bundleAggregatorKinds().join(', ')})`,
    )
    .requiredOption('--out <file>', 'where to write the bundle JSON (mode 0600)')
    .option('--institution <name>', 'reporting institution (else from the records file)')
    .option('--period <period>', 'reporting period, e.g. 2026 (else from the records file)')
    .option('--aggregates <file>', 'aggregates JSON (default: computed by the aggregator registered for --kind)')
    .option('--key <file>', "private JWK to sign with (default: the data dir's service signing key)")
    .option(
      '--jwks-out <file>',
      'also write the public JWKS auditors need (with the service key: every one it has had, so bundles signed before a rotation still verify)',
    )
    .option('--force', 'overwrite --out and --jwks-out')
    .action(async (o: BundleFlags, cmd: Command) => {
      const opts = globalOptions(cmd);
      // before anything is signed or logged: a bundle with nowhere to go must not leave a log entry
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      if (o.jwksOut) assertOutputPath(o.jwksOut, { overwrite: Boolean(o.force) });
      const input = readRecordsFile(o.records);
      const institution = o.institution ?? input.institution;
      const period = o.period ?? input.period;
      if (institution === undefined || period === undefined) {
        throw new VouchError('USAGE', 'institution and period are required (flags, or fields of the records file)');
      }
      let aggregates: unknown = o.aggregates ? readJsonFile(o.aggregates) : input.aggregates;
      if (aggregates === undefined) {
        const recompute = bundleAggregator(o.kind);
        if (!recompute) {
          throw new VouchError('USAGE', `no aggregator is registered for kind "${o.kind}": pass --aggregates FILE`, {
            details: { kinds: bundleAggregatorKinds() },
          });
        }
        aggregates = await recompute(input.records as never, { kind: o.kind, institution, period });
      }
      const { signer, jwks } = await loadSigner(opts, o.key);
      // the commitment goes to the log VOUCH_DATABASE_URL selects (the one `vouch serve` serves), or the data dir's
      const bundle: ReportBundle = await withCliLog(
        opts,
        (log) =>
          buildBundle({
            records: input.records,
            aggregates,
            kind: o.kind,
            institution,
            period,
            signer,
            log,
          }),
        { create: true },
      );
      writeJson(o.out, bundle, 0o600);
      if (o.jwksOut) writeJson(o.jwksOut, { keys: jwks }, 0o644);
      emit(
        opts,
        {
          out: o.out,
          kid: signer.kid,
          count: bundle.commitment.count,
          root: bundle.commitment.root,
          logIndex: bundle.log.index,
        },
        `bundle of ${bundle.commitment.count} records written to ${o.out} (kid ${signer.kid}, log entry ${bundle.log.index})`,
      );
    });

  report
    .command('disclose')
    .description('copy a bundle keeping only the chosen records, each with its salt and Merkle proof')
    .requiredOption('--bundle <file>', 'the full bundle')
    .requiredOption('--records <list>', 'record indexes to disclose, comma-separated (e.g. 0,3)', parseIndexList)
    .requiredOption('--out <file>', 'where to write the disclosure JSON')
    .option('--force', 'overwrite --out')
    .action((o: { bundle: string; records: number[]; out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      const d = discloseRecords(parseBundle(readJsonFile(o.bundle, MAX_BUNDLE_BYTES)), o.records);
      writeJson(o.out, d, 0o644);
      emit(
        opts,
        { out: o.out, disclosed: d.records.map((r) => r.index), count: d.commitment.count },
        `disclosed ${d.records.length} of ${d.commitment.count} records in ${o.out}`,
      );
    });
};

export const registerAudit: Registrar = (program) => {
  const audit = program.command('audit').description('offline verification for auditors');

  audit
    .command('verify')
    .description(
      'verify a report bundle or disclosure offline: signature, records, aggregates, checkpoint, log inclusion, consistency',
    )
    .argument('<bundle>', 'bundle or disclosure JSON file')
    .requiredOption('--jwks <file>', "the institution's public JWKS")
    .requiredOption('--log-key <key>', 'the log verifier key (name+keyid+key), or a file holding it')
    .option('--previous-checkpoint <file>', 'an earlier signed checkpoint of the log to check consistency with')
    .option('--consistency-proof <file>', 'JSON from `vouch log consistency --json` between the two checkpoints')
    .option('--origin <origin>', 'expected log origin (default: the log key name)')
    .action(async (file: string, o: AuditFlags, cmd: Command) => {
      const opts = globalOptions(cmd);
      const text = readText(file, MAX_BUNDLE_BYTES);
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        doc = text; // reported as BUNDLE_MALFORMED by the verifier
      }
      const logKey = existsSync(o.logKey) ? readText(o.logKey).trim() : o.logKey;
      const result = await verifyBundle(doc, {
        jwks: readJsonFile(o.jwks) as never,
        logKey,
        ...(o.origin !== undefined ? { origin: o.origin } : {}),
        ...(o.previousCheckpoint !== undefined ? { previousCheckpoint: readText(o.previousCheckpoint) } : {}),
        ...(o.consistencyProof !== undefined
          ? { consistencyProof: consistencyProofFromJson(readJsonFile(o.consistencyProof)) }
          : {}),
      });
      if (!opts.json) emit(opts, result, table(result));
      if (!result.ok) {
        const failed = result.checks.filter((c) => !c.ok).map((c) => c.code);
        throw new VouchError('AUDIT_VERIFICATION_FAILED', `verification failed: ${failed.join(', ')}`, {
          details: { ...result, failed },
        });
      }
      if (opts.json) emit(opts, result);
    });

  audit
    .command('unmaskings')
    .description(
      'every identity-escrow unmasking request in the log and its outcome, from entries checked against a checkpoint signed by the pinned log key (none hidden)',
    )
    .requiredOption('--log-key <key>', 'the log verifier key (name+keyid+key), or a file holding it')
    .option(
      '--service <url>',
      "read a Vouch service's public log (default: this data dir's log, or the PostgreSQL one VOUCH_DATABASE_URL selects)",
    )
    .action(async (o: { logKey: string; service?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const logKey = existsSync(o.logKey) ? readText(o.logKey).trim() : o.logKey;
      const { entries, checkpoint } = o.service ? await servedLog(o.service) : await localLog(opts);
      const listing = auditUnmaskings({ entries, checkpoint, logKey });
      emit(opts, listing, unmaskingLines(listing));
    });
};

/** The entries and current checkpoint of a service's public log (GET /v1/log/root, /v1/log/entries/{i}). */
async function servedLog(base: string): Promise<{ entries: LogEntryView[]; checkpoint: string }> {
  const get = async <T>(path: string): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, base), { headers: { accept: 'application/json' } });
    } catch (err) {
      throw new VouchError('UNAVAILABLE', `cannot reach ${base}`, { cause: err });
    }
    if (!res.ok) throw new VouchError('UNAVAILABLE', `${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const root = await get<{ size: number; checkpoint: string }>('/v1/log/root');
  const entries: LogEntryView[] = [];
  for (let i = 0; i < root.size; i++) entries.push(await get<LogEntryView>(`/v1/log/entries/${i}`));
  return { entries, checkpoint: root.checkpoint };
}

/**
 * This deployment's log (the data dir's, or the PostgreSQL one VOUCH_DATABASE_URL selects: the log
 * `vouch serve` serves), read like a served one: the entries are still checked against the pinned key.
 */
function localLog(opts: GlobalOptions): Promise<{ entries: LogEntryView[]; checkpoint: string }> {
  return withCliLog(opts, async (log) => {
    const checkpoint = await log.checkpoint();
    return { entries: await entriesUpTo(log, checkpoint.size), checkpoint: checkpoint.note };
  });
}

function unmaskingLines(l: AuditedUnmaskings): string {
  const lines = l.unmaskings.map((u) => {
    const r = u.results[0];
    const outcome = r ? `${r.outcome} at #${r.index} by members ${r.members.join(',')}` : 'pending';
    return `#${u.requestIndex} ${new Date(u.requestedAt * 1000).toISOString()} ${outcome} decision=${u.decision} requester=${JSON.stringify(u.requester)} basis=${JSON.stringify(u.legalBasis)}`;
  });
  for (const o of l.orphanResults) lines.push(`#${o.index} a result naming no earlier request (${o.request})`);
  lines.push(
    `${l.unmaskings.length} unmasking requests in the ${l.size} entries up to the checkpoint signed by the log key (root ${l.rootHash}): none hidden`,
  );
  return lines.join('\n');
}

interface BundleFlags {
  records: string;
  kind: string;
  out: string;
  institution?: string;
  period?: string;
  aggregates?: string;
  key?: string;
  jwksOut?: string;
  force?: boolean;
}

interface AuditFlags {
  jwks: string;
  logKey: string;
  previousCheckpoint?: string;
  consistencyProof?: string;
  origin?: string;
}

function readRecordsFile(path: string): {
  records: unknown[];
  aggregates?: unknown;
  institution?: string;
  period?: string;
} {
  const doc = readJsonFile(path, MAX_BUNDLE_BYTES);
  if (Array.isArray(doc)) return { records: doc };
  const o = doc as Record<string, unknown> | null;
  if (o && typeof o === 'object' && Array.isArray(o.records)) {
    return {
      records: o.records,
      ...(o.aggregates !== undefined ? { aggregates: o.aggregates } : {}),
      ...(typeof o.institution === 'string' ? { institution: o.institution } : {}),
      ...(typeof o.period === 'string' ? { period: o.period } : {}),
    };
  }
  throw new VouchError('INPUT_INVALID', `${path} must hold a JSON array of records or {"records": [...]}`, {
    details: { path },
  });
}

/** The signer, and the public keys its JWKS lists: every service key (rotated ones too, so older bundles still verify), or the given key's. */
async function loadSigner(
  opts: GlobalOptions,
  keyFile: string | undefined,
): Promise<{ signer: BundleSigner; jwks: JWK[] }> {
  if (keyFile === undefined) {
    const k = await loadOrCreateServiceKey({
      dataDir: opts.dataDir,
      kek: resolveKek({ dataDir: opts.dataDir, envValue: process.env.VOUCH_KEK }),
    });
    return { signer: { privateKey: k.privateKey, kid: k.kid, alg: 'EdDSA' }, jwks: servicePublicJwks(opts.dataDir) };
  }
  const jwk = readJsonFile(keyFile) as JWK;
  const alg = (jwk?.alg ??
    (jwk?.kty === 'OKP' && jwk.crv === 'Ed25519'
      ? 'EdDSA'
      : jwk?.kty === 'EC' && jwk.crv === 'P-256'
        ? 'ES256'
        : undefined)) as BundleJwsAlg | undefined;
  if (!jwk || typeof jwk.d !== 'string' || alg === undefined || !BUNDLE_JWS_ALGS.includes(alg)) {
    throw new VouchError('BUNDLE_SIGNER_INVALID', `${keyFile} must be a private Ed25519 or P-256 JWK`, {
      details: { path: keyFile },
    });
  }
  const { d: _secret, ...pub } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(pub, 'sha256'));
  const privateKey = await importJWK(jwk, alg);
  return { signer: { privateKey, kid, alg }, jwks: [{ ...pub, kid, alg, use: 'sig' }] };
}

function parseIndexList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^[0-9]+$/.test(p)))
    throw new InvalidArgumentError('expected comma-separated record indexes, e.g. 0,3');
  return parts.map(Number);
}

function table(r: BundleVerification): string {
  const rows = [
    ...r.checks.map(
      (c) => `${c.ok ? 'PASS' : 'FAIL'} ${c.name.padEnd(20)} ${c.ok ? '' : `${c.code}  `}${c.detail ?? ''}`,
    ),
    ...r.skipped.map((s) => `SKIP ${s.name.padEnd(20)} ${s.reason}`),
  ];
  return [...rows, r.ok ? 'OK: every check holds' : 'FAILED'].join('\n');
}

/** A regular file of strict UTF-8 (FILE_UNREADABLE, INPUT_TOO_LARGE or INPUT_INVALID naming the file). */
function readText(path: string, maxBytes?: number): string {
  return readTextFile(path, maxBytes);
}

function writeJson(path: string, value: unknown, mode: number): void {
  try {
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode });
    chmodSync(path, mode);
  } catch (err) {
    throw new VouchError('FILE_UNREADABLE', `cannot write ${path}`, { cause: err, details: { path } });
  }
}
