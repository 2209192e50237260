/**
 * The wallet fetches its credential with the one-time pickup code the issuer handed out: the
 * credential is checked against this holder and shown; the same code again is refused with
 * PICKUP_CODE_SPENT, shown with its code. No proof is made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, keysFor } from '../api/helpers.js';
import { openPage } from './support/browser.js';
import { SETTLE, createKey, startWebWorld, type WebWorld } from './support/world.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWebWorld();
});
afterAll(async () => {
  await w?.close();
});

describe('credential pickup in the wallet', () => {
  it('fetches the credential once with the pickup code, then shows PICKUP_CODE_SPENT', async () => {
    const { page, requests } = await openPage(w.browser, w.server.url);
    const subject = await createKey(page);
    const issuerKeys = await keysFor(w.t.db, 'kyc');
    const res = await w.t.app.request(`/v1/issuers/${w.issuerId}/credentials/pickup`, {
      method: 'POST',
      headers: { ...bearer(issuerKeys.institution), 'content-type': 'application/json' },
      body: JSON.stringify({
        subject,
        evidenceKind: 'manual',
        evidence: JSON.stringify({
          kycLevel: 2,
          jurisdiction: 'AT',
          investorClass: 'retail',
          ageOver18: true,
          tradeLimit: '100000',
        }),
      }),
    });
    expect(res.status).toBe(201);
    const { code, credentialId } = (await res.json()) as { code: string; credentialId: string };

    await page.getByLabel('Or the pickup code your issuer gave you').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Fetch with the code' }).click();
    await expect.poll(() => page.locator('#attributes').isVisible(), SETTLE).toBe(true);
    expect(await page.locator('#attributes').textContent()).toMatch(/kycLevel.*2/s);
    expect(JSON.parse(await page.getByLabel('Paste credential.json').inputValue())).toMatchObject({ id: credentialId });
    expect(await page.locator('#wallet-error').isHidden()).toBe(true);
    const sent = requests.filter((r) => r.url.endsWith('/v1/credentials/pickup'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).not.toContain(code.toLowerCase()); // in the body, never the URL

    await page.getByLabel('Or the pickup code your issuer gave you').fill(code);
    await page.getByRole('button', { name: 'Fetch with the code' }).click();
    await expect.poll(() => page.locator('#wallet-error').textContent(), SETTLE).toMatch(/^PICKUP_CODE_SPENT: /);
  });
});
