/**
 * The regulator view verifies in the page: an honest proof (made by the holder's prover, as the
 * CLI makes it) is checked check by check with the verifying key committed with the circuit and
 * the service's public registry, with no POST /v1/verify leaving the page (every request recorded);
 * a proof whose Groth16 point was tampered with fails at the Groth16 check with PROOF_INVALID, and
 * a proof presented with another trade fails at the trade binding with TRADE_MISMATCH.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHolder, parseCredentialFile, parseHolderFile } from '../../src/credentials/index.js';
import { loadRegistryFile } from '../../src/credentials/registry-file.js';
import { compilePolicy } from '../../src/policy/index.js';
import { proveTrade } from '../../src/prover/prove-trade.js';
import { releaseCurves } from '../../src/zk/index.js';
import { ROOT, openPage, screenshot, type RecordedRequest } from './support/browser.js';
import { PROOF_TIMEOUT, SETTLE, startWebWorld, type WebWorld } from './support/world.js';

/** BN254's base field: (x, p - y) is the negation of (x, y), still on the curve. */
const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

let w: WebWorld;
let policyText: string;
let trade: Record<string, unknown>;
let proof: { proof: { pi_a: string[] } };

beforeAll(async () => {
  w = await startWebWorld();
  policyText = readFileSync(join(ROOT, 'policies', 'eu-mica-retail-spot.json'), 'utf8');
  const holder = createHolder();
  const credential = parseCredentialFile(JSON.parse(await w.credentialFor(holder.subject)));
  const now = Math.floor(Date.now() / 1000);
  const registry = await (await fetch(`${w.server.url}/v1/registry`)).json();
  const policy = compilePolicy(JSON.parse(policyText));
  trade = {
    venue: 'venue-one',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.1',
    price: '60000',
    nonce: 'a1b2c3d4e5f60718',
    time: now,
  };
  const members = (await loadRegistryFile(registry, { clock: () => now, set: policy.issuerSet })).members;
  proof = (await proveTrade({ holder: parseHolderFile(holder), credential, policy, members, trade })) as never;
}, PROOF_TIMEOUT);

afterAll(async () => {
  await w?.close();
  await releaseCurves();
});

async function check(page: Page, p: unknown, t: unknown): Promise<void> {
  await page.getByLabel('Proof (proof.json)').fill(JSON.stringify(p));
  await page.getByLabel('Trade (trade.json)').fill(JSON.stringify(t));
  await page.getByLabel('Policy document').fill(policyText);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect
    .poll(() => page.locator('#reg-verdict').textContent(), { timeout: 60_000 })
    .toMatch(/^(Valid|Invalid) as of/);
}

const statuses = (page: Page) =>
  page.$$eval('#reg-checks tr[data-check]', (rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-check'), r.getAttribute('data-status')])),
  );

describe('the regulator view in Chromium', () => {
  let page: Page;
  let requests: RecordedRequest[];

  it('verifies an honest proof in the page, check by check, with the policy in words and no verify request', async () => {
    ({ page, requests } = await openPage(w.browser, w.server.url));
    await page.goto('/app/#regulator');
    await page.getByRole('button', { name: "Use this service's issuer registry" }).click();
    await expect.poll(() => page.locator('#reg-registry-status').textContent(), SETTLE).toMatch(/issuer sets/);
    await page.getByLabel("Accept the development ceremony's key").check();
    await check(page, proof, trade);
    expect(await page.locator('#reg-verdict').textContent()).toMatch(
      /^Valid as of .*eu-mica-retail-spot@1\.0\.0 \(under the dev ceremony/,
    );
    expect(await statuses(page)).toEqual({
      'proof-file': 'passed',
      policy: 'passed',
      'trade-binding': 'passed',
      time: 'passed',
      'issuer-registry': 'passed',
      'escrow-and-limit': 'not-applicable',
      groth16: 'passed',
    });
    expect(await page.locator('#reg-explanation').textContent()).toMatch(/EU MiCA/);
    await screenshot(page, 'regulator');
    expect(requests.filter((r) => r.url.includes('/v1/verify'))).toEqual([]);
    expect(requests.filter((r) => r.method !== 'GET').map((r) => r.url)).toEqual([]);
  });

  it('marks country names in the policy text with their language on a German browser (WCAG 3.1.2)', async () => {
    const { page: de, context } = await openPage(w.browser, w.server.url, undefined, 'de-DE');
    await de.goto('/app/#regulator');
    await de.getByRole('button', { name: "Use this service's issuer registry" }).click();
    await expect.poll(() => de.locator('#reg-registry-status').textContent(), SETTLE).toMatch(/issuer sets/);
    await de.getByLabel("Accept the development ceremony's key").check();
    await check(de, proof, trade);
    const austria = de.locator('#reg-explanation span[lang]', { hasText: /^Österreich$/ });
    expect(await austria.getAttribute('lang')).toMatch(/^de(-|$)/);
    // the English page's own words are not marked, and no mark character is left in the text
    expect(await de.locator('#reg-explanation').textContent()).not.toMatch(/[\uE000\uE001]/);
    await context.close();
  });

  it('names the Groth16 check and PROOF_INVALID for a proof whose point was tampered with', async () => {
    const tampered = structuredClone(proof);
    tampered.proof.pi_a[1] = (P - BigInt(tampered.proof.pi_a[1]!)).toString();
    await check(page, tampered, trade);
    expect(await page.locator('#reg-verdict').textContent()).toMatch(/^Invalid as of .*: PROOF_INVALID: /);
    const s = await statuses(page);
    expect(s).toMatchObject({ policy: 'passed', 'trade-binding': 'passed', 'issuer-registry': 'passed' });
    expect(s.groth16).toBe('failed');
    expect(await page.locator('#reg-checks tr[data-check="groth16"]').textContent()).toMatch(/PROOF_INVALID: /);
    await screenshot(page, 'regulator-tampered');
  });

  it('names the trade binding and TRADE_MISMATCH for the proof presented with another trade', async () => {
    await check(page, proof, { ...trade, size: '0.2' });
    expect(await page.locator('#reg-verdict').textContent()).toMatch(/TRADE_MISMATCH/);
    expect(await statuses(page)).toMatchObject({
      'proof-file': 'passed',
      policy: 'passed',
      'trade-binding': 'failed',
      time: 'not-reached',
      groth16: 'not-reached',
    });
  });

  it('refuses the dev ceremony’s key unless it is accepted (DEV_ARTIFACTS_REFUSED)', async () => {
    await page.getByLabel("Accept the development ceremony's key").uncheck();
    await check(page, proof, trade);
    expect(await page.locator('#reg-verdict').textContent()).toMatch(/DEV_ARTIFACTS_REFUSED/);
    expect((await statuses(page)).groth16).toBe('failed');
    expect(requests.filter((r) => r.url.includes('/v1/verify'))).toEqual([]);
  });
});
