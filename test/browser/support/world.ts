/**
 * The service side of a browser test file: the app on an ephemeral port (live clock, as the page
 * stamps trades with the browser's), a KYC issuer in both catalogue issuer sets, API keys for
 * venue-one, and credentials issued out of band for a subject the page shows. Plus the wallet
 * steps most tests start with (create a key, import a credential, choose a policy, prove).
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ResolvedDeps } from '../../../src/api/deps.js';
import { startServer, type RunningServer } from '../../../src/api/server/start-server.js';
import { domain } from '../../../src/api/services/domain.js';
import { createIssuer, issueCredential } from '../../../src/credentials/index.js';
import { bearer, keysFor, makeTestApp, type TestApp } from '../../api/helpers.js';
import { ensureWebBuild, launchChromium } from './browser.js';

export const PROOF_TIMEOUT = 150_000;
export const PASSPHRASE = 'correct horse battery staple';
/** How long a page may take to show the outcome of a click (server round trips on a loaded machine). */
export const SETTLE = { timeout: 20_000 };

export interface WebWorld {
  t: TestApp;
  server: RunningServer;
  browser: Browser;
  keys: Awaited<ReturnType<typeof keysFor>>;
  issuerId: string;
  /**
   * Holds the service's clock at this moment (milliseconds) until unpinned (`undefined`): a proof
   * made on this loaded machine can take longer than a policy's clock skew (10 s for perps).
   */
  pinClock(at: number | undefined): void;
  /** A credential (credential.json text) for `subject`, issued out of band. */
  credentialFor(subject: string, attrs?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startWebWorld(): Promise<WebWorld> {
  ensureWebBuild();
  const browser = await launchChromium();
  const t = await makeTestApp();
  let pinned: number | undefined;
  t.clock.now = () => pinned ?? Date.now();
  const keys = await keysFor(t.db, 'venue-one');
  const issuer = domain(t.deps as ResolvedDeps).issuer;
  const { issuerId } = await createIssuer(issuer, { tenant: 'kyc', name: 'Acme KYC' });
  for (const set of ['eu-kyc-issuers', 'global-kyc-issuers']) {
    const r = await t.app.request(`/v1/issuer-sets/${set}/members`, {
      method: 'POST',
      headers: { ...bearer(keys.operator), 'content-type': 'application/json' },
      body: JSON.stringify({ issuerId }),
    });
    expect(r.status).toBe(200);
  }
  const server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, shutdownTimeoutMs: 2000 });
  return {
    t,
    server,
    browser,
    keys,
    issuerId,
    pinClock(at) {
      pinned = at;
    },
    async credentialFor(subject, attrs = {}) {
      const now = Math.floor(Date.now() / 1000);
      const c = await issueCredential(issuer, {
        issuerId,
        actor: 'ops',
        subject: BigInt(subject),
        evidenceKind: 'manual',
        evidence: JSON.stringify({
          kycLevel: 2,
          jurisdiction: 'AT',
          investorClass: 'retail',
          ageOver18: true,
          tradeLimit: '100000',
          sanctionsScreenedAt: now - 86_400,
          ...attrs,
        }),
      });
      return JSON.stringify(c);
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function createKey(page: Page): Promise<string> {
  await page.goto('/app/');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create a new key' }).click();
  await expect.poll(() => page.locator('#subject').textContent(), SETTLE).toMatch(/^[0-9]{10,}$/);
  return (await page.locator('#subject').textContent())!;
}

/** Pastes a credential and checks it; resolves when its attributes (or an error) show. */
export async function importCredential(page: Page, credential: string): Promise<void> {
  await page.getByLabel('Paste credential.json').fill(credential);
  await page.getByRole('button', { name: 'Check credential' }).click();
  await expect
    .poll(
      async () => (await page.locator('#attributes').isVisible()) || (await page.locator('#wallet-error').isVisible()),
      SETTLE,
    )
    .toBe(true);
}

export async function choosePolicy(page: Page, venueKey: string, ref = 'eu-mica-retail-spot@1.0.0'): Promise<void> {
  await page.getByLabel('Venue API key').fill(venueKey);
  await page.getByRole('button', { name: "Load the venue's policies" }).click();
  await page.getByLabel('Policy', { exact: true }).selectOption(ref);
}

/** Waits until `done` holds or the wallet shows an error; fails with the error's text. */
export async function untilDoneOrError(page: Page, done: () => Promise<boolean>): Promise<void> {
  const settled = async () => (await done()) || (await page.locator('#wallet-error').isVisible());
  await expect.poll(settled, { timeout: PROOF_TIMEOUT, interval: 250 }).toBe(true);
  expect(
    await page.locator('#wallet-error').isHidden(),
    (await page.locator('#wallet-error').textContent()) ?? '',
  ).toBe(true);
}
