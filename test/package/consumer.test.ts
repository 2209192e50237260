/**
 * Vouch as a venue gets it: `npm pack`, installed into a fresh project (offline; see
 * support/install.ts), a TypeScript file importing every entry point type-checked under strict,
 * the README's embedding program (consumer/venue.ts, byte for byte) compiled and run to admit an
 * honest proof and refuse its replay, and every entry point called with wrong arguments answering
 * with a coded error, never a crash.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES } from '../../src/errors/index.js';
import { ROOT, ensureBuilt } from './support/built.js';
import { installTarball, packTarball } from './support/install.js';

const CONSUMER = join(ROOT, 'test/package/consumer');
const noArtifacts = process.env.VOUCH_TEST_NO_ARTIFACTS === '1';
const work = mkdtempSync(join(tmpdir(), 'vouch-consumer-'));
const project = join(work, 'project');

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 300_000,
  });
}

beforeAll(() => {
  ensureBuilt();
  mkdirSync(project);
  installTarball(packTarball(work), project);
  for (const f of ['venue.ts', 'imports.ts', 'bad-input.mjs']) copyFileSync(join(CONSUMER, f), join(project, f));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'build',
        rootDir: '.',
      },
      include: ['venue.ts', 'imports.ts'],
    }),
  );
}, 900_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package, installed into a fresh project', () => {
  it('type-checks a file importing every entry point under strict (our .d.ts included)', () => {
    const r = run([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    // skipLibCheck is off so Vouch's own declarations are checked too; diagnostics inside other
    // packages' declarations (drizzle-orm ships some for drivers it does not depend on) are theirs.
    const ours = r.stdout
      .split('\n')
      .filter(
        (l) => /^\S+\(\d+,\d+\): error/.test(l) && (!l.includes('node_modules/') || l.includes('node_modules/vouch/')),
      );
    expect(ours).toEqual([]);
    expect(existsSync(join(project, 'build/venue.js'))).toBe(true);
  });

  it('is what the README shows: its embedding snippet is consumer/venue.ts byte for byte', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${readFileSync(join(CONSUMER, 'venue.ts'), 'utf8')}\`\`\``);
  });

  it.skipIf(noArtifacts)('runs the README program: admits an honest proof, then refuses its replay', async () => {
    const files = await honestOrder();
    for (const [name, json] of Object.entries(files)) writeFileSync(join(project, name), JSON.stringify(json));
    mkdirSync(join(project, 'policies'), { recursive: true });
    for (const p of ['eu-mica-retail-spot.json', 'pro-perps-notional-cap.json'])
      copyFileSync(join(project, 'node_modules/vouch/policies', p), join(project, 'policies', p));
    // the key the proof was made under: here the dev ceremony's, shipped in the package
    mkdirSync(join(project, 'ceremony'), { recursive: true });
    copyFileSync(
      join(project, 'node_modules/vouch/circuits/build/policy.vkey.json'),
      join(project, 'ceremony/policy.vkey.json'),
    );
    // safe by default: the dev key is refused unless development is asked for
    const production = run(['build/venue.js'], { VOUCH_ENV: 'production' });
    expect(production.status).not.toBe(0);
    expect(production.stderr).toContain('DEV_ARTIFACTS_REFUSED');
    const first = run(['build/venue.js'], { VOUCH_ENV: 'development' });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^admitted: nullifier \d+, receipt /);
    const again = run(['build/venue.js'], { VOUCH_ENV: 'development' });
    expect(again.stdout).toMatch(/^refused: NULLIFIER_REPLAYED /);
  });

  it('answers wrong arguments to every entry point with a coded error, never a crash', () => {
    const r = run(['bad-input.mjs'], { VOUCH_ENV: 'production' }); // development off: a dev key must be refused
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; outcome: string; code?: string; message?: string });
    expect(new Set(lines.map((l) => l.name.split(':')[0]))).toEqual(
      new Set(['vouch', 'hook', 'prover', 'verifier', 'audit', 'server']),
    );
    const uncoded = lines.filter((l) => {
      if (l.outcome === 'VouchError') return !(l.code! in CODES);
      if (l.outcome === 'ArgumentError' || l.outcome === 'TypeError')
        return l.code !== 'ERR_INVALID_ARG_TYPE' && !/^VouchError: unknown code/.test(l.message ?? '');
      return l.outcome !== 'value' || !(l.code! in CODES); // a decision or verification result carrying its code
    });
    expect(uncoded).toEqual([]);
  });

  it('installs the vouch command, which runs the built JavaScript', () => {
    const r = run(['node_modules/.bin/vouch', '--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });
});

/** registry.json, order.json and proof.json for one honest holder, made with the repository's code. */
async function honestOrder(): Promise<Record<string, unknown>> {
  const {
    addIssuerToSet,
    createHolder,
    createIssuer,
    createIssuerSet,
    exportRegistry,
    issueCredential,
    parseHolderFile,
    SetRegistries,
    SqliteCredentialStore,
  } = await import('../../src/credentials/index.js');
  const { CATALOGUE_OWNER } = await import('../../src/db/schema.js');
  const { ed25519Signer, generateSignerSeed, TransparencyLog } = await import('../../src/log/index.js');
  const { openDatabase } = await import('../../src/db/client.js');
  const { loadKek } = await import('../../src/keys/kek.js');
  const { loadPolicy } = await import('../../src/policy/index.js');
  const { proveTrade } = await import('../../src/prover/index.js');
  const { releaseCurves } = await import('../../src/zk/index.js');
  const now = Math.floor(Date.now() / 1000);
  const handle = openDatabase({ path: ':memory:' });
  try {
    const ctx = {
      store: new SqliteCredentialStore(handle.db),
      kek: loadKek(join(work, 'issuer')),
      clock: () => Math.floor(Date.now() / 1000),
    };
    const { issuerId } = await createIssuer(ctx, { tenant: 'demo', name: 'Example KYC GmbH' });
    const holder = createHolder();
    const evidence = {
      kycLevel: 2,
      jurisdiction: 'DE',
      investorClass: 'retail',
      ageOver18: true,
      tradeLimit: '250000',
      sanctionsScreenedAt: now - 86_400,
    };
    const credential = await issueCredential(ctx, {
      issuerId,
      actor: 'reviewer@example',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence: JSON.stringify(evidence),
    });
    // the registry a venue gets: one set per name its policies use (here the same issuer in both),
    // each root in a transparency log with its inclusion proof (what loadRegistrySets requires)
    for (const name of ['eu-kyc-issuers', 'global-kyc-issuers']) {
      await createIssuerSet(ctx, { name, owner: CATALOGUE_OWNER });
      await addIssuerToSet(ctx, { set: name, issuerId, owner: CATALOGUE_OWNER, actor: 'consumer-test' });
    }
    const sets = new SetRegistries(ctx, {
      clock: ctx.clock,
      log: TransparencyLog.open({ db: handle.db, signer: ed25519Signer('consumer-test', generateSignerSeed()) }),
    });
    await sets.refresh();
    const registry = sets.bySet['eu-kyc-issuers']!;
    const policy = await loadPolicy(join(ROOT, 'policies/eu-mica-retail-spot.json'));
    // the order is placed after the credential was issued (issuedAt <= the proof's time)
    const order = {
      venue: 'my-venue',
      market: 'BTC-EUR',
      side: 'buy',
      size: '0.25',
      price: '61000',
      nonce: 'c0ffee00c0ffee00',
      time: Math.floor(Date.now() / 1000) + 1,
    };
    const proof = await proveTrade({
      holder: parseHolderFile(holder),
      credential,
      policy,
      members: registry.members,
      trade: order,
    });
    return {
      'registry.json': exportRegistry(sets.published(), Math.floor(Date.now() / 1000), await sets.transparency()),
      'order.json': order,
      'proof.json': proof,
    };
  } finally {
    handle.close();
    await releaseCurves();
  }
}
