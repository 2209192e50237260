/**
 * Reports for institutions: the tax report of the caller's tenant ledger in the format a filing
 * needs (JSON, CARF XML, 1099-DA rows, Form 8949 CSV), and the compliance summary of the hook's
 * recorded decisions. Both compute on request and store nothing. A tax report over more than
 * `jobs.syncTaxFills` stored fills (or with `Prefer: respond-async`) runs as a job: 202 Accepted. Identity data for CARF comes
 * only from the `users` object of the request; it is never logged, stored or echoed in errors.
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { decisionsBetween } from '../../hook/index.js';
import { pgDecisionsBetween } from '../../hook/pg-record-decisions.js';
import { buildCarfXml, parseCarfUsers } from '../../reporting/carf/index.js';
import { buildComplianceReport } from '../../reporting/compliance/index.js';
import {
  csvLine,
  FORM_1099DA_CSV_COLUMNS,
  FORM_8949_COLUMNS,
  form1099DaCsvLine,
  form1099DaFromReport,
  form1099DaRow,
  form1099DaShortfallRow,
  form8949CsvLine,
  form8949Row,
} from '../../reporting/forms/index.js';
import { cooperative } from '../../reporting/ledger/index.js';
import type { JobResult } from '../jobs/job-queue.js';
import { runAsJob } from '../jobs/run-as-job.js';
import { jsonSchemaFile } from '../openapi/json-schema-file.js';
import { Accepted, defineRoutes } from '../route.js';
import { reportingStores } from '../services/reporting-stores.js';
import { storedFills, taxJurisdictionFor, tenantTaxReport } from '../services/tenant-tax-report.js';
import { ComplianceReport } from './compliance-schema.js';
import { Instant, REPORTING_BODY_LIMIT, TAX_ITEM_LIMITS, TaxReportRequest, TimeZone } from './reporting-schemas.js';

const ComplianceRequest = z
  .strictObject({
    from: Instant,
    to: Instant,
    period: z.enum(['day', 'month', 'year']).default('month'),
    timeZone: TimeZone.default('UTC'),
  })
  .meta({ id: 'ComplianceReportRequest' });

/** The JSON formats' documents (json, 1099da): the published JSON Schema files are their contract. */
const TaxReportJson = jsonSchemaFile('TaxReport', 'reports/tax-report.schema.json', 'Tax');
const Form1099DaJson = jsonSchemaFile('Form1099DaDocument', 'reports/form-1099da.schema.json', 'Form1099Da');

/** A CSV document (the same bytes as the forms' own writers) built one line at a time, yielding between slices. */
async function cooperativeCsv(header: readonly string[], lines: (() => string)[]): Promise<string> {
  const pause = cooperative();
  const parts = [csvLine(header)];
  for (const line of lines) {
    parts.push(line());
    const p = pause();
    if (p) await p;
  }
  return parts.join('');
}

const MEDIA = {
  json: 'application/json',
  carf: 'application/xml; charset=utf-8',
  '1099da': 'application/json',
  '1099da-csv': 'text/csv; charset=utf-8',
  '8949': 'text/csv; charset=utf-8',
} as const;

