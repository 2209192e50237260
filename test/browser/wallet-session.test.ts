/**
 * Session mode in the wallet, in a real Chromium: the page makes an Ed25519 session key, proves
 * the session on this device (real Groth16, in the worker), the venue opens it; orders signed by
 * the session key are admitted without a new proof and the remaining limits go down; a resubmitted
 * order is refused with SESSION_ORDER_REPLAYED and one past the policy's notional with
 * SESSION_LIMIT_EXCEEDED. Nothing the page sends contains the holder's secret.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCurves } from '../../src/zk/index.js';
import { openPage, screenshot, type RecordedRequest } from './support/browser.js';
import {
  PROOF_TIMEOUT,
  SETTLE,
  choosePolicy,
  createKey,
  importCredential,
  startWebWorld,
  untilDoneOrError,
  type WebWorld,
} from './support/world.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWebWorld();
});
afterAll(async () => {
  await w?.close();
  await releaseCurves();
});

describe('session mode in the wallet', () => {
  let page: Page;
  let requests: RecordedRequest[];
  let secret: string;

  it(
    'opens a session with a browser-held Ed25519 key and shows its limits',
    { timeout: 2 * PROOF_TIMEOUT },
    async () => {
      ({ page, requests } = await openPage(w.browser, w.server.url));
      const subject = await createKey(page);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export holder.json' }).click();
      secret = (JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { secret: string }).secret;
      await importCredential(page, await w.credentialFor(subject, { investorClass: 'professional' }));
      await choosePolicy(page, w.keys.venue, 'eu-mica-retail-spot@1.0.0');
      await page.getByRole('button', { name: 'Open a session' }).click();
      await expect
        .poll(() => page.locator('#wallet-error').textContent(), SETTLE)
        .toMatch(/^SESSION_NOT_ALLOWED: .*per-trade/);
      expect(await page.locator('#session-status').textContent()).toMatch(
        /^The session was not opened \(SESSION_NOT_ALLOWED\)/,
      );
      expect(requests.filter((r) => /policy\.(wasm|zkey)$/.test(r.url))).toEqual([]);

      await page.getByLabel('Policy', { exact: true }).selectOption('pro-perps-notional-cap@1.0.0');
      await page.getByLabel('Market').fill('BTC-PERP');
      await page.getByLabel('Largest order value').fill('6000');
      // the proof's time is the click's; the venue allows perps 10 s of skew, less than proving takes here
      w.pinClock(Date.now());
      await page.getByRole('button', { name: 'Open a session' }).click();
      await untilDoneOrError(page, async () =>
        /^Session open/.test((await page.locator('#session-status').textContent()) ?? ''),
      );
      w.pinClock(undefined);
      // the session's progress was told in its own status line: the trade box, where nothing was
      // proved, is not left saying "Proving on this device…"
      expect(await page.locator('#session-status').textContent()).toMatch(/^Session open under pro-perps/);
      expect(await page.locator('#prove-status').textContent()).toBe('');
      // the wallet keeps how long proving took, to warn before a proof that may outlast a policy's skew
      expect(Number(await page.evaluate("localStorage.getItem('vouch.proveMs')"))).toBeGreaterThan(0);
      const opened = requests.filter((r) => r.url.endsWith('/v1/sessions'));
      expect(opened).toHaveLength(1);
      const binding = (JSON.parse(opened[0]!.body) as { proof: { binding: { kind: string; publicKey: string } } }).proof
        .binding;
      expect(binding.kind).toBe('session');
      expect(Buffer.from(binding.publicKey, 'base64url')).toHaveLength(32);
      expect(await page.locator('[data-limit="orders"]').textContent()).toBe('10000 of 10000');
      expect(await page.locator('[data-limit="notional"]').textContent()).toBe('5000000.00 of 5000000.00');
      expect(await page.locator('[data-limit="order"]').textContent()).toBe('6000.00');
      expect(await page.locator('[data-limit="key"]').textContent()).toMatch(/Ed25519/);
    },
  );

  it('signs an order with the session key: admitted with no new proof, and the limits go down', async () => {
    const proofsBefore = requests.filter((r) => /policy\.(wasm|zkey)$/.test(r.url)).length;
    await page.getByRole('button', { name: 'Sign and submit the order' }).click();
    await expect.poll(() => page.locator('#session-decision').textContent(), SETTLE).toMatch(/^Order admitted/);
    expect(await page.locator('[data-limit="orders"]').textContent()).toBe('9999 of 10000');
    expect(await page.locator('[data-limit="notional"]').textContent()).toBe('4994000.00 of 5000000.00');
    const order = requests.filter((r) => /\/v1\/sessions\/ses_[^/]+\/orders$/.test(r.url));
    expect(order).toHaveLength(1);
    expect(JSON.parse(order[0]!.body)).toMatchObject({ trade: { venue: 'venue-one' }, signature: expect.any(String) });
    expect(requests.filter((r) => /policy\.(wasm|zkey)$/.test(r.url)).length).toBe(proofsBefore);
    await screenshot(page, 'wallet-session');
  });

  it('refuses the same signed order again with SESSION_ORDER_REPLAYED', async () => {
    await page.getByRole('button', { name: 'Resubmit the last order' }).click();
    await expect
      .poll(() => page.locator('#session-decision').textContent(), SETTLE)
      .toMatch(/^Order refused: SESSION_ORDER_REPLAYED: /);
    expect(await page.locator('[data-limit="orders"]').textContent()).toBe('9999 of 10000');
  });

  it('refuses an order larger than the session proved with SESSION_LIMIT_EXCEEDED', async () => {
    await page.getByLabel('Size').fill('0.2'); // 12000 > 6000
    await page.getByRole('button', { name: 'Sign and submit the order' }).click();
    await expect
      .poll(() => page.locator('#session-decision').textContent(), SETTLE)
      .toMatch(/^Order refused: SESSION_LIMIT_EXCEEDED: .*larger than the session proved/);
    expect(await page.locator('[data-limit="orders"]').textContent()).toBe('9999 of 10000');
  });

  it('sent nothing containing the holder secret', () => {
    expect(requests.some((r) => r.url.endsWith('/v1/sessions'))).toBe(true);
    for (const r of requests) {
      const all = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
      expect(all.includes(secret), `${r.method} ${r.url}`).toBe(false);
    }
  });
});
