/**
 * Signed report bundles. An institution builds one from its tenant's tax report or from records it
 * supplies; the service signs it (JWS, the service key's kid, published in /.well-known/jwks.json),
 * appends its commitment to the transparency log and keeps the full bundle (salts included) for
 * that tenant. The institution grants auditor tenants read access (to every record, or to chosen
 * ones: they then receive a disclosure) and makes disclosures to hand out itself. Every other
 * caller gets 404, worded exactly as for an id that does not exist. Large bundles (more than
 * `jobs.syncBundleRecords` records, or a tax ledger over `jobs.syncTaxFills` fills, or any with
 * `Prefer: respond-async`) run as a job: 202 Accepted.
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { buildBundle, discloseRecords, type ReportBundle as Bundle } from '../../reporting/bundle/index.js';
import { taxBundleRecords } from '../../reporting/tax/index.js';
import type { ResolvedDeps } from '../deps.js';
import { defineRoutes } from '../route.js';
import { aggregatorFor, TAX_BUNDLE_KIND } from '../services/bundle-aggregates.js';
import {
  grantBundle,
  listGrants,
  newBundleId,
  ownBundle,
  readableBundle,
  revokeGrant,
  type BundleGrant,
  type StoredBundle,
} from '../services/bundle-store.js';
import { reportingStores } from '../services/reporting-stores.js';
import { storedFills, taxJurisdictionFor, tenantTaxReport } from '../services/tenant-tax-report.js';
import { jsonResult, runAsJob } from '../jobs/run-as-job.js';
import {
  BundleId,
  CreateBundleRequest,
  REPORTING_BODY_LIMIT,
  ReportBundle,
  TAX_ITEM_LIMITS,
  TenantId,
} from './reporting-schemas.js';

const Summary = z
  .object({
    id: z.string(),
    tenant: z.string(),
    kind: z.string(),
    institution: z.string(),
    period: z.string(),
    kid: z.string(),
    createdAt: z.iso.datetime(),
    recordCount: z.int().min(0),
    commitmentRoot: z.string(),
    logIndex: z.int().min(0),
  })
  .meta({ id: 'ReportBundleSummary' });
const BundleView = Summary.extend({ disclosure: z.boolean(), bundle: ReportBundle }).meta({ id: 'ReportBundleView' });
const Grant = z
  .object({
    bundleId: z.string(),
    tenant: z.string(),
    records: z.array(z.int().min(0)).nullable(),
    grantedAt: z.iso.datetime(),
  })
  .meta({ id: 'BundleGrant' });
const GrantList = z.object({ grants: z.array(Grant) }).meta({ id: 'BundleGrantList' });
const RecordIndexes = z.array(z.int().min(0)).min(1).max(100_000);
const CreateGrant = z
  .strictObject({ tenant: TenantId, records: RecordIndexes.optional() })
  .meta({ id: 'CreateBundleGrantRequest' });
const CreateDisclosure = z.strictObject({ records: RecordIndexes }).meta({ id: 'CreateDisclosureRequest' });
const IdParams = z.object({ id: BundleId });

const summary = (s: StoredBundle) => ({
  id: s.id,
  tenant: s.tenant,
  kind: s.bundle.kind,
  institution: s.bundle.institution,
  period: s.bundle.period,
  kid: s.kid,
  createdAt: new Date(s.createdAt).toISOString(),
  recordCount: s.bundle.commitment.count,
  commitmentRoot: s.bundle.commitment.root,
  logIndex: s.bundle.log.index,
});
const grantView = (g: BundleGrant) => ({ ...g, grantedAt: new Date(g.grantedAt).toISOString() });

type CreateBody = z.output<typeof CreateBundleRequest>;

/** Records, aggregates and labels of the bundle a request asks for. */
async function bundleInput(deps: ResolvedDeps, tenant: string, body: CreateBody, onProgress?: (fills: number) => void) {
  // The signed body names the tenant that produced the bundle (authenticated by its key), never
  // a label the caller typed: an auditor must be able to trust who a bundle is from.
  const institution = tenant;
  if (body.source === 'tax') {
    const report = await tenantTaxReport(
      reportingStores(deps).ledger,
      tenant,
      { ...body, jurisdiction: taxJurisdictionFor(deps.config, tenant, body.jurisdiction) },
      onProgress,
    );
    const records = taxBundleRecords(report);
    const aggregates = await aggregatorFor(TAX_BUNDLE_KIND)!(records, {
      kind: TAX_BUNDLE_KIND,
      institution,
      period: String(body.year),
    });
    return { kind: TAX_BUNDLE_KIND, institution, period: String(body.year), records, aggregates };
  }
  let aggregates = body.aggregates;
  if (aggregates === undefined) {
    const recompute = aggregatorFor(body.kind);
    if (!recompute) {
      throw new VouchError(
        'INPUT_INVALID',
        `no aggregate recomputation is known for kind "${body.kind}": send aggregates`,
        {
          details: { issues: [{ path: '/body/aggregates', code: 'required', message: 'required for this kind' }] },
        },
      );
    }
    aggregates = await recompute(body.records as never, { kind: body.kind, institution, period: body.period });
  }
  return { kind: body.kind, institution, period: body.period, records: body.records, aggregates };
}

