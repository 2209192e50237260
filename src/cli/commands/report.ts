/**
 * `vouch report …`: tax reports (JSON, CARF XML, 1099-DA rows, 8949 CSV) and the compliance
 * summary. A thin shell over src/reporting: it parses options, opens files, picks a writer.
 * The `report` group is shared: `reportCommand(program)` creates it or returns the existing one,
 * so other areas add their subcommands (`report bundle`, `report disclose`) to the same group.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { openLedgerStore, type OpenedLedgerStore } from '../../reporting/ledger/open-ledger-store.js';
import { VouchError } from '../../errors/index.js';
import { parseCarfUsers, buildCarfXml } from '../../reporting/carf/index.js';
import { buildComplianceReport, type CompliancePeriod } from '../../reporting/compliance/index.js';
import {
  Form1099DaCsvWriter,
  Form1099DaJsonWriter,
  Form8949Writer,
  OutputFile,
  type BasisReporting,
} from '../../reporting/forms/index.js';
import {
  isCurrencyCode,
  parseTime,
  readLedgerFromDb,
  readTextFile,
  type LedgerFormat,
} from '../../reporting/ledger/index.js';
import {
  isJurisdictionCode,
  isLotMethod,
  taxReportWarnings,
  type JurisdictionCode,
  JURISDICTIONS,
  MovementAggregator,
  runTaxFiles,
  TaxReportJsonWriter,
  transactionAggregate,
  type TaxFilesOptions,
  type TaxSummary,
} from '../../reporting/tax/index.js';
import { emit, globalOptions, note, type GlobalOptions, type Registrar } from '../context.js';
import { DECISIONS_FILE_HELP, LEDGER_CSV_HELP, PRICES_CSV_HELP, USERS_FILE_HELP } from '../file-formats.js';
import { assertOutputPath } from '../files.js';
import { openStateDatabase } from '../state.js';

/** The `report` command group, created on first use. */
export function reportCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'report');
  if (existing) return existing;
  return program
    .command('report')
    .description('tax, CARF, 1099-DA / 8949 and compliance reports; signed report bundles');
}

export const TAX_FORMATS = ['json', 'carf', '1099da', '1099da-csv', '8949'] as const;
type TaxFormat = (typeof TAX_FORMATS)[number];

/** 64 MiB: an identity file for every user of a large venue, far below a ledger. */
const MAX_USERS_BYTES = 64 * 1024 * 1024;
const MAX_DECISIONS_BYTES = 512 * 1024 * 1024;

interface TaxCliOptions {
  ledger?: string;
  ledgerFormat?: string;
  prices?: string;
  users?: string;
  lots?: string;
  method: string;
  year: string;
  jurisdiction?: string;
  config?: string;
  currency?: string;
  timeZone: string;
  format: string;
  out?: string;
  account: string[];
  tenant: string;
  basisReporting: string;
  timestamp?: string;
  messageRefId?: string;
  testData?: boolean;
  force?: boolean;
}

