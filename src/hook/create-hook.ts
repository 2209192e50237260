/**
 * The execution-layer hook: embeddable in any Node process, no HTTP needed.
 *
 *   const hook = await createComplianceHook({ policies, registry, store, clock, signer })
 *   await hook.check(trade, proof)          // one decision
 *   await hook.checkBatch([{ trade, proof }]) // many, one batched Groth16 verification
 *   await hook.submit(trade, proof)         // micro-batched admission queue (see admission-queue.ts)
 *
 * Order of checks per item: proof file shape → policy known → public signals canonical →
 * policyHash → trade binding (tradeHash, tradeValue, scope) → market → clock skew → issuer-set
 * root (current or within grace) → Groth16 (batched) → nullifier claim (atomic, the only state
 * change) → signed receipt. A rejection at any step changes nothing.
 */
import type { IssuerRegistry } from '../credentials/index.js';
import { checkOptions } from '../errors/index.js';
import type { CompiledPolicy } from '../policy/index.js';
import { policyVerifier, type PolicyVerifier } from '../zk/index.js';
import { AdmissionQueue, type AdmissionQueueOptions } from './admission-queue.js';
import { precheck, Rejection, type PolicyTable, type Prechecked } from './check-proof.js';
import { isHookRejectionCode, type Admitted, type Decision, type DecisionRecord, type OrderDecision, type Rejected } from './decision.js';
import type { NullifierStore } from './nullifier-store.js';
import type { ReceiptPayload, ReceiptSigner } from './receipts.js';
import { SessionBook, type SessionBookOptions } from './sessions.js';
import { SignaturePool } from './signature-pool.js';

export interface ComplianceHookOptions {
  policies: readonly CompiledPolicy[];
  /** One registry for every policy, or one per policy `issuerSet` name. */
  registry: IssuerRegistry | Record<string, IssuerRegistry>;
  store: NullifierStore;
  signer: ReceiptSigner;
  /** Unix seconds. */
  clock?: () => number;
  /** When set, only trades and sessions for this venue are admitted. */
  venue?: string;
  verifier?: PolicyVerifier;
  queue?: AdmissionQueueOptions;
  sessions?: Omit<SessionBookOptions, 'clock'>;
  /** Called with every decision once it is final (persist it, log it, count it). */
  onDecision?: (record: DecisionRecord) => void | Promise<void>;
}

export interface CheckItem {
  trade?: unknown;
  proof: unknown;
}

export interface ComplianceHook {
  check(trade: unknown, proof: unknown): Promise<Decision>;
  checkBatch(items: readonly CheckItem[]): Promise<Decision[]>;
  submit(trade: unknown, proof: unknown): Promise<Decision>;
  openSession(proof: unknown): Promise<Decision>;
  checkOrder(sessionId: string, trade: unknown, signature: string): OrderDecision;
  /** Many orders of one session, signatures checked on every core; decisions in order. */
  checkOrders(sessionId: string, orders: readonly { trade: unknown; signature: string }[]): Promise<OrderDecision[]>;
  revokeSession(sessionId: string): boolean;
  policies(): readonly CompiledPolicy[];
  /**
   * Replaces the policies this hook enforces (a venue adopted or retired one). Open sessions are
   * kept: a session stays bound to the policy it was opened under until it ends.
   */
  setPolicies(policies: readonly CompiledPolicy[]): void;
  close(): Promise<void>;
}

