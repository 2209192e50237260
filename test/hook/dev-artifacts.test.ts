/**
 * Issue 19 finding 1 (forgery with the dev artifacts): the dev ceremony's toxic waste is public, so
 * proofs under its key can be forged without any credential. Such a key is recognised by its
 * points — not by what a manifest says of itself — and refused unless development mode is
 * explicit; a hook (or verifier) refuses to start on it, before any proof is looked at.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isVouchError } from '../../src/errors/index.js';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  type ComplianceHookOptions,
} from '../../src/hook/index.js';
import { devTrapdoor } from '../../src/zk/artifacts/dev-ceremony.js';
import {
  artifactsStatus,
  getCurve,
  isDevVerifyingKey,
  policyVerifier,
  releaseCurves,
  verifierFor,
  type VerifyingKeyJson,
} from '../../src/zk/index.js';
import { committedDevVkey, forgeProofFile } from '../support/forge.js';
import { makeWorld, spotPolicy, trade, type World } from '../support/hook-world.js';

const policy = spotPolicy();
let world: World;
let devKey: VerifyingKeyJson;

beforeAll(async () => {
  world = await makeWorld();
  devKey = committedDevVkey();
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(releaseCurves);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    if (isVouchError(err)) return err.code;
    throw err;
  }
}

/** The same key with alpha, beta and delta each multiplied by a factor (1 keeps the dev point). */
async function rescaled(
  vk: VerifyingKeyJson,
  f: { alpha?: bigint; beta?: bigint; delta?: bigint },
): Promise<VerifyingKeyJson> {
  const { G1, G2 } = await getCurve();
  const g1 = (c: string[], k: bigint) =>
    (G1.toObject(G1.toAffine(G1.timesScalar(G1.fromObject(c.map(BigInt)), k))) as bigint[]).map(String);
  const g2 = (c: string[][], k: bigint) =>
    (G2.toObject(G2.toAffine(G2.timesScalar(G2.fromObject(c.map((x) => x.map(BigInt))), k))) as bigint[][]).map((x) =>
      x.map(String),
    );
  return {
    ...vk,
    vk_alpha_1: g1(vk.vk_alpha_1, f.alpha ?? 1n),
    vk_beta_2: g2(vk.vk_beta_2, f.beta ?? 1n),
    vk_delta_2: g2(vk.vk_delta_2, f.delta ?? 1n),
  };
}

async function hookOptions(over: Partial<ComplianceHookOptions> = {}): Promise<ComplianceHookOptions> {
  return {
    policies: [policy],
    registry: await world.registry(),
    store: new MemoryNullifierStore(),
    signer: await ephemeralReceiptSigner('v1'),
    clock: () => world.clock.now,
    venue: 'v1',
    ...over,
  };
}

const whaleTrade = () => trade({ size: '1000000', price: '1000000' }); // 10^12 notional, far above any tradeLimit

describe('recognising the dev ceremony by its verifying key', () => {
  it('recomputes alpha, beta and delta of the committed dev key from the public beacon', async () => {
    const { G1, G2 } = await getCurve();
    const t = await devTrapdoor();
    expect((G1.toObject(G1.toAffine(G1.timesFr(G1.g, t.alpha))) as bigint[]).map(String)).toEqual(devKey.vk_alpha_1);
    expect((G2.toObject(G2.toAffine(G2.timesFr(G2.g, t.beta))) as bigint[][]).map((c) => c.map(String))).toEqual(
      devKey.vk_beta_2,
    );
    expect((G2.toObject(G2.toAffine(G2.timesFr(G2.g, t.delta))) as bigint[][]).map((c) => c.map(String))).toEqual(
      devKey.vk_delta_2,
    );
  });

  it('calls a key dev when any one of alpha, beta, delta is the dev one (each alone lets one forge), and no other', async () => {
    expect(await isDevVerifyingKey(devKey)).toBe(true);
    expect(await isDevVerifyingKey(await rescaled(devKey, { beta: 3n, delta: 5n }))).toBe(true); // dev alpha
    expect(await isDevVerifyingKey(await rescaled(devKey, { alpha: 2n, delta: 5n }))).toBe(true); // dev beta
    expect(await isDevVerifyingKey(await rescaled(devKey, { alpha: 2n, beta: 3n }))).toBe(true); // dev delta (dev phase 2 over a real ptau)
    expect(await isDevVerifyingKey(await rescaled(devKey, { alpha: 2n, beta: 3n, delta: 5n }))).toBe(false);
  });
});