export const registerReport: Registrar = (program) => {
  const report = reportCommand(program);

  report
    .command('tax')
    .description('tax report for one year from a ledger and a price table (no network)')
    .option('--ledger <file>', 'fills CSV or JSON (default: the tenant ledger in the database)')
    .option('--ledger-format <csv|json>', 'ledger file format (default: by extension)')
    .option('--prices <file>', 'price table CSV: time,asset,quote,price')
    .option('--users <file>', 'identity file for CARF: { "rcasp": {…}, "users": { "<account>": {…} } }')
    .option('--lots <file>', 'lot selections JSON for --method SPECIFIC')
    .option('--method <method>', 'FIFO | LIFO | HIFO | AVERAGE | SPECIFIC', 'FIFO')
    .requiredOption('--year <yyyy>', 'tax year')
    .option(
      '--jurisdiction <code>',
      `holding-period rules: ${Object.keys(JURISDICTIONS).join(' | ')} (required unless the tenant has one configured; never guessed)`,
    )
    .option(
      '--config <file>',
      'service config file (env VOUCH_CONFIG) whose reporting.taxJurisdictions names the tenant’s jurisdiction',
    )
    .option('--currency <ccy>', 'report currency, ISO 4217 (default: the jurisdiction’s)')
    .option('--time-zone <iana>', 'time zone of calendar dates', 'UTC')
    .option('--format <format>', TAX_FORMATS.join(' | '), 'json')
    .option('--out <file>', 'output file (default: stdout)')
    .option('--force', 'overwrite --out')
    .option(
      '--account <id>',
      'only this account (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--tenant <id>', 'tenant whose stored ledger to use when --ledger is absent', 'default')
    .option('--basis-reporting <kind>', '8949 box: reported (G/J) | not-reported (H/K) | none (I/L)', 'none')
    .option('--timestamp <iso>', 'CARF MessageSpec timestamp (default: now)')
    .option('--message-ref-id <id>', 'CARF MessageRefId (default: derived from the content)')
    .option('--test-data', 'CARF: mark documents as test data (OECD11)')
    .addHelpText('after', [LEDGER_CSV_HELP, PRICES_CSV_HELP, USERS_FILE_HELP].join('\n'))
    .action(async (o: TaxCliOptions, cmd: Command) => {
      const opts = globalOptions(cmd);
      await reportTax(opts, o);
    });

  report
    .command('compliance')
    .description('decisions per policy, reason code and period; rejection rates; sessions (no personal data)')
    .requiredOption('--decisions <file>', 'hook decision records: JSON array or JSON Lines')
    .option('--period <p>', 'day | month | year', 'month')
    .option('--time-zone <iana>', 'time zone of period boundaries', 'UTC')
    .option('--from <time>', 'only decisions at or after (ISO 8601 or Unix seconds)')
    .option('--to <time>', 'only decisions before (ISO 8601 or Unix seconds)')
    .option('--out <file>', 'output file (default: stdout)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', DECISIONS_FILE_HELP)
    .action(
      async (
        o: {
          decisions: string;
          period: string;
          timeZone: string;
          from?: string;
          to?: string;
          out?: string;
          force?: boolean;
        },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        if (o.out !== undefined) assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        if (!['day', 'month', 'year'].includes(o.period))
          throw new VouchError('USAGE', '--period must be day, month or year');
        const bound = (name: string, v?: string): number | undefined => {
          if (v === undefined) return undefined;
          const t = parseTime(v);
          if (t === undefined)
            throw new VouchError('USAGE', `--${name} must be ISO 8601 with an offset or Unix seconds`);
          return t;
        };
        const records = parseDecisions(await readTextFile(o.decisions, MAX_DECISIONS_BYTES));
        const fromMs = bound('from', o.from);
        const toMs = bound('to', o.to);
        const result = buildComplianceReport(records, {
          period: o.period as CompliancePeriod,
          timeZone: checkTimeZone(o.timeZone),
          ...(fromMs !== undefined ? { fromMs } : {}),
          ...(toMs !== undefined ? { toMs } : {}),
        });
        const out = OutputFile.open(o.out);
        out.write(`${JSON.stringify(result, null, 2)}\n`);
        await out.commit();
        if (o.out !== undefined) {
          emit(
            opts,
            { out: o.out, decisions: result.totals.decisions, policies: result.policies.length },
            `compliance report (${result.totals.decisions} decisions, ${result.policies.length} policies) written to ${o.out}`,
          );
        }
      },
    );
};