export async function createComplianceHook(o: ComplianceHookOptions): Promise<ComplianceHook> {
  checkOptions('createComplianceHook', o, { policies: 'array', registry: 'object', store: 'object', signer: 'object', clock: 'function?', venue: 'string?', verifier: 'object?', onDecision: 'function?' });
  const clock = o.clock ?? (() => Math.floor(Date.now() / 1000));
  const verifier = o.verifier ?? (await policyVerifier());
  const table: PolicyTable = { byRef: new Map(o.policies.map((p) => [p.ref, p])) };
  const registryFor = (p: CompiledPolicy): IssuerRegistry | undefined =>
    isRegistry(o.registry) ? o.registry : o.registry[p.issuerSet];
  const sessions = new SessionBook({ ...o.sessions, clock });
  let pool: SignaturePool | undefined;

  /** Signs the decision's receipt, reports it to onDecision, and returns it with the receipt. */
  async function finish<D extends Decision>(now: number, policyRef: string, payload: Omit<ReceiptPayload, 'iss' | 'iat' | 'policy'>, d: Omit<D, 'receipt'>): Promise<D> {
    const receipt = await o.signer.sign({ iss: o.signer.issuer, iat: now, policy: policyRef, ...payload });
    const decision = { ...d, receipt } as D;
    if (o.onDecision) await o.onDecision({ at: now, policyRef, decision });
    return decision;
  }

  function rejected(now: number, r: Rejection, fallbackRef: string): Promise<Rejected> {
    const p = r.partial.policy;
    const policy = p ? { policyId: p.policyIdHex, policyHash: p.policyHash.toString() } : undefined;
    const bound = r.partial.signals ? { nullifier: r.partial.signals.nullifier.toString(), tradeHash: r.partial.signals.tradeHash.toString() } : undefined;
    const d: Omit<Rejected, 'receipt'> = { allowed: false, code: r.code, reason: r.message, ...policy, ...bound };
    return finish<Rejected>(now, p?.ref ?? fallbackRef, { verdict: 'reject', code: r.code, ...(policy ? { policyHash: policy.policyHash } : {}), ...bound }, d);
  }

  async function checkBatch(items: readonly CheckItem[], mode: 'trade' | 'session' = 'trade'): Promise<Decision[]> {
    const now = clock();
    const out: (Decision | undefined)[] = new Array(items.length);
    const pending: { i: number; p: Prechecked }[] = [];
    const early: Promise<void>[] = [];
    items.forEach((it, i) => {
      try {
        const p = precheck({ policies: table, registryFor, now, ...(o.venue ? { venue: o.venue } : {}) }, it.proof, it.trade);
        if ((p.file.binding.kind === 'session') !== (mode === 'session')) {
          throw new Rejection('TRADE_MISMATCH', mode === 'session' ? 'not a session proof' : 'a session proof cannot admit a single trade', { policy: p.policy, signals: p.signals });
        }
        pending.push({ i, p });
      } catch (err) {
        if (!(err instanceof Rejection)) throw err;
        early.push(rejected(now, err, referenceOf(it.proof)).then((d) => void (out[i] = d)));
      }
    });
    const verdicts = pending.length === 0 ? [] : await verifier.verifyBatch(pending.map(({ p }) => ({ proof: p.file.proof, publicSignals: p.file.publicSignals })));
    const late: Promise<void>[] = [];
    const valid: { i: number; p: Prechecked }[] = [];
    pending.forEach(({ i, p }, k) => {
      const v = verdicts[k]!;
      if (v.valid) valid.push({ i, p });
      else late.push(rejected(now, new Rejection(isHookRejectionCode(v.code) ? v.code : 'PROOF_INVALID', 'the proof does not verify', { policy: p.policy, signals: p.signals }), p.policy.ref).then((d) => void (out[i] = d)));
    });
    // the one state change: spend the nullifiers (atomic per nullifier: exactly one concurrent
    // claimant wins; a batch's claims share one transaction, so one fsync)
    const claims = valid.map(({ p }) => ({ nullifier: p.signals.nullifier, policyId: p.policy.policyIdHex, tradeHash: p.tradeHash, at: now }));
    const won = o.store.claimMany ? o.store.claimMany(claims) : claims.map((c) => o.store.claim(c));
    valid.forEach(({ i, p }, k) => {
      if (!won[k]) {
        late.push(rejected(now, new Rejection('NULLIFIER_REPLAYED', 'this nullifier was already used in its scope', { policy: p.policy, signals: p.signals }), p.policy.ref).then((d) => void (out[i] = d)));
        return;
      }
      const sessionId = mode === 'session' ? sessions.open(p, now) : undefined;
      const d: Omit<Admitted, 'receipt'> = {
        allowed: true,
        policyId: p.policy.policyIdHex,
        policyHash: p.policy.policyHash.toString(),
        nullifier: p.signals.nullifier.toString(),
        tradeHash: p.tradeHash.toString(),
        ...(sessionId ? { sessionId } : {}),
      };
      late.push(finish<Admitted>(now, p.policy.ref, { verdict: 'admit', policyHash: d.policyHash, nullifier: d.nullifier, tradeHash: d.tradeHash, ...(sessionId ? { session: sessionId } : {}) }, d).then((x) => void (out[i] = x)));
    });
    await Promise.all([...early, ...late]);
    return out as Decision[];
  }

  const queue = new AdmissionQueue<CheckItem, Decision>((batch) => checkBatch(batch), o.queue);

  return {
    check: async (trade, proof) => (await checkBatch([{ trade, proof }]))[0]!,
    checkBatch: (items) => checkBatch(items),
    submit: (trade, proof) => queue.submit({ trade, proof }),
    openSession: async (proof) => (await checkBatch([{ proof }], 'session'))[0]!,
    checkOrder: (sessionId, trade, signature) => sessions.checkOrder(sessionId, trade, signature),
    checkOrders: (sessionId, orders) => sessions.checkOrders(sessionId, orders, (pool ??= new SignaturePool())),
    revokeSession: (sessionId) => sessions.revoke(sessionId),
    policies: () => [...table.byRef.values()],
    setPolicies: (policies) => {
      table.byRef = new Map(policies.map((p) => [p.ref, p]));
    },
    close: async () => {
      await queue.close();
      await pool?.close();
    },
  };
}

function isRegistry(r: ComplianceHookOptions['registry']): r is IssuerRegistry {
  return typeof (r as IssuerRegistry).rootStatus === 'function';
}

/** Best-effort policy reference for receipts of unparseable proofs. */
function referenceOf(proof: unknown): string {
  const p = (proof as { policy?: { id?: unknown; version?: unknown } } | null)?.policy;
  return typeof p?.id === 'string' && typeof p.version === 'string' ? `${p.id.slice(0, 100)}@${p.version.slice(0, 50)}` : 'unknown';
}
