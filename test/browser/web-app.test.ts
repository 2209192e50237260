/**
 * The web app in a real Chromium against a real HTTP server (the service app on an ephemeral port,
 * temporary data dir, live clock): a holder creates a key in the page, imports a credential, proves
 * a trade in a Web Worker (real Groth16), the venue admits it and refuses the replay; the second
 * proof downloads no artifact bytes and a corrupted cached artifact is detected and re-fetched;
 * a wrong passphrase is refused by code; nothing the page sends contains the holder's secret.
 * The auditor console verifies an honest bundle and names the failing check of a tampered one
 * (the regulator view has its own file, regulator-view.test.ts). Screenshots of each screen go to
 * docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { startServer, type RunningServer } from '../../src/api/server/start-server.js';
import { domain } from '../../src/api/services/domain.js';
import { createIssuer, issueCredential } from '../../src/credentials/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { bearer, keysFor, makeTestApp, type TestApp } from '../api/helpers.js';
import { clone, makeWorld, type BundleWorld } from '../reporting/bundle-fixture.js';
import { ensureWebBuild, launchChromium, openPage, screenshot, type RecordedRequest } from './support/browser.js';

const PROOF_TIMEOUT = 150_000;
const PASSPHRASE = 'correct horse battery staple';
/** How long a page may take to show the outcome of a click (server round trips on a loaded machine). */
const SETTLE = { timeout: 20_000 };

let t: TestApp;
let server: RunningServer;
let browser: Browser;
let keys: Awaited<ReturnType<typeof keysFor>>;
let issuerId: string;

beforeAll(async () => {
  ensureWebBuild();
  browser = await launchChromium();
  t = await makeTestApp();
  t.clock.now = () => Date.now(); // the page stamps trades with the browser's clock
  keys = await keysFor(t.db, 'venue-one');
  ({ issuerId } = await createIssuer(domain(t.deps as ResolvedDeps).issuer, { tenant: 'kyc', name: 'Acme KYC' }));
  const r = await t.app.request('/v1/issuer-sets/eu-kyc-issuers/members', {
    method: 'POST',
    headers: { ...bearer(keys.operator), 'content-type': 'application/json' },
    body: JSON.stringify({ issuerId }),
  });
  expect(r.status).toBe(200);
  server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, shutdownTimeoutMs: 2000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await releaseCurves();
});

