/**
 * Ledger import for institutions, into the caller's tenant only. One request is one import: every
 * fill is stored or none is (a malformed row names its line and column, or its record and JSON
 * pointer; a trade id the tenant already has names the row that repeats it). The CSV travels either
 * as the request body itself (`Content-Type: text/csv`) or as a JSON string (`{"csv": "..."}`);
 * both are validated as the same shape, under one size limit.
 * More than `jobs.syncLedgerRows` rows (or `Prefer: respond-async`) run as a job: 202 Accepted.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isVouchError, VouchError } from '../../errors/index.js';
import { importLedger, readLedgerCsv, readLedgerJson } from '../../reporting/ledger/index.js';
import { jsonResult, runAsJob } from '../jobs/run-as-job.js';
import { lineCount } from '../mount-routes.js';
import { defineRoutes } from '../route.js';
import { reportingStores } from '../services/reporting-stores.js';
import { REPORTING_BODY_LIMIT } from './reporting-schemas.js';

const Fill = z
  .strictObject({
    time: z.union([z.string(), z.int().min(0)]),
    account: z.string(),
    asset: z.string(),
    side: z.enum(['buy', 'sell', 'credit', 'debit', 'BUY', 'SELL', 'CREDIT', 'DEBIT']),
    quantity: z.string(),
    price: z.string().optional(),
    quote: z.string(),
    fee: z.string().optional(),
    feeAsset: z.string().optional(),
    venue: z.string().optional(),
    tradeId: z.string(),
    kind: z.enum(['spot', 'pnl', 'funding']),
  })
  .meta({ id: 'LedgerFill' });

const ImportFills = z
  .union([
    z.strictObject({ csv: z.string().min(1).max(REPORTING_BODY_LIMIT) }),
    z.strictObject({ fills: z.array(Fill).min(1) }),
  ])
  .meta({ id: 'LedgerImportRequest' });

const ImportResult = z
  .object({
    importId: z.int().min(1),
    tenant: z.string(),
    source: z.enum(['csv', 'json']),
    fills: z.int().min(0),
    sha256: z.string(),
  })
  .meta({ id: 'LedgerImport' });

export const ledgerRoutes = defineRoutes({
  area: 'ledger',
  // the ledger store is ported (reporting-stores.ts: PgLedgerStore when deps.pg)
  postgres: true,
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/ledger/fills',
      operationId: 'importLedgerFills',
      summary: "Import fills (CSV text or JSON) into the caller's tenant ledger, all or nothing",
      roles: ['institution'],
      body: ImportFills,
      bodyLimit: REPORTING_BODY_LIMIT,
      textBodies: { 'text/csv': 'csv' },
      itemLimits: [
        // the CSV header is one line more than its rows
        { field: 'csv', items: 'lines', limit: (c) => c.limits.ledgerRows + 1 },
        { field: 'fills', items: 'fills', limit: (c) => c.limits.ledgerRows },
      ],
      bodyCheckedBy:
        'the ledger reader checks every row against reports/ledger-fills.schema.json: 400 LEDGER_CSV_SYNTAX, LEDGER_HEADER_INVALID or LEDGER_ROW_INVALID name the line and column, or the record and pointer.',
      runsAsJob: true,
      response: { status: 201, schema: ImportResult },
      handler: async ({ auth, body, deps, c }) => {
        const source: 'csv' | 'json' = 'csv' in body ? 'csv' : 'json';
        const text = 'csv' in body ? body.csv : JSON.stringify(body.fills);
        const rows = 'csv' in body ? Math.max(0, lineCount(body.csv) - 1) : body.fills.length;
        return runAsJob({
          c,
          deps,
          tenant: auth.tenant,
          kind: 'ledger-import',
          size: rows,
          threshold: deps.config.jobs.syncLedgerRows,
          toResult: jsonResult(201, ImportResult),
          work: async (progress) => {
            try {
              // 64 KiB pieces: the CSV reader then parses as it goes instead of the whole text at once
              const fills = 'csv' in body ? readLedgerCsv(slices(text, 65_536)) : readLedgerJson(text);
              const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
              const r = await importLedger(reportingStores(deps).ledger, {
                tenant: auth.tenant,
                fills,
                source,
                sha256,
                now: () => deps.clock.now(),
                onProgress: (n) => progress.set(n),
              });
              return { importId: r.importId, tenant: r.tenant, source, fills: r.fills, sha256 };
            } catch (err) {
              throw source === 'json' ? pointIntoBody(err) : err;
            }
          },
        });
      },
    }),
  ],
});

function* slices(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** The JSON reader's pointers are relative to the fills array; make them point into the request. */
function pointIntoBody(err: unknown): unknown {
  if (!isVouchError(err) || typeof err.details?.pointer !== 'string') return err;
  return new VouchError(err.code, err.message, {
    cause: err,
    details: { ...err.details, pointer: `/body/fills${err.details.pointer}` },
  });
}