describe('a forged proof (no credential at all, a 10^12 notional trade)', () => {
  it('verifies under the dev key: the attack is real, so only explicit development mode may use that key', async () => {
    const t = whaleTrade();
    const forged = await forgeProofFile({
      vk: devKey,
      policy,
      trade: t,
      issuerSetRoot: (await world.registry()).root,
      now: world.clock.now,
    });
    const dev = await createComplianceHook(await hookOptions({ verifyingKey: devKey, allowDevArtifacts: true }));
    expect(await dev.check(t, forged)).toMatchObject({ allowed: true });
  });

  it('is never checked without development mode: the hook refuses to start on the dev key with DEV_ARTIFACTS_REFUSED', async () => {
    vi.stubEnv('VOUCH_ENV', '');
    expect(await codeOf(createComplianceHook(await hookOptions({ verifyingKey: devKey })))).toBe(
      'DEV_ARTIFACTS_REFUSED',
    );
    expect(
      await codeOf(
        createComplianceHook(await hookOptions({ verifier: await verifierFor(devKey, { allowDevArtifacts: true }) })),
      ),
    ).toBe('DEV_ARTIFACTS_REFUSED');
    // explicit false wins over VOUCH_ENV=development
    vi.stubEnv('VOUCH_ENV', 'development');
    expect(
      await codeOf(createComplianceHook(await hookOptions({ verifyingKey: devKey, allowDevArtifacts: false }))),
    ).toBe('DEV_ARTIFACTS_REFUSED');
    expect(await codeOf(verifierFor(devKey, { allowDevArtifacts: false }))).toBe('DEV_ARTIFACTS_REFUSED');
  });

  it('is refused under a production key, which needs no development mode', async () => {
    vi.stubEnv('VOUCH_ENV', '');
    const production = await rescaled(devKey, { alpha: 2n, beta: 3n, delta: 5n });
    const t = whaleTrade();
    const forged = await forgeProofFile({
      vk: devKey,
      policy,
      trade: t,
      issuerSetRoot: (await world.registry()).root,
      now: world.clock.now,
    });
    const h = await createComplianceHook(await hookOptions({ verifyingKey: production }));
    expect(await h.check(t, forged)).toMatchObject({ allowed: false, code: 'PROOF_INVALID' });
  });
});

describe('an embedded hook or verifier given no key', () => {
  it('refuses with DEV_ARTIFACTS_REFUSED, saying why and what to pass instead', async (ctx) => {
    if (!(await artifactsStatus()).present) ctx.skip(); // needs built artifacts (globalSetup builds them)
    vi.stubEnv('VOUCH_ENV', '');
    let message = '';
    try {
      await createComplianceHook(await hookOptions());
    } catch (err) {
      expect(isVouchError(err) && err.code).toBe('DEV_ARTIFACTS_REFUSED');
      message = (err as Error).message;
    }
    expect(message).toMatch(/anyone can forge proofs/);
    expect(message).toMatch(/verifyingKey/);
    expect(message).toMatch(/allowDevArtifacts: true/);
    expect(await codeOf(policyVerifier())).toBe('DEV_ARTIFACTS_REFUSED');
    expect((await policyVerifier({ allowDevArtifacts: true })).dev).toBe(true);
  });

  it('sees through a copy of the dev artifacts behind a manifest that calls itself production (VOUCH_ARTIFACTS_MANIFEST)', async (ctx) => {
    const status = await artifactsStatus();
    if (!status.present) ctx.skip();
    const { ensureArtifacts } = await import('../../src/zk/index.js');
    const a = await ensureArtifacts({ build: false });
    const dir = mkdtempSync(join(tmpdir(), 'vouch-fake-prod-'));
    for (const f of Object.values(a.files)) copyFileSync(f, join(dir, f.split('/').pop()!));
    const manifest = JSON.parse(readFileSync(a.manifestPath, 'utf8'));
    manifest.ceremony = { kind: 'production', ptauPower: manifest.ceremony.ptauPower, ptauSha256: 'f'.repeat(64) };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    vi.stubEnv('VOUCH_ENV', '');
    vi.stubEnv('VOUCH_ARTIFACTS_MANIFEST', join(dir, 'manifest.json'));
    expect((await ensureArtifacts({ build: false })).manifest.ceremony.kind).toBe('production'); // what it claims
    expect(await artifactsStatus()).toMatchObject({ present: true, dev: true }); // what it is
    expect(await codeOf(policyVerifier())).toBe('DEV_ARTIFACTS_REFUSED');
    expect(await codeOf(createComplianceHook(await hookOptions()))).toBe('DEV_ARTIFACTS_REFUSED');
  });
});