async function reportTax(opts: GlobalOptions, o: TaxCliOptions): Promise<void> {
  if (!isLotMethod(o.method)) throw new VouchError('USAGE', '--method must be FIFO, LIFO, HIFO, AVERAGE or SPECIFIC');
  if (!/^\d{4}$/.test(o.year) || Number(o.year) < 1970)
    throw new VouchError('USAGE', '--year must be a four-digit year from 1970');
  const jurisdictionCode = cliTaxJurisdiction(o);
  if (o.out !== undefined) assertOutputPath(o.out, { overwrite: Boolean(o.force) });
  if (!(TAX_FORMATS as readonly string[]).includes(o.format))
    throw new VouchError('USAGE', `--format must be one of ${TAX_FORMATS.join(', ')}`);
  if (o.currency !== undefined && !isCurrencyCode(o.currency))
    throw new VouchError('USAGE', '--currency must be an ISO 4217 code');
  if (!['reported', 'not-reported', 'none'].includes(o.basisReporting))
    throw new VouchError('USAGE', '--basis-reporting must be reported, not-reported or none');
  const format = o.format as TaxFormat;
  const year = Number(o.year);
  if (format === 'carf' && o.users === undefined)
    throw new VouchError('USAGE', '--format carf needs --users (identity comes only from that file)');
  const timestamp = o.timestamp === undefined ? new Date() : new Date(parseTime(o.timestamp) ?? Number.NaN);
  if (Number.isNaN(timestamp.getTime()))
    throw new VouchError('USAGE', '--timestamp must be ISO 8601 with an offset or Unix seconds');
  // Read the identity file before the (possibly long) run, so a bad one fails fast.
  const users =
    o.users === undefined
      ? undefined
      : parseCarfUsers(parseJson(await readTextFile(o.users, MAX_USERS_BYTES), 'CARF_USERS_INVALID', 'the users file'));

  let db: OpenedLedgerStore | undefined;
  try {
    let ledger: TaxFilesOptions['ledger'];
    if (o.ledger !== undefined) ledger = o.ledger;
    else {
      // the tenant's stored ledger, on the database VOUCH_DATABASE_URL selects (default the SQLite file)
      const opened = await openLedgerStore({ sqlite: () => openStateDatabase(opts) });
      db = opened;
      ledger = () => readLedgerFromDb(opened.store, o.tenant);
    }
    const jurisdiction = JURISDICTIONS[jurisdictionCode];
    const options: TaxFilesOptions = {
      ledger,
      method: o.method,
      year,
      jurisdiction,
      timeZone: checkTimeZone(o.timeZone),
      ...(o.ledgerFormat !== undefined ? { ledgerFormat: o.ledgerFormat as LedgerFormat } : {}),
      ...(o.prices !== undefined ? { prices: o.prices } : {}),
      ...(o.lots !== undefined ? { lots: o.lots } : {}),
      ...(o.currency !== undefined ? { currency: o.currency } : {}),
      ...(o.account.length > 0 ? { accounts: o.account } : {}),
    };
    const currency = o.currency ?? jurisdiction.currency;
    let summary: TaxSummary;
    let inputs: Record<string, string>;
    if (format === 'carf') {
      const run = await runTaxFiles(options, () => {
        const agg = new MovementAggregator();
        return { agg, movement: (m: Parameters<MovementAggregator['add']>[0]) => agg.add(m) };
      });
      const xml = buildCarfXml(run.sink.agg.result().map(transactionAggregate), users!, {
        year,
        currency,
        timestamp,
        ...(o.messageRefId !== undefined ? { messageRefId: o.messageRefId } : {}),
        ...(o.testData ? { testData: true } : {}),
      });
      const out = OutputFile.open(o.out);
      out.write(xml);
      await out.commit();
      ({ summary, inputs } = run);
    } else {
      const run = await runTaxFiles(options, () => {
        const output = OutputFile.open(o.out);
        const writer =
          format === 'json'
            ? new TaxReportJsonWriter(output)
            : format === '1099da'
              ? new Form1099DaJsonWriter(output, { year, currency, method: o.method })
              : format === '1099da-csv'
                ? new Form1099DaCsvWriter(output)
                : new Form8949Writer(output, o.basisReporting as BasisReporting);
        return Object.assign(writer, { output });
      });
      const w = run.sink;
      if (w instanceof TaxReportJsonWriter) w.end(run.engine, run.summary, run.inputs);
      if (w instanceof Form1099DaJsonWriter) w.end(run.summary);
      await w.output.commit();
      ({ summary, inputs } = run);
    }
    const warnings = taxReportWarnings(jurisdiction, currency);
    for (const w of warnings) note(opts, `warning ${w.code}: ${w.message}`);
    if (!summary.complete) {
      note(
        opts,
        `warning: the report is incomplete: ${summary.totals.shortfalls.lines} disposal(s) had fewer acquisitions than units disposed of (no basis was invented)`,
      );
    }
    if (o.out !== undefined) {
      const t = summary.totals;
      emit(
        opts,
        {
          out: o.out,
          format,
          year,
          method: o.method,
          jurisdiction: jurisdiction.code,
          currency,
          warnings,
          complete: summary.complete,
          fills: t.fills,
          disposals: t.disposals.lines,
          shortfalls: t.shortfalls.lines,
          gain: t.disposals.gain.toString(),
          inputs,
        },
        `${format} report for ${year} (${o.method}, ${jurisdiction.code} rules, ${currency}) written to ${o.out}: ${t.fills} fills, ${t.disposals.lines} disposal lines${summary.complete ? '' : `, ${t.shortfalls.lines} shortfalls (incomplete)`}`,
      );
    }
  } finally {
    await db?.close();
  }
}

/**
 * The jurisdiction of `report tax`: --jurisdiction, else the tenant's entry in the service config
 * (--config or VOUCH_CONFIG, `reporting.taxJurisdictions`), else TAX_JURISDICTION_REQUIRED.
 */
function cliTaxJurisdiction(o: TaxCliOptions): JurisdictionCode {
  const codes = Object.keys(JURISDICTIONS).join(', ');
  if (o.jurisdiction !== undefined) {
    if (!isJurisdictionCode(o.jurisdiction)) throw new VouchError('USAGE', `--jurisdiction must be one of ${codes}`);
    return o.jurisdiction;
  }
  if (o.config !== undefined || process.env.VOUCH_CONFIG) {
    const configured = loadConfig(o.config !== undefined ? { file: o.config } : {}).reporting.taxJurisdictions;
    const found = configured?.[o.tenant] ?? configured?.['*'];
    if (found !== undefined) return found;
  }
  throw new VouchError(
    'TAX_JURISDICTION_REQUIRED',
    `name the jurisdiction whose holding-period rules apply: --jurisdiction ${codes.replace(', ', ' or ')} (none is configured for tenant ${o.tenant})`,
  );
}

function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    throw new VouchError('USAGE', '--time-zone must be an IANA time zone name');
  }
}

function parseJson(text: string, code: 'CARF_USERS_INVALID', what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new VouchError(code, `${what} is not valid JSON`);
  }
}

/** A JSON array, or JSON Lines (one object per non-empty line). */
function parseDecisions(text: string): unknown[] {
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith('[')) {
      const doc: unknown = JSON.parse(text);
      if (Array.isArray(doc)) return doc;
    } else {
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown);
    }
  } catch {
    // fall through
  }
  throw new VouchError('DECISION_RECORD_INVALID', 'the decisions file must be a JSON array or JSON Lines');
}
