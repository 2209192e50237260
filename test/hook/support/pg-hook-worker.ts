/**
 * One venue process of the multi-process tests (test/hook/multi-process.test.ts): an embedded
 * hook on the shared PostgreSQL database (openHookStores with VOUCH_DATABASE_URL semantics), its
 * own connection pool and receipt key, driven over stdin/stdout in JSON lines.
 *
 *   node test/hardening/support/run-ts.mjs test/hook/support/pg-hook-worker.ts CONFIG.json
 *
 * Requests run concurrently as they arrive; each answer is written only once the work it reports
 * has committed, so a line on stdout is an acknowledgement the parent may hold the database to.
 *   {"id":1,"op":"check","trade":{…},"proof":{…}}       → {"id":1,"allowed":true,"nullifier":"…"}
 *   {"id":2,"op":"open","proof":{…}}                     → {"id":2,"allowed":true,"sessionId":"…"}
 *   {"id":3,"op":"order","sessionId":"…","trade":{…},"signature":"…"}
 *   {"id":4,"op":"append","payload":{…}}                 → {"id":4,"index":17,"leafHash":"…hex"}
 *   {"id":5,"op":"root"}                                 → {"id":5,"size":40,"root":"…hex"}
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { IssuerRegistry } from '../../../src/credentials/index.js';
import { createComplianceHook, ephemeralReceiptSigner } from '../../../src/hook/index.js';
import { openHookStores } from '../../../src/hook/open-hook-stores.js';
import { ed25519Signer } from '../../../src/log/index.js';
import { releaseCurves } from '../../../src/zk/index.js';
import { sessionPolicy, spotPolicy } from '../../support/hook-world.js';

export interface WorkerConfig {
  url: string;
  schema: string;
  now: number;
  trusted: { issuerId: string; jwks: Record<string, unknown>[] }[];
  snapshots: string[];
}

/** The log key every process of the venue signs checkpoints with (one venue, one key). */
export const VENUE_LOG_SIGNER = () => ed25519Signer('vouch.test/multi-process', new Uint8Array(32).fill(7));

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export async function run([configPath]: string[]): Promise<void> {
  const config = JSON.parse(readFileSync(configPath!, 'utf8')) as WorkerConfig;
  const registry = new IssuerRegistry({ trusted: config.trusted as never, clock: () => config.now });
  for (const s of config.snapshots) await registry.accept(s);
  const stores = await openHookStores({
    databaseUrl: config.url,
    schema: config.schema,
    venue: 'v1',
    logSigner: VENUE_LOG_SIGNER(),
    maxConnections: 4,
  });
  const hook = await createComplianceHook({
    ...stores.hookOptions,
    policies: [spotPolicy(), sessionPolicy()],
    requirements: [
      { market: '*-EUR', policies: ['test-eu-spot@1.0.0'] },
      { market: '*-PERP', policies: ['test-perps-session@1.0.0'] },
    ],
    registry,
    signer: await ephemeralReceiptSigner(`venue-v1-pid-${process.pid}`),
    clock: () => config.now,
    venue: 'v1',
  });
  const answer = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

  async function handle(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    switch (req.op) {
      case 'check': {
        const d = await hook.submit(req.trade, req.proof);
        return d.allowed ? { allowed: true, nullifier: d.nullifier } : { allowed: false, code: d.code };
      }
      case 'open': {
        const d = await hook.openSession(req.proof);
        return d.allowed ? { allowed: true, sessionId: d.sessionId } : { allowed: false, code: d.code };
      }
      case 'order': {
        const d = await hook.checkOrder(String(req.sessionId), req.trade, String(req.signature));
        return d.allowed ? { allowed: true } : { allowed: false, code: d.code };
      }
      case 'append': {
        const e = await stores.log.appendEntry('report-commitment', req.payload as Record<string, unknown>);
        return { index: e.index, leafHash: hex(e.leafHash) };
      }
      case 'root': {
        const size = await stores.log.size();
        return { size, root: hex(await stores.log.rootHash(size)) };
      }
      default:
        throw new Error(`unknown op ${String(req.op)}`);
    }
  }

  const pending = new Set<Promise<unknown>>();
  const lines = createInterface({ input: process.stdin });
  answer({ ready: true, pid: process.pid });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const req = JSON.parse(line) as Record<string, unknown>;
    const p = handle(req)
      .then((r) => answer({ id: req.id, ...r }))
      .catch((err: unknown) =>
        answer({
          id: req.id,
          error: (err as { code?: string }).code ?? 'THROWN',
          message: String((err as Error).message),
        }),
      )
      .finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all(pending);
  await hook.close();
  await stores.close();
  await releaseCurves();
}