/** The issuer's side, out of band: a credential for the subject the holder's page shows. */
async function credentialFor(subject: string, attrs: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const c = await issueCredential(domain(t.deps as ResolvedDeps).issuer, {
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
}

async function createKey(page: Page): Promise<string> {
  await page.goto('/app/');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create a new key' }).click();
  await expect.poll(() => page.locator('#subject').textContent(), SETTLE).toMatch(/^[0-9]{10,}$/);
  return (await page.locator('#subject').textContent())!;
}

/**
 * Proves in the page, and checks the progress it showed: each step of the proof named in order
 * ("step k of 7"), on a determinate bar (never without a value, which would animate every frame).
 */
async function proveInPage(page: Page): Promise<void> {
  // a string: this file is type-checked without the DOM library
  await page.evaluate(`{
    const seen = [];
    const status = document.getElementById('prove-status');
    const bar = document.getElementById('prove-progress');
    const note = () => seen.push({ text: status.textContent ?? '', determinate: bar.hasAttribute('value') });
    const o = new MutationObserver(note);
    o.observe(status, { childList: true, characterData: true, subtree: true });
    o.observe(bar, { attributes: true });
    window.proveProgress = seen;
  }`);
  await page.getByRole('button', { name: 'Prove on this device' }).click();
  const settled = async () =>
    /Proof ready/.test((await page.locator('#prove-status').textContent()) ?? '') ||
    (await page.locator('#wallet-error').isVisible());
  await expect.poll(settled, { timeout: PROOF_TIMEOUT, interval: 250 }).toBe(true);
  expect(
    await page.locator('#wallet-error').isHidden(),
    (await page.locator('#wallet-error').textContent()) ?? '',
  ).toBe(true);
  const seen = await page.evaluate<{ text: string; determinate: boolean }[]>('window.proveProgress');
  const steps = [...new Set(seen.map((s) => /step (\d) of 7/.exec(s.text)?.[1]).filter(Boolean))];
  expect(steps).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  expect(seen.filter((s) => !s.determinate)).toEqual([]);
}

const artifactRequests = (rs: RecordedRequest[]) =>
  rs.filter((r) => /\/app\/artifacts\/policy\.(wasm|zkey)$/.test(r.url)).map((r) => r.url.split('/').pop());

describe('the web app as served', () => {
  it('is served at /app/ under a Content-Security-Policy that allows nothing outside its origin', async () => {
    const res = await fetch(`${server.url}/app/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'|'unsafe-inline'/);
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const manifest = (await (await fetch(`${server.url}/app/artifacts/manifest.json`)).json()) as {
      files: Record<string, { sha256: string }>;
    };
    expect(manifest.files['policy.zkey']?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await fetch(`${server.url}/app/%2e%2e/package.json`)).status).toBe(404);
  });
});

describe('the holder wallet in Chromium', () => {
  let page: Page;
  let requests: RecordedRequest[];
  let secret: string;

  it(
    'creates a key, imports a credential, proves in the page, is admitted once and refused on replay',
    { timeout: 3 * PROOF_TIMEOUT },
    async () => {
      ({ page, requests } = await openPage(browser, server.url));
      const subject = await createKey(page);

      // export: the CLI's holder.json, with the secret that must never leave the browser
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export holder.json' }).click();
      const holder = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as {
        type: string;
        secret: string;
        subject: string;
      };
      expect(holder).toMatchObject({ type: 'vouch-holder', subject });
      secret = holder.secret;

      await page.getByLabel('Paste credential.json').fill(await credentialFor(subject));
      await page.getByRole('button', { name: 'Check credential' }).click();
      await expect.poll(() => page.locator('#attributes').isVisible(), SETTLE).toBe(true);
      expect(await page.locator('#attributes').textContent()).toMatch(/kycLevel.*2/s);

      await page.getByLabel('Venue API key').fill(keys.venue);
      await page.getByRole('button', { name: "Load the venue's policies" }).click();
      await page.getByLabel('Policy', { exact: true }).selectOption('eu-mica-retail-spot@1.0.0');
      expect(await page.locator('#trade-venue').inputValue()).toBe('venue-one');
      expect(await page.locator('#policy-explanation').textContent()).toMatch(/\S/);

      const before = requests.length;
      await proveInPage(page);
      expect(artifactRequests(requests.slice(before)).sort()).toEqual(['policy.wasm', 'policy.zkey']);

      await page.getByRole('button', { name: 'Submit to the venue' }).click();
      await expect.poll(() => page.locator('#decision').textContent(), SETTLE).toMatch(/^Admitted/);
      await expect.poll(() => page.locator('#receipt').textContent(), SETTLE).toContain('signature verified');
      await screenshot(page, 'wallet');

      await page.getByRole('button', { name: 'Submit to the venue' }).click();
      await expect.poll(() => page.locator('#decision').textContent(), SETTLE).toMatch(/Refused: NULLIFIER_REPLAYED/);
      await expect.poll(() => page.locator('#receipt').textContent(), SETTLE).toContain('signature verified');
    },
  );

  it(
    'proves a second trade from the browser cache, fetching no artifact bytes',
    { timeout: 2 * PROOF_TIMEOUT },
    async () => {
      const before = requests.length;
      await proveInPage(page);
      expect(artifactRequests(requests.slice(before))).toEqual([]);
      await page.getByRole('button', { name: 'Submit to the venue' }).click();
      await expect.poll(() => page.locator('#decision').textContent(), SETTLE).toMatch(/^Admitted/);
    },
  );

  it(
    'detects a corrupted cached artifact by its hash and downloads it again',
    { timeout: 2 * PROOF_TIMEOUT },
    async () => {
      // a valid-looking but wrong wasm module where the cached witness generator was
      await page.evaluate(`(async () => {
      const [name] = (await caches.keys()).filter((k) => k.startsWith('vouch-artifacts-'));
      const cache = await caches.open(name);
      await cache.put('/app/artifacts/policy.wasm', new Response(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])));
    })()`);
      const before = requests.length;
      await proveInPage(page);
      expect(artifactRequests(requests.slice(before))).toEqual(['policy.wasm']);
    },
  );

  it('sent nothing containing the holder secret, in any request of the page or its worker, and nothing off its origin', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(
      requests
        .filter((r) => !r.url.startsWith(`${server.url}/`) && !r.url.startsWith('blob:') && !r.url.startsWith('data:'))
        .map((r) => r.url),
    ).toEqual([]);
    expect(requests.some((r) => r.url.endsWith('/v1/trades'))).toBe(true);
    for (const r of requests) {
      const all = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
      expect(all.includes(secret), `${r.method} ${r.url}`).toBe(false);
    }
  });

  it('refuses a wrong passphrase with WALLET_PASSPHRASE_WRONG and unlocks with the right one', async () => {
    await page.reload();
    await expect.poll(() => page.locator('#key-status').textContent(), SETTLE).toMatch(/stored in this browser/);
    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.locator('#wallet-error').textContent(), SETTLE).toMatch(/^WALLET_PASSPHRASE_WRONG: /);
    await screenshot(page, 'wallet-wrong-passphrase');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.locator('#key-status').textContent(), SETTLE).toMatch(/^Unlocked/);
    expect(await page.locator('#wallet-error').isHidden()).toBe(true);
  });

  it('refuses another holder’s credential with CREDENTIAL_NOT_HOLDERS', async () => {
    const other = await credentialFor('12345678901234567890');
    await page.getByLabel('Paste credential.json').fill(other);
    await page.getByRole('button', { name: 'Check credential' }).click();
    await expect.poll(() => page.locator('#wallet-error').textContent(), SETTLE).toMatch(/^CREDENTIAL_NOT_HOLDERS: /);
  });

  it('says before proving, and before any download, which predicates a credential cannot meet (POLICY_UNSATISFIED)', async () => {
    const subject = (await page.locator('#subject').textContent())!;
    await page.getByLabel('Paste credential.json').fill(await credentialFor(subject, { kycLevel: 1 }));
    await page.getByRole('button', { name: 'Check credential' }).click();
    await expect.poll(() => page.locator('#attributes').isVisible(), SETTLE).toBe(true);
    await page.getByLabel('Venue API key').fill(keys.venue);
    await page.getByRole('button', { name: "Load the venue's policies" }).click();
    await page.getByLabel('Policy', { exact: true }).selectOption('eu-mica-retail-spot@1.0.0');
    const before = requests.length;
    await page.getByRole('button', { name: 'Prove on this device' }).click();
    await expect
      .poll(() => page.locator('#wallet-error').textContent(), SETTLE)
      .toMatch(/^POLICY_UNSATISFIED: .*The holder's KYC level is at least 2 \(enhanced/);
    expect(requests.slice(before).filter((r) => r.url.includes('/app/artifacts/'))).toEqual([]);
  });

  it('fits a 360 px wide screen without horizontal scrolling, every screen', async () => {
    const { context, page: narrow } = await openPage(browser, server.url, { width: 360, height: 740 });
    for (const screen of ['wallet', 'auditor', 'regulator']) {
      await narrow.goto(`/app/#${screen}`);
      await narrow.locator(`#${screen}-title`).waitFor();
      const overflow = await narrow.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, screen).toBeLessThanOrEqual(0);
    }
    await narrow.goto('/app/#wallet');
    await screenshot(narrow, 'wallet-360px');
    await context.close();
  });
});

