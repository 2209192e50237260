/**
 * The auditor console on reports the service made: an institution imports a ledger and has the
 * service sign its tax report into a bundle; the console verifies it with the service's JWKS and
 * log key and shows the report as tables and an inline SVG chart of realized gains by month (the
 * figures the library computes, exact). A disclosure whose record was altered shows the failing
 * check and no report. Unmasking requests filed through the service's log (one carried out by a
 * 3-of-5 committee, one pending) are listed with their outcomes from the log, checked against the
 * log key. No proof is made here.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { gainsByMonth } from '../../src/reporting/tax/index.js';
import { bearer, keysFor } from '../api/helpers.js';
import { carryOut, committeeOf, fileRequest } from '../escrow/support/unmaskings.js';
import { openPage, screenshot, type RecordedRequest } from './support/browser.js';
import { SETTLE, startWebWorld, type WebWorld } from './support/world.js';

const LEDGER = [
  'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind',
  '2025-11-02T10:00:00Z,acct,BTC,buy,1,40000,EUR,10,EUR,V,B1,spot',
  '2025-12-01T10:00:00Z,acct,ETH,buy,10,3000,EUR,,,V,B2,spot',
  '2026-01-15T10:00:00Z,acct,BTC,sell,0.25,48000,EUR,5,EUR,V,S1,spot',
  '2026-03-03T10:00:00Z,acct,ETH,sell,4,2500,EUR,,,V,S2,spot',
  '2026-04-20T10:00:00Z,acct,BTC,sell,0.25,50000,EUR,,,V,S3,spot',
  '2026-07-09T10:00:00Z,acct,ETH,sell,2,3600,EUR,,,V,S4,spot',
].join('\n');

let w: WebWorld;
let institution: string;
let bundleId: string;
let bundle: { records: { record: Record<string, string> }[]; aggregates: { disposals: { gain: string } } };

async function call(method: string, path: string, key: string, body?: unknown): Promise<any> {
  const res = await w.t.app.request(path, {
    method,
    headers: { ...bearer(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  w = await startWebWorld();
  institution = (await keysFor(w.t.db, 'acme')).institution;
  await call('POST', '/v1/ledger/fills', institution, { csv: `${LEDGER}\n` });
  const created = await call('POST', '/v1/reports/bundles', institution, {
    source: 'tax',
    method: 'FIFO',
    year: 2026,
    jurisdiction: 'DE',
  });
  bundleId = created.id;
  bundle = (await call('GET', `/v1/reports/bundles/${bundleId}`, institution)).bundle;
});

afterAll(async () => {
  await w?.close();
});

const file = (name: string, value: unknown) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify(value)),
});

async function verify(page: Page, doc: unknown): Promise<void> {
  await page.goto('/app/#auditor');
  await page.getByRole('button', { name: "Use this service's JWKS and log key" }).click();
  await expect.poll(() => page.getByLabel('Transparency-log verifier key').inputValue(), SETTLE).toMatch(/\+/);
  await page.getByLabel('Bundle or disclosure (JSON)').setInputFiles(file('bundle.json', doc));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect.poll(() => page.locator('#audit-verdict').textContent(), SETTLE).toMatch(/\S/);
}

describe('the auditor console on a tax report the service signed', () => {
  let page: Page;
  let requests: RecordedRequest[];

  it('verifies the bundle and shows the report: totals, disposals, and gains by month as a chart and a table', async () => {
    ({ page, requests } = await openPage(w.browser, w.server.url));
    await verify(page, bundle);
    expect(await page.locator('#audit-verdict').textContent()).toMatch(/^Verified/);
    await page.locator('#tax-report').waitFor();
    expect(await page.locator('#tax-title').textContent()).toBe('Tax report 2026');

    const disposals = bundle.records.filter((r) => r.record.type === 'disposal');
    expect(disposals.length).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#tax-disposals tbody tr').count()).toBe(disposals.length);
    expect(await page.locator('#tax-totals').textContent()).toContain(bundle.aggregates.disposals.gain);

    // the chart and its table carry the library's exact monthly sums, one bar per month of the year
    const months = gainsByMonth(
      bundle.records.map((r) => r.record),
      2026,
    );
    expect(months).toHaveLength(12);
    const bars = await page.$$eval('#tax-chart rect.bar', (rs) =>
      rs.map((r) => [r.getAttribute('data-month'), r.getAttribute('data-gain'), r.getAttribute('class')]),
    );
    expect(bars).toEqual(months.map((m) => [m.month, m.gain, m.gain.startsWith('-') ? 'bar loss' : 'bar gain']));
    expect(months.filter((m) => m.gain.startsWith('-')).length).toBeGreaterThan(0); // March's ETH sale is a loss
    expect(await page.locator('#tax-months tbody tr').count()).toBe(12);
    expect(await page.locator('#tax-months').textContent()).toContain(months.find((m) => m.month === '2026-03')!.gain);
    // accessible: the chart is an image named by its title; the tables have captions and header cells
    expect(await page.getByRole('img', { name: 'Realized gains by month of disposal' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: /Disposals \(\d+\)/ }).count()).toBe(1);
    await screenshot(page, 'auditor-tax-report');
    // nothing of the chart came from elsewhere: every request stayed on this origin
    expect(requests.filter((r) => !r.url.startsWith(`${w.server.url}/`)).map((r) => r.url)).toEqual([]);
  });

  it('shows an honest disclosure’s records, and names the failing check of one whose record was altered, showing no report', async () => {
    const disclosure = await call('POST', `/v1/reports/bundles/${bundleId}/disclosures`, institution, {
      records: [0, 2],
    });
    const tampered = structuredClone(disclosure);
    tampered.records[0].record.gain = '1000000';
    await verify(page, tampered);
    expect(await page.locator('#audit-verdict').textContent()).toMatch(/^AUDIT_VERIFICATION_FAILED/);
    expect(await page.locator('#audit-checks tr[data-check="records"]').getAttribute('data-ok')).toBe('false');
    expect(await page.locator('#audit-checks tr[data-check="records"]').textContent()).toMatch(/FAILED[A-Z_]+:/);
    expect(await page.locator('#tax-report').isHidden()).toBe(true);
    await screenshot(page, 'auditor-disclosure-tampered');
  });
});

describe('the auditor console lists every unmasking request from the log', () => {
  it('shows each request with its outcome, checked against the log key, and says the list is complete', async () => {
    const log = domain(w.t.deps as ResolvedDeps).anyLog();
    const logKey = log.verifierKey();
    const c = committeeOf(1);
    const done = await fileRequest(log, c, {
      decision: `receipt:sha256:${'ab'.repeat(32)}`,
      requester: 'FIU Germany',
      legalBasis: 'AMLR art. 50 order 2026/17',
      requestedAt: 1_765_000_000,
    });
    const resultIndex = await carryOut(log, logKey, c, done);
    const pending = await fileRequest(log, c, {
      decision: `receipt:sha256:${'cd'.repeat(32)}`,
      requester: 'AMF',
      legalBasis: 'order 2026-88',
      requestedAt: 1_765_000_500,
    });

    const { page } = await openPage(w.browser, w.server.url);
    await page.goto('/app/#auditor');
    await page.getByRole('button', { name: "Use this service's JWKS and log key" }).click();
    await expect.poll(() => page.getByLabel('Transparency-log verifier key').inputValue(), SETTLE).toBe(logKey);
    await page.getByRole('button', { name: 'List every unmasking request' }).click();
    await expect.poll(() => page.locator('#unmask-status').textContent(), SETTLE).toMatch(/every request/);
    const rows = await page.$$eval('#unmaskings tbody tr', (rs) =>
      rs.map((r) => [r.getAttribute('data-request'), r.getAttribute('data-status'), r.textContent]),
    );
    expect(rows.map(([i, s]) => [Number(i), s])).toEqual([
      [done.index, 'recovered'],
      [pending.index, 'pending'],
    ]);
    expect(rows[0]![2]).toContain(`recovered (entry #${resultIndex}) by members 1, 3, 5`);
    expect(rows[0]![2]).toContain('FIU Germany');
    expect(rows[1]![2]).toContain('pending: no result in the log');
    expect(await page.locator('#unmask-status').textContent()).toMatch(/^2 unmasking requests, 1 carried out/);
    await screenshot(page, 'auditor-unmaskings');

    // a key that is not the log's: nothing is listed, the checkpoint's code is shown
    await page.getByLabel('Transparency-log verifier key').fill('vouch.local/log+00000000+' + 'A'.repeat(43) + '=');
    await page.getByRole('button', { name: 'List every unmasking request' }).click();
    await expect.poll(() => page.locator('#auditor-error').textContent(), SETTLE).toMatch(/^[A-Z_]+: /);
    expect(await page.locator('#unmaskings').isHidden()).toBe(true);
  });
});