export const reportsRoutes = defineRoutes({
  area: 'reports',
  // the tax report reads the ledger store, the compliance report the hook's decisions: both follow deps.pg
  postgres: true,
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/reports/tax',
      operationId: 'createTaxReport',
      summary: "Tax report of the caller's tenant ledger for one year: JSON, CARF XML, 1099-DA rows or Form 8949 CSV",
      roles: ['institution'],
      body: TaxReportRequest,
      bodyLimit: REPORTING_BODY_LIMIT,
      itemLimits: TAX_ITEM_LIMITS,
      bodyCheckedBy:
        'the tax engine checks the price table (400 PRICE_ROW_INVALID names the line and column), the lot selections against reports/lot-selections.schema.json (TAX_LOT_SELECTION_INVALID) and the CARF identity file against reports/carf-users.schema.json (CARF_USERS_INVALID, a JSON path only); format carf needs users (INPUT_INVALID).',
      runsAsJob: true,
      response: {
        contentType: 'application/json',
        bodies: {
          200: {
            'application/json': z.union([TaxReportJson, Form1099DaJson]),
            'application/xml': 'text',
            'text/csv': 'text',
          },
        },
      },
      handler: async ({ auth, body, deps, c }) => {
        if (body.format === 'carf' && body.users === undefined) {
          throw new VouchError('INPUT_INVALID', 'format carf needs users (identity comes only from that object)', {
            details: { issues: [{ path: '/body/users', code: 'required', message: 'required for format carf' }] },
          });
        }
        const jurisdiction = taxJurisdictionFor(deps.config, auth.tenant, body.jurisdiction);
        // Parse the identity file before the (possibly long) run, so a bad one fails fast.
        const users = body.users === undefined ? undefined : parseCarfUsers(body.users);
        const type = MEDIA[body.format];
        const result = await runAsJob<JobResult>({
          c,
          deps,
          tenant: auth.tenant,
          kind: 'tax-report',
          size: await storedFills(reportingStores(deps).ledger, auth.tenant),
          threshold: deps.config.jobs.syncTaxFills,
          toResult: (r) => r,
          work: async (progress) => {
            const report = await tenantTaxReport(
              reportingStores(deps).ledger,
              auth.tenant,
              { ...body, jurisdiction },
              (n) => progress.set(n),
            );
            const ok = (text: string): JobResult => ({ status: 200, contentType: type, body: text });
            switch (body.format) {
              case 'json':
                return ok(JSON.stringify(report));
              case '1099da':
                return ok(JSON.stringify(form1099DaFromReport(report)));
              // The CSV forms format every row's decimals: built row by row, giving the loop back.
              case '1099da-csv':
                return ok(
                  await cooperativeCsv(FORM_1099DA_CSV_COLUMNS, [
                    ...report.disposals.map((d) => () => form1099DaCsvLine(form1099DaRow(d))),
                    ...report.shortfalls.map((sf) => () => form1099DaCsvLine(form1099DaShortfallRow(sf))),
                  ]),
                );
              case '8949':
                return ok(
                  await cooperativeCsv(
                    FORM_8949_COLUMNS,
                    report.disposals.map((d) => () => form8949CsvLine(form8949Row(d, body.basisReporting))),
                  ),
                );
              case 'carf':
                return ok(
                  buildCarfXml(report.transactions, users!, {
                    year: body.year,
                    currency: report.currency,
                    timestamp: new Date(deps.clock.now()),
                    ...(body.messageRefId !== undefined ? { messageRefId: body.messageRefId } : {}),
                    ...(body.testData ? { testData: true } : {}),
                  }),
                );
            }
          },
        });
        return result instanceof Accepted ? result : c.body(result.body, 200, { 'Content-Type': result.contentType });
      },
    }),
    route({
      method: 'post',
      path: '/v1/reports/compliance',
      operationId: 'createComplianceReport',
      summary:
        "Compliance summary of the caller's venue's recorded hook decisions in [from, to): per policy, reason code and period",
      roles: ['institution', 'venue'],
      body: ComplianceRequest,
      response: { schema: ComplianceReport },
      handler: async ({ auth, body, deps }) => {
        if (body.to <= body.from) {
          throw new VouchError('INPUT_INVALID', 'to must be later than from', {
            details: { issues: [{ path: '/body/to', code: 'too_small', message: 'must be later than from' }] },
          });
        }
        // Decisions are stamped in Unix seconds: widen to whole seconds, the report filters exactly.
        // the caller's own venue only: a venue key's tenant is its venue id
        const [from, to] = [Math.floor(body.from / 1000), Math.ceil(body.to / 1000)];
        // the decisions are where the venue's hook records them: PostgreSQL when deps.pg is set
        const records = deps.pg
          ? await pgDecisionsBetween(deps.pg.db, from, to, auth.tenant)
          : decisionsBetween(deps.db.db, from, to, auth.tenant);
        return buildComplianceReport(records, {
          period: body.period,
          timeZone: body.timeZone,
          fromMs: body.from,
          toMs: body.to,
        });
      },
    }),
  ],
});
