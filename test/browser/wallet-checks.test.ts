/**
 * What the wallet tells the holder before any proof is made, in a real Chromium (no proof is made
 * in this file): jurisdictions named in the page's language with their code kept ("Österreich
 * (AT)") in the credential's attributes, the policy's explanation and the predicates a credential
 * cannot meet, a name in another language than the page's marked with its lang (WCAG 3.1.2); a
 * revoked credential refused with CREDENTIAL_REVOKED before any artifact is fetched,
 * and nothing the page sent carrying the holder's secret; a warning, before proving, when the last
 * proof measured on this device took longer than the chosen policy's clock skew (set here, not timed).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, keysFor } from '../api/helpers.js';
import { openPage, type RecordedRequest } from './support/browser.js';
import { SETTLE, choosePolicy, createKey, importCredential, startWebWorld, type WebWorld } from './support/world.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWebWorld();
});
afterAll(async () => {
  await w?.close();
});

const artifactRequests = (rs: RecordedRequest[]) => rs.filter((r) => r.url.includes('/app/artifacts/'));
const attribute = (page: Page, name: string) =>
  page.locator('#attributes tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) }).locator('td');

describe('jurisdictions in the wallet', () => {
  it('names them in the page’s language with the code kept: attributes, explanation, unmet predicates (de-DE)', async () => {
    const { page, requests } = await openPage(w.browser, w.server.url, undefined, 'de-DE');
    const subject = await createKey(page);
    await importCredential(page, await w.credentialFor(subject, { jurisdiction: 'US' }));
    expect(await attribute(page, 'jurisdiction').textContent()).toBe('Vereinigte Staaten (US)');
    // in an English page (<html lang="en">) the German name is marked German (WCAG 3.1.2), with
    // the locale Intl.DisplayNames resolved; the code beside it is not
    const name = attribute(page, 'jurisdiction').locator('span[lang]');
    expect(await name.textContent()).toBe('Vereinigte Staaten');
    expect(await name.getAttribute('lang')).toMatch(/^de(-|$)/);

    await choosePolicy(page, w.keys.venue, 'eu-mica-retail-spot@1.0.0');
    await expect
      .poll(() => page.locator('#policy-explanation').textContent(), SETTLE)
      .toContain("The holder's jurisdiction is one of: Österreich (AT), Belgien (BE)");
    expect(await page.locator('#policy-explanation').textContent()).toContain('Deutschland (DE)');
    const explained = page.locator('#policy-explanation span', { hasText: /^Österreich$/ });
    expect(await explained.getAttribute('lang')).toMatch(/^de(-|$)/);

    await page.getByRole('button', { name: 'Prove on this device' }).click();
    await expect
      .poll(() => page.locator('#wallet-error').textContent(), SETTLE)
      .toMatch(/^POLICY_UNSATISFIED: .*The holder's jurisdiction is one of: Österreich \(AT\), .*Deutschland \(DE\)/);
    expect(await page.locator('#wallet-error').textContent()).not.toMatch(/KYC level/); // only what is unmet
    expect(await page.locator('#wallet-error span', { hasText: /^Deutschland$/ }).getAttribute('lang')).toMatch(
      /^de(-|$)/,
    );
    // the trade box says how its attempt ended, not the "Preparing the proof…" it started with
    expect(await page.locator('#prove-status').textContent()).toMatch(/^No proof was made \(POLICY_UNSATISFIED\)/);
    expect(artifactRequests(requests)).toEqual([]);
  });

  it('names them in English for an English page: "Germany (DE)"', async () => {
    const { page } = await openPage(w.browser, w.server.url, undefined, 'en-GB');
    const subject = await createKey(page);
    await importCredential(page, await w.credentialFor(subject, { jurisdiction: 'DE' }));
    expect(await attribute(page, 'jurisdiction').textContent()).toBe('Germany (DE)');
    // the names are in the page's language: nothing is marked as another
    expect(await attribute(page, 'jurisdiction').locator('[lang]').count()).toBe(0);
    await choosePolicy(page, w.keys.venue, 'pro-perps-notional-cap@1.0.0');
    await expect
      .poll(() => page.locator('#policy-explanation').textContent(), SETTLE)
      .toMatch(/is none of: North Korea \(KP\), Iran \(IR\), Myanmar \(Burma\) \(MM\), unknown \(ZZ\)\./);
    expect(await page.locator('#policy-explanation [lang]').count()).toBe(0);
  });
});

/** The holder.json the page exports: its secret must never leave the browser. */
async function exportedSecret(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export holder.json' }).click();
  return (JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { secret: string }).secret;
}

