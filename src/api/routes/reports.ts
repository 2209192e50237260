/**
 * Reports for institutions: the tax report of the caller's tenant ledger in the format a filing
 * needs (JSON, CARF XML, 1099-DA rows, Form 8949 CSV), and the compliance summary of the hook's
 * recorded decisions. Both compute on request and store nothing. Identity data for CARF comes
 * only from the `users` object of the request; it is never logged, stored or echoed in errors.
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { decisionsBetween } from '../../hook/record-decisions.js';
import { buildCarfXml, parseCarfUsers } from '../../reporting/carf/index.js';
import { buildComplianceReport } from '../../reporting/compliance/index.js';
import { form1099DaCsv, form1099DaFromReport, form8949Csv } from '../../reporting/forms/index.js';
import { defineRoutes } from '../route.js';
import { tenantTaxReport } from '../services/tenant-tax-report.js';
import { ComplianceReport } from './compliance-schema.js';
import { Instant, REPORTING_BODY_LIMIT, TAX_ITEM_LIMITS, TaxReportRequest, TimeZone } from './reporting-schemas.js';

const ComplianceRequest = z.strictObject({
  from: Instant,
  to: Instant,
  period: z.enum(['day', 'month', 'year']).default('month'),
  timeZone: TimeZone.default('UTC'),
});

const MEDIA = {
  json: 'application/json',
  carf: 'application/xml; charset=utf-8',
  '1099da': 'application/json',
  '1099da-csv': 'text/csv; charset=utf-8',
  '8949': 'text/csv; charset=utf-8',
} as const;

export const reportsRoutes = defineRoutes({
  area: 'reports',
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
      response: { contentType: 'application/json' },
      handler: async ({ auth, body, deps, c }) => {
        if (body.format === 'carf' && body.users === undefined) {
          throw new VouchError('INPUT_INVALID', 'format carf needs users (identity comes only from that object)', {
            details: { issues: [{ path: '/body/users', code: 'required', message: 'required for format carf' }] },
          });
        }
        // Parse the identity file before the (possibly long) run, so a bad one fails fast.
        const users = body.users === undefined ? undefined : parseCarfUsers(body.users);
        const report = await tenantTaxReport(deps.db.db, auth.tenant, body);
        const currency = report.currency;
        const type = MEDIA[body.format];
        switch (body.format) {
          case 'json':
            return c.body(JSON.stringify(report), 200, { 'Content-Type': type });
          case '1099da':
            return c.body(JSON.stringify(form1099DaFromReport(report)), 200, { 'Content-Type': type });
          case '1099da-csv':
            return c.body(form1099DaCsv(report), 200, { 'Content-Type': type });
          case '8949':
            return c.body(form8949Csv(report, body.basisReporting), 200, { 'Content-Type': type });
          case 'carf': {
            const xml = buildCarfXml(report.transactions, users!, {
              year: body.year,
              currency,
              timestamp: new Date(deps.clock.now()),
              ...(body.messageRefId !== undefined ? { messageRefId: body.messageRefId } : {}),
              ...(body.testData ? { testData: true } : {}),
            });
            return c.body(xml, 200, { 'Content-Type': type });
          }
        }
      },
    }),
    route({
      method: 'post',
      path: '/v1/reports/compliance',
      operationId: 'createComplianceReport',
      summary: "Compliance summary of the caller's venue's recorded hook decisions in [from, to): per policy, reason code and period",
      roles: ['institution', 'venue'],
      body: ComplianceRequest,
      response: { schema: ComplianceReport },
      handler: ({ auth, body, deps }) => {
        if (body.to <= body.from) {
          throw new VouchError('INPUT_INVALID', 'to must be later than from', {
            details: { issues: [{ path: '/body/to', code: 'too_small', message: 'must be later than from' }] },
          });
        }
        // Decisions are stamped in Unix seconds: widen to whole seconds, the report filters exactly.
        // the caller's own venue only: a venue key's tenant is its venue id
        const records = decisionsBetween(deps.db.db, Math.floor(body.from / 1000), Math.ceil(body.to / 1000), auth.tenant);
        return buildComplianceReport(records, { period: body.period, timeZone: body.timeZone, fromMs: body.from, toMs: body.to });
      },
    }),
  ],
});
