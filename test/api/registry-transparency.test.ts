/**
 * Issue 19, build item 10 — no split views of the registry. Every issuer-set root and status root
 * /v1/registry serves is in the transparency log first; registry.json carries each one's entry and
 * inclusion proof under a signed checkpoint; loaders (the prover, `vouch verify`, a hook fed from
 * a file) refuse a file whose roots are not in the log with REGISTRY_NOT_LOGGED; an auditor lists
 * every root an issuer ever published (HTTP and CLI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import {
  addIssuerToSet,
  createHolder,
  createIssuer,
  exportRegistry,
  issueCredential,
  loadRegistryFile,
  loadRegistrySets,
  revokeCredential,
  SetRegistries,
} from '../../src/credentials/index.js';
import { CATALOGUE_OWNER } from '../../src/db/schema.js';
import { generateSignerSeed, ed25519Signer } from '../../src/log/index.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/vouch.mjs', import.meta.url));
const MANUAL = JSON.stringify({
  kycLevel: 2,
  jurisdiction: 'DE',
  investorClass: 'retail',
  ageOver18: true,
  tradeLimit: '1000',
});

let t: TestApp;
let operator: string;
let logKey: string;
let issuerId: string;
const get = async (path: string, key?: string) => json(await t.app.request(path, { headers: key ? bearer(key) : {} }));
const nowSeconds = () => Math.floor(t.clock.now() / 1000);
const ctx = () => domain(t.deps as ResolvedDeps).issuer;

beforeAll(async () => {
  t = await makeTestApp();
  operator = (await keysFor(t.db, 'ops')).operator;
  logKey = (await get('/v1/log/verifier-key')).verifierKey;
  issuerId = (await createIssuer(ctx(), { tenant: 'kyc', name: 'EU KYC' })).issuerId;
  const r = await t.app.request('/v1/issuer-sets/eu-kyc-issuers/members', {
    method: 'POST',
    headers: { ...bearer(operator), 'content-type': 'application/json' },
    body: JSON.stringify({ issuerId }),
  });
  expect(r.status).toBe(200);
}, 120_000);

describe('registry.json and the transparency log', () => {
  it('logs every set root and status root before serving it, and carries their inclusion proofs', async () => {
    expect(typeof logKey).toBe('string');
    const file = await get('/v1/registry');
    expect(file.transparency).toBeDefined();
    // every set and every snapshot in the file has its entry, and the file loads with the key pinned
    for (const s of file.sets) {
      const e = file.transparency.sets[s.name];
      expect(e).toMatchObject({
        kind: 'issuer-set-root',
        payload: { set: s.name, issuerSetRoot: s.issuerSetRoot, owner: s.owner },
      });
      const logged = await get(`/v1/log/entries/${e.index}`);
      expect(logged.payload).toEqual(e.payload);
    }
    expect(file.transparency.snapshots[issuerId]).toMatchObject({
      kind: 'status-snapshot',
      payload: { issuerId, seq: 1 },
    });
    const eu = await loadRegistryFile(file, { clock: nowSeconds, set: 'eu-kyc-issuers', logKey });
    expect(eu.root.toString()).toBe(file.sets.find((s: { name: string }) => s.name === 'eu-kyc-issuers').issuerSetRoot);
    expect(Object.keys(await loadRegistrySets(file, { clock: nowSeconds, logKey }))).toEqual(
      file.sets.map((s: { name: string }) => s.name),
    );
  });

  it('logs a revocation’s new status root and set root before /v1/registry serves them, and lists every root an issuer published', async () => {
    const holder = createHolder();
    const c = await issueCredential(ctx(), {
      issuerId,
      actor: 'ops',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    await revokeCredential(ctx(), { credentialId: c.id, reason: 'test', actor: 'ops' });
    const file = await get('/v1/registry');
    const snap = file.transparency.snapshots[issuerId];
    expect(snap.payload.seq).toBeGreaterThan(1);
    await loadRegistryFile(file, { clock: nowSeconds, set: 'eu-kyc-issuers', logKey });
    const roots = await get(`/v1/registry/issuers/${issuerId}/roots`);
    expect(roots.statusRoots.map((r: { seq: number }) => r.seq)).toEqual(
      Array.from({ length: snap.payload.seq }, (_, i) => i + 1),
    );
    expect(roots.statusRoots.at(-1)).toMatchObject({ logIndex: snap.index, statusRoot: snap.payload.statusRoot });
    const setRoot = file.sets.find((s: { name: string }) => s.name === 'eu-kyc-issuers').issuerSetRoot;
    expect(
      roots.setRoots
        .filter((r: { set: string }) => r.set === 'eu-kyc-issuers')
        .map((r: { issuerSetRoot: string }) => r.issuerSetRoot),
    ).toContain(setRoot);
    expect(roots.setRoots.length).toBeGreaterThanOrEqual(2);
    expect((await t.app.request('/v1/registry/issuers/iss_AAAAAAAAAAAAAAAA/roots')).status).toBe(404);
  });

  it('refuses a split view: a set root the log does not hold, a file without proofs, proofs from another log', async () => {
    const served = await get('/v1/registry');
    // the operator shows someone a set with an extra issuer, built outside the logged registry
    const extra = (await createIssuer(ctx(), { tenant: 'kyc', name: 'Shadow KYC' })).issuerId;
    await addIssuerToSet(ctx(), { set: 'eu-kyc-issuers', issuerId: extra, owner: CATALOGUE_OWNER, actor: 'test' });
    const shadow = new SetRegistries(ctx(), { clock: nowSeconds });
    await shadow.refresh();
    const split = exportRegistry(shadow.published(), nowSeconds());
    await expect(loadRegistryFile(split, { clock: nowSeconds, set: 'eu-kyc-issuers', logKey })).rejects.toMatchObject({
      code: 'REGISTRY_NOT_LOGGED',
    });
    // with the real file's proofs attached: the entries do not say what the file says
    await expect(
      loadRegistryFile(
        { ...split, transparency: served.transparency },
        { clock: nowSeconds, set: 'eu-kyc-issuers', logKey },
      ),
    ).rejects.toMatchObject({ code: 'REGISTRY_NOT_LOGGED' });
    // proofs checked against another pinned log key (the operator's second log): refused
    const otherKey = ed25519Signer('other-log', generateSignerSeed()).verifierKey;
    await expect(
      loadRegistryFile(served, { clock: nowSeconds, set: 'eu-kyc-issuers', logKey: otherKey }),
    ).rejects.toMatchObject({ code: 'REGISTRY_NOT_LOGGED' });
    // what the service serves after the change is logged again, and loads
    await loadRegistryFile(await get('/v1/registry'), { clock: nowSeconds, set: 'eu-kyc-issuers', logKey });
  });

  it('vouch verify refuses an unlogged registry with its code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-split-'));
    const shadow = new SetRegistries(ctx(), { clock: nowSeconds });
    await shadow.refresh();
    const put = (name: string, v: unknown) => {
      const p = join(dir, name);
      writeFileSync(p, JSON.stringify(v));
      return p;
    };
    const policy = fileURLToPath(new URL('../../policies/eu-mica-retail-spot.json', import.meta.url));
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        '--json',
        'verify',
        '--policy',
        policy,
        '--trade',
        put('trade.json', {}),
        '--proof',
        put('proof.json', {}),
        '--registry',
        put('registry.json', exportRegistry(shadow.published(), nowSeconds())),
        '--log-key',
        logKey,
        '--now',
        String(nowSeconds()),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status).not.toBe(0);
    expect(JSON.parse(r.stdout || r.stderr).error.code).toBe('REGISTRY_NOT_LOGGED');
  }, 180_000);
});