describe('the auditor console in Chromium', () => {
  let w: BundleWorld;
  let page: Page;
  beforeAll(async () => {
    w = await makeWorld();
    ({ page } = await openPage(browser, server.url));
  });
  afterAll(() => w.close());

  const file = (name: string, value: unknown) => ({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  });

  async function verify(bundle: unknown): Promise<void> {
    await page.goto('/app/#auditor');
    await page.getByLabel('Bundle or disclosure (JSON)').setInputFiles(file('bundle.json', bundle));
    await page.getByLabel("The institution's JWKS (JSON)").setInputFiles(file('jwks.json', w.jwks));
    await page.getByLabel('Transparency-log verifier key').fill(w.logKey);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.locator('#audit-verdict').textContent(), SETTLE).toMatch(/\S/);
  }

  it('verifies an honest bundle check by check', async () => {
    await verify(w.bundle);
    expect(await page.locator('#audit-verdict').textContent()).toMatch(/^Verified/);
    for (const check of ['structure', 'signature', 'records', 'checkpoint', 'log-inclusion']) {
      const row = page.locator(`#audit-checks tr[data-check="${check}"]`);
      if (check === 'structure') continue; // only reported when it fails
      expect(await row.getAttribute('data-ok'), check).toBe('true');
    }
    await screenshot(page, 'auditor');
  });

  it('fills in the serving Vouch\u2019s log key and JWKS on request', async () => {
    await page.goto('/app/#auditor');
    await page.getByRole('button', { name: "Use this service's JWKS and log key" }).click();
    const { verifierKey } = (await (await fetch(`${server.url}/v1/log/verifier-key`)).json()) as {
      verifierKey: string;
    };
    await expect.poll(() => page.getByLabel('Transparency-log verifier key').inputValue(), SETTLE).toBe(verifierKey);
    expect(await page.locator('#audit-service-keys').textContent()).toMatch(/Using this service's JWKS \(\d+ keys\)/);
  });

  it('is usable from the keyboard: Tab to the navigation, Enter opens the screen and focuses its title', async () => {
    await page.goto('/app/');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('nav-auditor');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate<string>('document.activeElement.id'), SETTLE).toBe('auditor-title');
    expect(await page.locator('#auditor').isVisible()).toBe(true);
    expect(await page.locator('#wallet').isVisible()).toBe(false);
  });

  it('names the failing check of a tampered bundle, with its code', async () => {
    const tampered = clone(w.bundle) as unknown as { records: { record: { gain: string } }[] };
    tampered.records[0]!.record.gain = '99999.00';
    await verify(tampered);
    expect(await page.locator('#audit-verdict').textContent()).toMatch(/^AUDIT_VERIFICATION_FAILED/);
    expect(await page.locator('#audit-checks tr[data-check="records"]').getAttribute('data-ok')).toBe('false');
    expect(await page.locator('#audit-checks tr[data-check="records"]').textContent()).toMatch(/FAILED[A-Z_]+:/);
    await screenshot(page, 'auditor-tampered');
  });
});
