/**
 * The prover, in a Web Worker so the page stays responsive: loads the hash-checked artifacts
 * (lib/artifacts.ts), then runs the library's own `proveTrade` (src/prover/prove-trade.ts) — the
 * code `vouch prove` runs — or `proveSession` for a session key — with snarkjs's browser build. The holder's secret arrives by
 * postMessage from the page and never leaves this worker except as a zero-knowledge proof.
 */
import './shims/globals.js';
import { parseCredentialFile } from '../../src/credentials/credential-file.js';
import { parseHolderFile } from '../../src/credentials/holder.js';
import { loadRegistryFile } from '../../src/credentials/registry-file.js';
import { compilePolicy } from '../../src/policy/index.js';
import { proveSession, proveTrade } from '../../src/prover/prove-trade.js';
import type { ProveProgress, ProveStep } from '../../src/zk/prove.js';
import { loadArtifacts } from './lib/artifacts.js';
import { provideArtifacts } from './shims/ensure-artifacts.js';

export interface ProveRequest {
  holder: unknown;
  credential: unknown;
  policy: unknown;
  registry: unknown;
  /** Trade mode: the trade the proof binds. */
  trade?: unknown;
  /** Session mode: the session key (raw Ed25519, base64url) the proof binds to a venue and epoch. */
  session?: { publicKey: string; venue: string; maxOrderValue: string; now: number };
}

export type ProveMessage =
  | { type: 'progress'; stage: 'artifacts'; file: string; loaded: number; total: number; from: 'cache' | 'network' }
  /** The proof's step (PROVE_STEPS): determinate progress, and no animation competing for the CPU. */
  | { type: 'progress'; stage: 'proving'; step: number; steps: number; what: ProveStep }
  /** `ms` from the request; `provingMs` from the artifacts in hand (what a later proof, cached, takes). */
  | { type: 'done'; proof: unknown; ms: number; provingMs: number }
  | { type: 'error'; code?: string; message: string };

const post = (m: ProveMessage) => postMessage(m);

self.onmessage = async (e: MessageEvent<ProveRequest>) => {
  const started = performance.now();
  let proving = started;
  try {
    const r = e.data;
    const holder = parseHolderFile(r.holder);
    const credential = parseCredentialFile(r.credential);
    const policy = compilePolicy(r.policy);
    const registry = await loadRegistryFile(r.registry, {
      clock: () => Math.floor(Date.now() / 1000),
      set: policy.issuerSet,
    });
    provideArtifacts(async () => {
      const a = await loadArtifacts((p) => post({ type: 'progress', stage: 'artifacts', ...p }));
      proving = performance.now();
      return a;
    });
    const onProgress = (p: ProveProgress) =>
      post({ type: 'progress', stage: 'proving', step: p.step, steps: p.steps, what: p.stage });
    const members = registry.members;
    const s = r.session;
    const proof = s
      ? await proveSession({
          holder,
          credential,
          policy,
          members,
          sessionPublicKey: new Uint8Array(Buffer.from(s.publicKey, 'base64url')),
          venue: s.venue,
          maxOrderValue: BigInt(s.maxOrderValue),
          now: s.now,
          onProgress,
        })
      : await proveTrade({ holder, credential, policy, members, trade: r.trade, onProgress });
    const end = performance.now();
    post({ type: 'done', proof, ms: Math.round(end - started), provingMs: Math.round(end - proving) });
  } catch (err) {
    const x = err as { code?: unknown; message?: unknown };
    post({
      type: 'error',
      ...(typeof x?.code === 'string' ? { code: x.code } : {}),
      message: typeof x?.message === 'string' ? x.message : String(err),
    });
  }
};
