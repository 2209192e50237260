/**
 * Issue 19 finding 1 over HTTP and the CLI: dev-ceremony artifacts (forgeable by anyone) are
 * refused by `vouch serve`, the venue routes and `vouch verify` unless development mode is explicit
 * (`--dev`, VOUCH_ENV=development); in development mode /readyz says so in `mode`, a field a load
 * balancer can test. Most of these need the built artifacts (present after globalSetup).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { DEV_ARTIFACTS_WARNING } from '../../src/api/routes/system.js';
import { domain } from '../../src/api/services/domain.js';
import { addIssuerToSet, createIssuerSet, exportRegistry, SetRegistries } from '../../src/credentials/index.js';
import { CATALOGUE_OWNER } from '../../src/db/schema.js';
import { ed25519Signer, generateSignerSeed, TransparencyLog } from '../../src/log/index.js';
import { venueServices } from '../../src/api/services/venue.js';
import { artifactsStatus, releaseCurves } from '../../src/zk/index.js';
import { committedDevVkey, forgeProofFile } from '../support/forge.js';
import { makeWorld, spotPolicy, trade } from '../support/hook-world.js';
import { bearer, json, keysFor, makeTestApp } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/vouch.mjs', import.meta.url));
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const production = { VOUCH_ENV: '' };

let built = false;
beforeAll(async () => {
  built = (await artifactsStatus()).present;
});
afterAll(releaseCurves);

function vouch(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('/readyz', () => {
  it('says "mode": "development" in development mode, with the loud warning', async () => {
    const t = await makeTestApp({
      config: { server: { mode: 'development' } },
      artifacts: () => ({ present: true, dev: true }),
    });
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      status: 'ready',
      mode: 'development',
      checks: { artifacts: { ok: true, dev: true } },
      warnings: [DEV_ARTIFACTS_WARNING],
    });
  });

  it('answers 503 in production mode on dev artifacts, naming the code', async () => {
    const t = await makeTestApp({
      config: { server: { mode: 'production' } },
      artifacts: () => ({ present: true, dev: true }),
    });
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body).toMatchObject({
      status: 'not_ready',
      mode: 'production',
      checks: { artifacts: { ok: false, dev: true } },
    });
    expect(body.checks.artifacts.detail).toContain('DEV_ARTIFACTS_REFUSED');
  });
});

describe('the venue routes in production mode', () => {
  it('refuse a forged proof: no hook starts on the dev key (DEV_ARTIFACTS_REFUSED), so nothing is admitted', async (ctx) => {
    if (!built) ctx.skip();
    const t = await makeTestApp({ config: { server: { mode: 'production' } } });
    const keys = await keysFor(t.db, 'venue-one');
    const deps = t.deps as ResolvedDeps;
    const now = Math.floor(t.clock.now() / 1000);
    const policy = (await venueServices(deps).book.visible(undefined))
      .map((o) => o.policy)
      .find((p) => p.id === 'fatf-high-risk-exclusion')!;
    const tr = {
      venue: 'venue-one',
      market: 'BTC-EUR',
      side: 'buy',
      size: '1000000',
      price: '1000000',
      nonce: '0123456789abcdef',
      time: now,
    };
    const forged = await forgeProofFile({
      vk: committedDevVkey(),
      policy,
      trade: tr,
      issuerSetRoot: (await domain(deps).registries(0)).bySet[policy.issuerSet]!.root,
      now,
    });
    const res = await t.app.request('/v1/trades', {
      method: 'POST',
      headers: { ...bearer(keys.venue), 'content-type': 'application/json' },
      body: JSON.stringify({ trade: tr, proof: forged }),
    });
    expect(res.status).toBe(503);
    expect((await json(res)).code).toBe('DEV_ARTIFACTS_REFUSED');
  });
});

describe('vouch serve', () => {
  it('refuses to start on dev artifacts without --dev, with DEV_ARTIFACTS_REFUSED, before listening', async (ctx) => {
    if (!built) ctx.skip();
    const r = vouch(['--data-dir', tmp('vouch-serve-'), '--json', 'serve', '--port', '0'], production);
    expect(r.status).toBe(5);
    expect(JSON.parse(r.stdout).error.code).toBe('DEV_ARTIFACTS_REFUSED');
    expect(r.stdout).not.toContain('listening');
  });
});

describe('vouch verify', () => {
  it('refuses the dev key without --dev (a forged 10^12 proof is never checked), and with --dev says it is development (where the forgery passes)', async (ctx) => {
    if (!built) ctx.skip();
    const world = await makeWorld();
    const policy = spotPolicy();
    const tr = trade({ size: '1000000', price: '1000000' });
    // a registry file whose roots are in a transparency log (what vouch verify accepts)
    await createIssuerSet(world.ctx, { name: policy.issuerSet, owner: CATALOGUE_OWNER });
    await addIssuerToSet(world.ctx, {
      set: policy.issuerSet,
      issuerId: world.issuerId,
      owner: CATALOGUE_OWNER,
      actor: 'test',
    });
    const sets = new SetRegistries(world.ctx, {
      clock: () => world.clock.now,
      log: TransparencyLog.open({ db: world.handle.db, signer: ed25519Signer('dev-mode-test', generateSignerSeed()) }),
    });
    await sets.refresh();
    const registry = sets.bySet[policy.issuerSet]!;
    const d = tmp('vouch-verify-');
    const f = (name: string, v: unknown) => {
      writeFileSync(join(d, name), JSON.stringify(v));
      return join(d, name);
    };
    const forged = await forgeProofFile({
      vk: committedDevVkey(),
      policy,
      trade: tr,
      issuerSetRoot: registry.root,
      now: world.clock.now,
    });
    const args = [
      '--json',
      'verify',
      '--policy',
      f('policy.json', policy.document),
      '--trade',
      f('trade.json', tr),
      '--proof',
      f('proof.json', forged),
      '--registry',
      f('registry.json', exportRegistry(sets.published(), world.clock.now, await sets.transparency())),
      '--now',
      String(world.clock.now),
    ];
    const refused = vouch(args, production);
    expect(refused.status).toBe(5);
    expect(JSON.parse(refused.stdout).error.code).toBe('DEV_ARTIFACTS_REFUSED');
    // with --dev it checks the proof — and the forged one passes: exactly why it must be asked for
    const dev = vouch(['verify', '--dev', ...args.slice(2)], production);
    expect(dev.stderr).toContain('development mode');
    expect(dev.status).toBe(0);
  });
});