describe('a revoked credential in the wallet', () => {
  it('is refused with CREDENTIAL_REVOKED before any artifact is fetched, and no request carries the secret', async () => {
    const { page, requests } = await openPage(w.browser, w.server.url);
    const subject = await createKey(page);
    const secret = await exportedSecret(page);
    const credential = await w.credentialFor(subject);
    const { id } = JSON.parse(credential) as { id: string };
    const res = await w.t.app.request(`/v1/credentials/${id}/revoke`, {
      method: 'POST',
      headers: { ...bearer((await keysFor(w.t.db, 'kyc')).issuer), 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'the holder reported the document stolen' }),
    });
    expect(res.status).toBe(200);

    await importCredential(page, credential);
    await choosePolicy(page, w.keys.venue, 'eu-mica-retail-spot@1.0.0');
    await page.getByRole('button', { name: 'Prove on this device' }).click();
    await expect
      .poll(() => page.locator('#wallet-error').textContent(), SETTLE)
      .toMatch(/^CREDENTIAL_REVOKED: the credential is revoked/);
    expect(await page.getByRole('button', { name: 'Submit to the venue' }).isDisabled()).toBe(true);

    expect(requests.some((r) => r.url.endsWith('/v1/registry'))).toBe(true); // the prover did look
    expect(artifactRequests(requests)).toEqual([]);
    for (const r of requests) {
      const all = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
      expect(all.includes(secret), `${r.method} ${r.url}`).toBe(false);
    }
  });
});

describe('the warning that proving may outlast the policy’s clock skew', () => {
  const warning = (page: Page) => page.getByRole('status').filter({ hasText: /CLOCK_SKEW/ });

  it('warns for a policy whose skew is shorter than the last proof here, not for one with room, nor before any proof', async () => {
    const { page, requests } = await openPage(w.browser, w.server.url);
    const subject = await createKey(page);
    await importCredential(page, await w.credentialFor(subject, { investorClass: 'professional' }));
    await page.evaluate("localStorage.setItem('vouch.proveMs', '30000')"); // as the last proof recorded it

    await choosePolicy(page, w.keys.venue, 'pro-perps-notional-cap@1.0.0'); // 10 s of skew
    await expect.poll(() => warning(page).isVisible(), SETTLE).toBe(true);
    const text = (await warning(page).textContent()) ?? '';
    expect(text).toContain('Your last proof on this device took 30 s');
    expect(text).toContain('within 10 s of the moment you press the button');
    expect(text).toContain('refuse this one with CLOCK_SKEW');
    expect(text).toMatch(/prove on a faster device, or close other tabs/);
    expect(await page.getByRole('button', { name: 'Prove on this device' }).getAttribute('aria-describedby')).toBe(
      'skew-warning',
    );

    await page.getByLabel('Policy', { exact: true }).selectOption('eu-mica-retail-spot@1.0.0'); // 60 s
    await page.locator('#skew-warning[data-policy="eu-mica-retail-spot@1.0.0"]').waitFor({ state: 'attached' });
    expect(await page.locator('#skew-warning').isHidden()).toBe(true);

    await page.evaluate("localStorage.removeItem('vouch.proveMs')"); // never proved here: no estimate
    await page.getByLabel('Policy', { exact: true }).selectOption('pro-perps-notional-cap@1.0.0');
    await page.locator('#skew-warning[data-policy="pro-perps-notional-cap@1.0.0"]').waitFor({ state: 'attached' });
    expect(await page.locator('#skew-warning').isHidden()).toBe(true);
    expect(artifactRequests(requests)).toEqual([]);
  });
});
