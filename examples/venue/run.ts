/**
 * `npm run example:venue`: an issuer onboards two holders, a venue installs the hook with the
 * EU MiCA retail spot policy, and orders arrive over HTTP: a compliant one (admitted), its replay
 * (refused), and one from a holder whose credential cannot satisfy the policy (refused).
 * Everything runs in a temporary data dir, offline.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import {
  createHolder,
  createIssuer,
  issueCredential,
  localRegistry,
  parseHolderFile,
  SqliteCredentialStore,
} from '../../src/credentials/index.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import {
  createComplianceHook,
  decisionRecorder,
  ephemeralReceiptSigner,
  SqliteNullifierStore,
} from '../../src/hook/index.js';
import { loadKek } from '../../src/keys/kek.js';
import { loadPolicy } from '../../src/policy/index.js';
import { proveTrade } from '../../src/prover/index.js';
import { isVouchError } from '../../src/errors/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { createVenueApp } from './venue.js';

const say = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-venue-'));
  const handle = openDatabase({ path: databasePath(dataDir) });
  const ctx = {
    store: new SqliteCredentialStore(handle.db),
    kek: loadKek(dataDir),
    clock: () => Math.floor(Date.now() / 1000),
  };
  say(`data dir: ${dataDir}`);

  const issuer = await createIssuer(ctx, { tenant: 'demo', name: 'Example KYC GmbH' });
  const onboard = async (name: string, evidence: Record<string, unknown>) => {
    const h = createHolder();
    const credential = await issueCredential(ctx, {
      issuerId: issuer.issuerId,
      actor: 'reviewer@example',
      subject: BigInt(h.subject),
      evidenceKind: 'manual',
      evidence: JSON.stringify(evidence),
    });
    say(`issuer: ${name} holds credential ${credential.id} (the issuer kept only its commitment)`);
    return { holder: parseHolderFile(h), credential };
  };
  const screened = Math.floor(Date.now() / 1000) - 86_400;
  const alice = await onboard('Alice (DE, retail, KYC 2)', {
    kycLevel: 2,
    jurisdiction: 'DE',
    investorClass: 'retail',
    ageOver18: true,
    tradeLimit: '250000',
    sanctionsScreenedAt: screened,
  });
  const bob = await onboard('Bob (US, retail, KYC 2)', {
    kycLevel: 2,
    jurisdiction: 'US',
    investorClass: 'retail',
    ageOver18: true,
    tradeLimit: '250000',
    sanctionsScreenedAt: screened,
  });

  const policy = await loadPolicy(join(import.meta.dirname, '../../policies/eu-mica-retail-spot.json'));
  const { registry } = await localRegistry(ctx);
  say(
    "DEVELOPMENT MODE: this example verifies under the dev ceremony's key (allowDevArtifacts: true), under which anyone can forge proofs;",
  );
  say("a real venue passes its production ceremony's verifyingKey instead.");
  const hook = await createComplianceHook({
    policies: [policy],
    registry,
    store: new SqliteNullifierStore(handle.db),
    signer: await ephemeralReceiptSigner('example-venue'),
    venue: 'example-venue',
    onDecision: decisionRecorder({ db: handle.db }),
    allowDevArtifacts: true,
  });
  const { app } = createVenueApp(hook);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  say(`venue: listening on http://127.0.0.1:${port}, enforcing ${policy.ref}`);

  const post = async (body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const order = (nonce: string) => ({
    venue: 'example-venue',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.25',
    price: '61000',
    nonce,
    time: Math.floor(Date.now() / 1000),
  });

  const o1 = order('a1a1a1a1a1a1a1a1');
  say('\nAlice proves, on her own machine, that she satisfies the policy for her order...');
  const p1 = await proveTrade({
    holder: alice.holder,
    credential: alice.credential,
    policy,
    members: registry.members,
    trade: o1,
  });
  const r1 = await post({ order: o1, proof: p1 });
  say(`  order 1 (Alice, compliant)     -> HTTP ${r1.status} ${r1.status === 201 ? 'ADMITTED' : String(r1.body.code)}`);
  const r2 = await post({ order: o1, proof: p1 });
  say(`  order 1 again (replay)         -> HTTP ${r2.status} ${String(r2.body.code)}`);

  const o3 = order('b2b2b2b2b2b2b2b2');
  try {
    await proveTrade({ holder: bob.holder, credential: bob.credential, policy, members: registry.members, trade: o3 });
  } catch (err) {
    say(`  Bob cannot prove: ${isVouchError(err) ? `${err.code} (${err.message})` : String(err)}`);
  }
  const r3 = await post({ order: o3, proof: p1 });
  say(`  order 3 (Bob, reusing Alice's proof) -> HTTP ${r3.status} ${String(r3.body.code)}`);

  const book = (await (await fetch(`http://127.0.0.1:${port}/book`)).json()) as unknown[];
  say(`\norder book: ${JSON.stringify(book)}`);
  say('The venue saw orders, proofs and decisions - never a name, a country or a document.');

  server.close();
  await hook.close();
  handle.close();
  await releaseCurves();
}

main().catch(async (err) => {
  process.stderr.write(`example venue failed: ${isVouchError(err) ? `${err.code}: ${err.message}` : String(err)}\n`);
  await releaseCurves();
  process.exitCode = 1;
});
