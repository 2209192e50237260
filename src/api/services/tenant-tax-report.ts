/**
 * The tax report of one tenant's stored ledger, for the HTTP routes: the price table and lot
 * selections arrive as request text/JSON instead of files, the ledger streams from the database in
 * time order (readLedgerFromDb), and the engine is the CLI's. Inputs are named by SHA-256 in the
 * report so it says exactly which price table it was made with. Reads only: nothing is stored.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../config/index.js';
import { VouchError } from '../../errors/index.js';
import { cooperatively } from '../../reporting/ledger/cooperative.js';
import { readLedgerFromDb, readPriceTable, type LedgerStore } from '../../reporting/ledger/index.js';
import {
  buildTaxReport,
  JURISDICTIONS,
  LotSelections,
  type JurisdictionCode,
  type LotMethod,
  type TaxReport,
} from '../../reporting/tax/index.js';

export interface TenantTaxOptions {
  method: LotMethod;
  year: number;
  /** Price table CSV text. */
  prices?: string | undefined;
  /** Resolved with taxJurisdictionFor(): never a default. */
  jurisdiction: JurisdictionCode;
  currency?: string | undefined;
  timeZone?: string | undefined;
  accounts?: readonly string[] | undefined;
  /** Lot selections document (SPECIFIC only). */
  lots?: unknown;
}

/**
 * The jurisdiction a tenant's tax report is made under: the request's, else the one configured
 * for the tenant (`reporting.taxJurisdictions`, "*" for every tenant without an entry), else
 * TAX_JURISDICTION_REQUIRED — holding-period rules are never guessed.
 */
export function taxJurisdictionFor(
  config: Config,
  tenant: string,
  requested: JurisdictionCode | undefined,
): JurisdictionCode {
  if (requested !== undefined) return requested;
  const configured = config.reporting.taxJurisdictions;
  const found = configured?.[tenant] ?? configured?.['*'];
  if (found !== undefined) return found;
  throw new VouchError(
    'TAX_JURISDICTION_REQUIRED',
    `name the jurisdiction whose holding-period rules apply (${Object.keys(JURISDICTIONS).join(' or ')}); none is configured for tenant ${tenant}`,
    {
      details: {
        issues: [
          {
            path: '/body/jurisdiction',
            code: 'required',
            message: 'required: no jurisdiction is configured for this tenant',
          },
        ],
      },
    },
  );
}

/** Fills the tenant has stored: what a tax report over its ledger will read. */
export function storedFills(ledger: LedgerStore, tenant: string): Promise<number> {
  return ledger.countFills(tenant);
}

/** `onProgress` sees the count of fills read; the run gives the event loop back as it goes. */
export async function tenantTaxReport(
  ledger: LedgerStore,
  tenant: string,
  o: TenantTaxOptions,
  onProgress?: (fills: number) => void,
): Promise<TaxReport> {
  if (o.lots !== undefined && o.method !== 'SPECIFIC') {
    throw new VouchError('INPUT_INVALID', 'lot selections apply only to the SPECIFIC method', {
      details: { issues: [{ path: '/body/lots', code: 'custom', message: 'only with method SPECIFIC' }] },
    });
  }
  const inputs: Record<string, string> = {};
  if (o.prices !== undefined) inputs.prices = sha256(o.prices);
  if (o.lots !== undefined) inputs.lots = sha256(JSON.stringify(o.lots));
  const prices = o.prices === undefined ? undefined : await readPriceTable([o.prices]);
  const selections = o.lots === undefined ? undefined : LotSelections.parse(o.lots);
  return buildTaxReport(cooperatively(readLedgerFromDb(ledger, tenant), onProgress), {
    method: o.method,
    year: o.year,
    jurisdiction: JURISDICTIONS[o.jurisdiction],
    ...(o.currency !== undefined ? { currency: o.currency } : {}),
    ...(o.timeZone !== undefined ? { timeZone: o.timeZone } : {}),
    ...(o.accounts !== undefined ? { accounts: o.accounts } : {}),
    ...(prices !== undefined ? { prices } : {}),
    ...(selections !== undefined ? { selections } : {}),
    ...(Object.keys(inputs).length > 0 ? { inputs } : {}),
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