export const bundlesRoutes = defineRoutes({
  area: 'bundles',
  // ledger, bundles, grants and the log all follow deps.pg (reporting-stores.ts, domain().anyLog())
  postgres: true,
  services: (deps) => ({
    created: deps.metrics.counter(
      'vouch_report_bundles_total',
      'Report bundles signed and logged through the API, by kind (generic, tax or other)',
      ['kind'],
    ),
  }),
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/reports/bundles',
      operationId: 'createReportBundle',
      summary: "Sign a report bundle (from the tenant's tax report, or from records), log its commitment and keep it",
      roles: ['institution'],
      body: CreateBundleRequest,
      bodyLimit: REPORTING_BODY_LIMIT,
      itemLimits: [{ field: 'records', items: 'records', limit: (c) => c.limits.bundleRecords }, ...TAX_ITEM_LIMITS],
      runsAsJob: true,
      response: { status: 201, schema: Summary },
      handler: async ({ auth, body, deps, services, c }) => {
        const key = deps.serviceKey;
        if (!key) throw new VouchError('UNAVAILABLE', 'the service signing key is not configured');
        const tax = body.source === 'tax';
        // Before any work: a tax bundle is never made under a guessed jurisdiction.
        if (body.source === 'tax') taxJurisdictionFor(deps.config, auth.tenant, body.jurisdiction);
        return runAsJob({
          c,
          deps,
          tenant: auth.tenant,
          kind: 'report-bundle',
          size: tax ? await storedFills(reportingStores(deps).ledger, auth.tenant) : body.records.length,
          threshold: tax ? deps.config.jobs.syncTaxFills : deps.config.jobs.syncBundleRecords,
          toResult: jsonResult(201, Summary),
          work: async (progress) => {
            const input = await bundleInput(deps, auth.tenant, body, (n) => progress.set(n));
            // The store appends the report-commitment and keeps the row (PostgreSQL: in one transaction).
            const stored = await reportingStores(deps).bundles.create(async (log): Promise<StoredBundle> => ({
              id: newBundleId(),
              tenant: auth.tenant,
              kid: key.kid,
              createdAt: deps.clock.now(),
              bundle: await buildBundle({
                ...input,
                signer: { privateKey: key.privateKey, kid: key.kid, alg: key.alg },
                log,
              }),
            }));
            const bundle: Bundle = stored.bundle;
            // Kinds are caller-chosen: only known ones become label values (bounded metric series).
            services.created.inc({ kind: aggregatorFor(bundle.kind) ? bundle.kind : 'other' });
            return summary(stored);
          },
        });
      },
    }),
    route({
      method: 'get',
      path: '/v1/reports/bundles/{id}',
      operationId: 'getReportBundle',
      summary: "A bundle: the tenant's institution gets it whole; a granted auditor gets what its grant allows",
      roles: ['institution', 'auditor'],
      params: IdParams,
      response: { schema: BundleView },
      handler: async ({ auth, params, deps }) => {
        const r = await readableBundle(reportingStores(deps).bundles, auth, params.id);
        return { ...summary(r), disclosure: r.disclosure, bundle: r.bundle };
      },
    }),
    route({
      method: 'post',
      path: '/v1/reports/bundles/{id}/grants',
      operationId: 'grantReportBundle',
      summary: 'Grant the auditor keys of a tenant read access to a bundle (every record, or the records named)',
      roles: ['institution'],
      params: IdParams,
      body: CreateGrant,
      response: { status: 201, schema: Grant },
      handler: async ({ auth, params, body, deps }) =>
        grantView(
          await grantBundle(reportingStores(deps).bundles, auth, params.id, {
            tenant: body.tenant,
            records: body.records,
            now: deps.clock.now(),
          }),
        ),
    }),
    route({
      method: 'get',
      path: '/v1/reports/bundles/{id}/grants',
      operationId: 'listReportBundleGrants',
      summary: 'The auditor tenants a bundle is granted to',
      roles: ['institution'],
      params: IdParams,
      response: { schema: GrantList },
      handler: async ({ auth, params, deps }) => ({
        grants: (await listGrants(reportingStores(deps).bundles, auth, params.id)).map(grantView),
      }),
    }),
    route({
      method: 'delete',
      path: '/v1/reports/bundles/{id}/grants/{tenant}',
      operationId: 'revokeReportBundleGrant',
      summary: "Withdraw an auditor tenant's access to a bundle (effective immediately)",
      roles: ['institution'],
      params: z.object({ id: BundleId, tenant: TenantId }),
      response: { schema: Grant },
      handler: async ({ auth, params, deps }) =>
        grantView(await revokeGrant(reportingStores(deps).bundles, auth, params.id, params.tenant)),
    }),
    route({
      method: 'post',
      path: '/v1/reports/bundles/{id}/disclosures',
      operationId: 'discloseReportBundle',
      summary:
        'A disclosure of chosen records: the signed bundle with only those records, each with its salt and Merkle proof',
      roles: ['institution'],
      params: IdParams,
      body: CreateDisclosure,
      response: { schema: ReportBundle },
      handler: async ({ auth, params, body, deps }) => {
        const b = await ownBundle(reportingStores(deps).bundles, auth.tenant, params.id);
        const out = body.records.find((i) => i >= b.bundle.commitment.count);
        if (out !== undefined) {
          throw new VouchError(
            'INPUT_INVALID',
            `record index ${out} is not in the bundle (0..${b.bundle.commitment.count - 1})`,
            {
              details: {
                issues: [{ path: '/body/records', code: 'too_big', message: 'record index outside the bundle' }],
              },
            },
          );
        }
        return discloseRecords(b.bundle, body.records);
      },
    }),
  ],
});
