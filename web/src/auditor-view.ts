/**
 * The auditor console: a report bundle or disclosure, the institution's JWKS and the log's
 * verifier key, checked in this browser by `verifyBundle` — the function `vouch audit verify`
 * runs — with every check listed as passed or failed and why, and what was not checked. A
 * verified tax bundle is then shown as a report (tax-report-view.ts).
 */
import { verifyBundle } from '../../src/reporting/audit/index.js';
import { registerBundleAggregator } from '../../src/reporting/bundle/index.js';
import { taxAggregates } from '../../src/reporting/tax/tax-aggregates.js';
import { consistencyProofFromJson } from '../../src/log/proof-json.js';
import { api } from './lib/api.js';
import { renderTaxReport } from './tax-report-view.js';
import { $, fileOrText, h, parseJson, showError } from './lib/dom.js';

// As the CLI does (src/cli/commands/audit.ts): tax bundles' aggregates are recomputed from their records.
registerBundleAggregator('tax', (records) => taxAggregates(records as never) as never);

const LABELS: Record<string, string> = {
  structure: 'Structure',
  signature: 'Signature (JWKS)',
  records: 'Records match the commitment',
  aggregates: 'Aggregates recomputed',
  checkpoint: 'Checkpoint signature (log key)',
  'log-inclusion': 'Included in the transparency log',
  'previous-checkpoint': 'Earlier checkpoint signature',
  consistency: 'Consistent with the earlier checkpoint',
};

/** The serving Vouch's own JWKS, when the auditor chose it instead of a file. */
let servedJwks: unknown;

export function initAuditor(): void {
  $('audit-use-service').addEventListener('click', async () => {
    const error = $('auditor-error');
    showError(error, undefined);
    try {
      const [jwks, key] = await Promise.all([
        api<{ keys: unknown[] }>('/.well-known/jwks.json'),
        api<{ verifierKey: string }>('/v1/log/verifier-key'),
      ]);
      servedJwks = jwks;
      $<HTMLInputElement>('audit-log-key').value = key.verifierKey;
      $('audit-service-keys').textContent =
        `Using this service's JWKS (${jwks.keys.length} keys) unless you choose a file, and its log key (pin it: compare it with the one the operator publishes).`;
    } catch (err) {
      showError(error, err);
    }
  });
  $('audit-verify').addEventListener('click', async () => {
    const error = $('auditor-error');
    showError(error, undefined);
    const table = $<HTMLTableElement>('audit-checks');
    const verdict = $('audit-verdict');
    const tax = $('tax-report');
    table.hidden = true;
    tax.hidden = true;
    tax.replaceChildren();
    verdict.textContent = '';
    try {
      const bundle = parseJson(await fileOrText($<HTMLInputElement>('audit-bundle')), 'the bundle');
      const jwksText = await fileOrText($<HTMLInputElement>('audit-jwks'));
      const jwks = jwksText || servedJwks === undefined ? parseJson(jwksText, 'the JWKS') : servedJwks;
      const logKey = (
        (await fileOrText($<HTMLInputElement>('audit-log-key-file'))) || $<HTMLInputElement>('audit-log-key').value
      ).trim();
      if (!logKey) throw Object.assign(new Error('the log verifier key is required'), { code: 'INPUT_INVALID' });
      const previous = await fileOrText($<HTMLInputElement>('audit-previous'));
      const consistency = await fileOrText($<HTMLInputElement>('audit-consistency'));
      const result = await verifyBundle(bundle, {
        jwks: jwks as never,
        logKey,
        ...(previous ? { previousCheckpoint: previous } : {}),
        ...(consistency
          ? { consistencyProof: consistencyProofFromJson(parseJson(consistency, 'the consistency proof')).proof }
          : {}),
      });
      const body = table.tBodies[0]!;
      body.replaceChildren();
      for (const c of result.checks) {
        body.append(
          h(
            'tr',
            { 'data-check': c.name, 'data-ok': String(c.ok) },
            h('th', { scope: 'row' }, LABELS[c.name] ?? c.name),
            h('td', { class: c.ok ? 'ok' : 'bad' }, c.ok ? 'passed' : 'FAILED'),
            h('td', {}, c.ok ? (c.detail ?? '') : `${c.code}: ${c.detail ?? ''}`),
          ),
        );
      }
      for (const s of result.skipped) {
        body.append(
          h(
            'tr',
            { 'data-check': s.name, 'data-ok': 'skipped' },
            h('th', { scope: 'row' }, LABELS[s.name] ?? s.name),
            h('td', {}, 'not checked'),
            h('td', {}, s.reason),
          ),
        );
      }
      table.hidden = false;
      verdict.className = result.ok ? 'ok' : 'bad';
      const failed = result.checks.filter((c) => !c.ok).map((c) => c.code);
      verdict.textContent = result.ok
        ? `Verified: every check passed (${result.records.present} of ${result.records.count} records present).`
        : `AUDIT_VERIFICATION_FAILED: ${failed.join(', ')}`;
      // only a verified tax bundle's figures are shown: a failing one's numbers are not the institution's
      const b = bundle as { kind?: unknown; period: string; aggregates: unknown; records: { record: unknown }[] };
      if (result.ok && b.kind === 'tax') renderTaxReport(tax, b, result.records.complete);
    } catch (err) {
      showError(error, err);
    }
  });
}
