// venue.ts: admit one order through the embedded compliance hook (`npm install vouch`).
// Reads the verifier's registry.json (from `vouch registry export`), the order, and the proof the
// holder made for it (`vouch prove`); prints the decision. No HTTP, no network.
import { readFileSync } from 'node:fs';
import {
  createComplianceHook, decisionRecorder, ephemeralReceiptSigner, loadPolicies, loadRegistrySets,
  openDatabase, releaseCurves, SqliteNullifierStore,
} from 'vouch/hook';

const readJson = <T = unknown>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const clock = () => Math.floor(Date.now() / 1000);

const { db, close } = openDatabase({ path: 'data/venue.sqlite' });
const hook = await createComplianceHook({
  policies: await loadPolicies('policies'),
  requirements: [                                   // the venue, not the prover, picks the policy per market (first match)
    { market: '*-EUR', policies: ['eu-mica-retail-spot@1.0.0'] },
    { market: '*-PERP', policies: ['pro-perps-notional-cap@1.0.0'] },
  ],
  registry: await loadRegistrySets(readJson('registry.json'), { clock }), // one registry per issuer set the policies name
  store: new SqliteNullifierStore(db),              // replay protection on nullifiers, safe across processes
  signer: await ephemeralReceiptSigner('my-venue'), // or receiptSigner({ issuer, kid, privateKey, publicJwk })
  venue: 'my-venue',
  clock,
  onDecision: decisionRecorder({ db }),             // keep every decision for the compliance report
  verifyingKey: readJson('ceremony/policy.vkey.json'), // your production ceremony's key: the dev ceremony's is
  // refused (anyone can forge proofs under it) unless VOUCH_ENV=development or allowDevArtifacts: true
});

const decision = await hook.submit(readJson('order.json'), readJson('proof.json'));
if (decision.allowed) console.log(`admitted: nullifier ${decision.nullifier}, receipt ${decision.receipt.slice(0, 16)}...`);
else console.log(`refused: ${decision.code} (${decision.reason})`);

await hook.close();
await releaseCurves(); // the verifier's worker threads; the process exits once they are gone
close();
