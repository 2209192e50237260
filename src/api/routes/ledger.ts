/**
 * Ledger import for institutions, into the caller's tenant only. One request is one import: every
 * fill is stored or none is (a malformed row names its line and column, or its record and JSON
 * pointer; a trade id the tenant already has names the row that repeats it). The CSV travels either
 * as the request body itself (`Content-Type: text/csv`) or as a JSON string (`{"csv": "..."}`);
 * both are validated as the same shape, under one size limit.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isVouchError, VouchError } from '../../errors/index.js';
import { importLedger, readLedgerCsv, readLedgerJson, type LocatedFill } from '../../reporting/ledger/index.js';
import { defineRoutes } from '../route.js';
import { REPORTING_BODY_LIMIT } from './reporting-schemas.js';

const Fill = z.strictObject({
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
});

const ImportFills = z.union([
  z.strictObject({ csv: z.string().min(1).max(REPORTING_BODY_LIMIT) }),
  z.strictObject({ fills: z.array(Fill).min(1) }),
]);

const ImportResult = z.object({
  importId: z.int().min(1),
  tenant: z.string(),
  source: z.enum(['csv', 'json']),
  fills: z.int().min(0),
  sha256: z.string(),
});

export const ledgerRoutes = defineRoutes({
  area: 'ledger',
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
      response: { status: 201, schema: ImportResult },
      handler: async ({ auth, body, deps }) => {
        const source: 'csv' | 'json' = 'csv' in body ? 'csv' : 'json';
        const text = 'csv' in body ? body.csv : JSON.stringify(body.fills);
        let fills: AsyncIterable<LocatedFill> | LocatedFill[];
        try {
          fills = 'csv' in body ? readLedgerCsv([text]) : readLedgerJson(text);
          const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
          const r = await importLedger(deps.db.db, { tenant: auth.tenant, fills, source, sha256, now: () => deps.clock.now() });
          return { importId: r.importId, tenant: r.tenant, source, fills: r.fills, sha256 };
        } catch (err) {
          throw source === 'json' ? pointIntoBody(err) : err;
        }
      },
    }),
  ],
});

/** The JSON reader's pointers are relative to the fills array; make them point into the request. */
function pointIntoBody(err: unknown): unknown {
  if (!isVouchError(err) || typeof err.details?.pointer !== 'string') return err;
  return new VouchError(err.code, err.message, { cause: err, details: { ...err.details, pointer: `/body/fills${err.details.pointer}` } });
}
