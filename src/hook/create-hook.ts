/**
 * The execution-layer hook: embeddable in any Node process, no HTTP needed.
 *
 *   const hook = await createComplianceHook({ policies, registry, store, clock, signer, verifyingKey })
 *   await hook.check(trade, proof)          // one decision
 *   await hook.checkBatch([{ trade, proof }]) // many, one batched Groth16 verification
 *   await hook.submit(trade, proof)         // micro-batched admission queue (see admission-queue.ts)
 *
 * Order of checks per item: proof file shape → policy known → public signals canonical →
 * policyHash → trade binding (tradeHash, tradeValue, scope) → the policy the venue requires for the
 * market (requirements.ts) → the policy's own markets → clock skew → issuer-set root (current or
 * within grace) → escrow key and period scope (accountable policies) → nullifier not yet spent →
 * running-total commitment current → Groth16 (batched) → nullifier claim with the running-total
 * swap (atomic, the only state change) → signed receipt. A rejection at any step changes nothing.
 *
 * Two circuits: a policy with escrow or a cumulative limit is proved with the accountable variant.
 * The verifying key for a proof is picked by the policy the venue selected, never by the proof; a
 * batch mixing both circuits is verified as one batch per circuit. Under an escrow-required policy
 * the venue supplies the registry's current committee key (`escrowCommittee`) and keeps the proof's
 * ciphertext with the decision and in its receipt; under a cumulative limit it supplies the period
 * scope and the commitment it holds, and swaps it for the proof's new one in the claim's
 * transaction (two trades proved from one commitment: one wins, the other is LIMIT_STATE_STALE).
 *
 * Every item gets a decision: whatever goes wrong while checking one item (a malformed file, a bug,
 * a failing store or signer) becomes that item's coded rejection — never an exception out of
 * `check`, `checkBatch`, `submit` or `openSession`, and never a verdict on the other items. Errors
 * that carry no Vouch code are reported to `onInternalError` and answered as INTERNAL, without
 * their message.
 */
import type { IssuerRegistry } from '../credentials/index.js';
import { checkOptions, isVouchError } from '../errors/index.js';
import type { EscrowCommittee } from '../escrow/index.js';
import { VouchError } from '../errors/index.js';
import type { CompiledPolicy } from '../policy/index.js';
import type { CircuitName } from '../zk/index.js';
import {
  assertTrusted,
  policyVerifier,
  verifierFor,
  type PolicyVerifier,
  type VerifyingKeyJson,
  type VerifyResult,
} from '../zk/index.js';
import { AdmissionQueue, type AdmissionQueueOptions } from './admission-queue.js';
import { precheck, Rejection, type PolicyTable, type Prechecked } from './check-proof.js';
import {
  isHookRejectionCode,
  type Admitted,
  type Decision,
  type DecisionLimit,
  type DecisionRecord,
  type OrderDecision,
  type Rejected,
} from './decision.js';
import type { ClaimResult, NullifierStore } from './nullifier-store.js';
import type { ReceiptPayload, ReceiptSigner } from './receipts.js';
import { requirementTable, type Requirements } from './requirements.js';
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
  /**
   * Which policy each market requires (first matching entry; see requirements.ts). Optional when
   * one policy is loaded (it is then required everywhere); `'any'` only for stateless checks.
   */
  requirements?: Requirements;
  /**
   * The Groth16 verifying key proofs are checked against: a production ceremony's. Without it (or
   * `verifier`), the key is the one VOUCH_ARTIFACTS_MANIFEST names, else the built-in dev key.
   */
  verifyingKey?: VerifyingKeyJson;
  /**
   * Accept the dev ceremony's key — anyone can forge proofs under it, so development only.
   * Default: VOUCH_ENV=development. Otherwise a dev key makes creation fail with DEV_ARTIFACTS_REFUSED.
   */
  allowDevArtifacts?: boolean;
  /** A prepared verifier (its key is held to the same rule as `verifyingKey`). */
  verifier?: PolicyVerifier;
  /**
   * Keys for the other circuits (`'policy-accountable'`: policies with escrow or a cumulative
   * limit), like `verifyingKey`; without one, the manifest's key, held to the same dev rule.
   */
  verifyingKeys?: Partial<Record<CircuitName, VerifyingKeyJson>>;
  /** Prepared verifiers of any circuits (each used for its own `circuit`). */
  verifiers?: readonly PolicyVerifier[];
  /**
   * The registry's current escrow committee (loadRegistryEscrowCommittee), or a function giving it
   * (it changes when the registry publishes a new epoch). Required to admit under an
   * escrow-required policy: a proof to any other key is ESCROW_KEY_MISMATCH.
   */
  escrowCommittee?: EscrowCommittee | (() => EscrowCommittee | undefined);
  queue?: AdmissionQueueOptions;
  sessions?: Omit<SessionBookOptions, 'clock' | 'requiredFor' | 'policyFor'>;
  /** Called with every decision once it is final (persist it, log it, count it). */
  onDecision?: (record: DecisionRecord) => void | Promise<void>;
  /**
   * Called with an unexpected error (one without a Vouch code) raised while checking an item; the
   * item is then rejected as INTERNAL. Default: a line on stderr. Log it; never show it to callers.
   */
  onInternalError?: (err: unknown) => void;
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
  /** One order of an open session (async: with a shared session store the limits are applied there). */
  checkOrder(sessionId: string, trade: unknown, signature: string): Promise<OrderDecision>;
  /** Many orders of one session, signatures checked on every core; decisions in order. */
  checkOrders(sessionId: string, orders: readonly { trade: unknown; signature: string }[]): Promise<OrderDecision[]>;
  revokeSession(sessionId: string): Promise<boolean>;
  policies(): readonly CompiledPolicy[];
  /**
   * Replaces the policies this hook enforces (a venue adopted or retired one). Open sessions are
   * kept: a session stays bound to the policy it was opened under until it ends.
   */
  setPolicies(policies: readonly CompiledPolicy[]): void;
  close(): Promise<void>;
}

/**
 * Creates the embedded compliance hook a venue runs in its own process: it admits or refuses
 * trades by their proofs (`check`, `checkBatch`, micro-batched `submit`, sessions), and every
 * decision is a value, never an exception. Refuses to start on the dev ceremony's verifying key
 * unless told to (`allowDevArtifacts`), since anyone can forge proofs under it.
 *
 * @example
 * const { db } = openDatabase({ path: 'data/venue.sqlite' });
 * const hook = await createComplianceHook({
 *   policies: await loadPolicies('policies'),
 *   registry: await loadRegistrySets(readJson('registry.json'), { clock }),
 *   store: new SqliteNullifierStore(db),
 *   signer: await ephemeralReceiptSigner('my-venue'),
 *   verifyingKey: readJson('ceremony/policy.vkey.json'),
 * });
 * const decision = await hook.submit(readJson('order.json'), readJson('proof.json'));
 * if (!decision.allowed) console.log(decision.code, decision.reason);
 */
export async function createComplianceHook(o: ComplianceHookOptions): Promise<ComplianceHook> {
  checkOptions('createComplianceHook', o, {
    policies: 'array',
    registry: 'object',
    store: 'object',
    signer: 'object',
    clock: 'function?',
    venue: 'string?',
    verifyingKey: 'object?',
    verifyingKeys: 'object?',
    allowDevArtifacts: 'boolean?',
    verifier: 'object?',
    verifiers: 'array?',
    onDecision: 'function?',
    onInternalError: 'function?',
  });
  const clock = o.clock ?? (() => Math.floor(Date.now() / 1000));
  let requirements = requirementTable(o.requirements, o.policies); // before the key: a bad table fails at once
  assertStoreFits(o.store, o.policies);
  const trust = o.allowDevArtifacts === undefined ? {} : { allowDevArtifacts: o.allowDevArtifacts };
  // one verifier per circuit, made once: the base one now (as always), another now when its key is
  // given (a refused dev key fails creation), else on its first proof — so a venue whose catalogue
  // holds an accountable policy it never sees proofs for needs no accountable artifacts
  const verifiers = new Map<CircuitName, Promise<PolicyVerifier>>();
  for (const v of [...(o.verifiers ?? []), ...(o.verifier ? [o.verifier] : [])]) {
    assertTrusted(v, trust);
    verifiers.set(v.circuit, Promise.resolve(v));
  }
  const verifierOf = (circuit: CircuitName): Promise<PolicyVerifier> => {
    let v = verifiers.get(circuit);
    if (!v) {
      const key = circuit === 'policy' ? o.verifyingKey : o.verifyingKeys?.[circuit];
      v = key ? verifierFor(key, { ...trust, circuit }) : policyVerifier({ ...trust, circuit });
      verifiers.set(circuit, v);
      v.catch(() => verifiers.delete(circuit));
    }
    return v;
  };
  await verifierOf('policy');
  for (const c of Object.keys(o.verifyingKeys ?? {}) as CircuitName[]) await verifierOf(c);
  if (
    o.escrowCommittee !== undefined &&
    typeof o.escrowCommittee !== 'object' &&
    typeof o.escrowCommittee !== 'function'
  ) {
    throw new TypeError(
      'createComplianceHook: options.escrowCommittee must be an escrow committee or a function giving one',
    );
  }
  const escrowCommittee =
    typeof o.escrowCommittee === 'function'
      ? o.escrowCommittee
      : () => o.escrowCommittee as EscrowCommittee | undefined;
  const table: PolicyTable = { byRef: new Map(o.policies.map((p) => [p.ref, p])) };
  const registryFor = (p: CompiledPolicy): IssuerRegistry | undefined =>
    isRegistry(o.registry) ? o.registry : o.registry[p.issuerSet];
  const sessions = new SessionBook({
    ...o.sessions,
    clock,
    requiredFor: (market) => requirements.forMarket(market),
    policyFor: (ref) => table.byRef.get(ref),
  });
  let pool: SignaturePool | undefined;

  const report =
    o.onInternalError ?? ((err: unknown) => console.error('vouch hook: internal error while checking an item:', err));

  /** The item's coded rejection for anything thrown while checking it. */
  function asRejection(err: unknown, partial: Rejection['partial'] = {}): Rejection {
    if (err instanceof Rejection) return err;
    if (isVouchError(err) && isHookRejectionCode(err.code)) return new Rejection(err.code, err.message, partial);
    report(err);
    return new Rejection('INTERNAL', 'an internal error occurred while checking this item', partial);
  }

  /** Signs the receipt and records the decision; if either fails, the item is refused as INTERNAL (fail closed). */
  async function finish(
    now: number,
    policyRef: string,
    payload: Omit<ReceiptPayload, 'iss' | 'iat' | 'policy'>,
    d: Omit<Admitted, 'receipt'> | Omit<Rejected, 'receipt'>,
  ): Promise<Decision> {
    try {
      const decision = {
        ...d,
        receipt: await o.signer.sign({ iss: o.signer.issuer, iat: now, policy: policyRef, ...payload }),
      } as Decision;
      if (o.onDecision) await o.onDecision({ at: now, policyRef, decision });
      return decision;
    } catch (err) {
      const c = asRejection(err);
      return {
        allowed: false,
        code: c.code === 'DATABASE_UNAVAILABLE' ? c.code : 'INTERNAL',
        reason: 'the decision could not be signed or recorded',
      };
    }
  }

  /** Hands an admission (signed before its claim) to onDecision; if that fails, the item is refused (fail closed). */
  async function record(r: DecisionRecord): Promise<Decision> {
    try {
      if (o.onDecision) await o.onDecision(r);
      return r.decision;
    } catch (err) {
      const c = asRejection(err);
      return {
        allowed: false,
        code: c.code === 'DATABASE_UNAVAILABLE' ? c.code : 'INTERNAL',
        reason: 'the decision could not be signed or recorded',
      };
    }
  }

  function rejected(now: number, r: Rejection, fallbackRef: string): Promise<Decision> {
    const p = r.partial.policy;
    const required = listed(r.partial.required);
    const bound = r.partial.signals
      ? { nullifier: r.partial.signals.nullifier.toString(), tradeHash: r.partial.signals.tradeHash.toString() }
      : undefined;
    const d: Omit<Rejected, 'receipt'> = {
      allowed: false,
      code: r.code,
      reason: r.message,
      ...(p ? { policy: p.ref, policyId: p.policyIdHex, policyHash: p.policyHash.toString() } : {}),
      ...(required ? { required } : {}),
      ...bound,
    };
    return finish(
      now,
      p?.ref ?? fallbackRef,
      {
        verdict: 'reject',
        code: r.code,
        ...(required ? { required } : {}),
        ...(p ? { policyHash: p.policyHash.toString() } : {}),
        ...bound,
      },
      d,
    );
  }

  /** Batched Groth16, one batch per circuit (the key is the policy's); see verifyGroup. */
  async function verifyAll(ps: readonly Prechecked[]): Promise<(VerifyResult | Rejection)[]> {
    const out: (VerifyResult | Rejection)[] = new Array(ps.length);
    const groups = new Map<CircuitName, number[]>();
    ps.forEach((p, k) => groups.set(p.policy.circuitName, [...(groups.get(p.policy.circuitName) ?? []), k]));
    await Promise.all(
      [...groups].map(async ([circuit, ks]) => {
        const rs = await verifyGroup(
          circuit,
          ks.map((k) => ps[k]!),
        );
        ks.forEach((k, j) => (out[k] = rs[j]!));
      }),
    );
    return out;
  }

  /** One circuit's batch; if it fails as a whole unexpectedly, each item is verified alone so the failure stays its own. */
  async function verifyGroup(circuit: CircuitName, ps: readonly Prechecked[]): Promise<(VerifyResult | Rejection)[]> {
    let verifier: PolicyVerifier;
    try {
      verifier = await verifierOf(circuit);
    } catch (err) {
      report(err); // no key for this circuit here (artifacts missing, a refused dev key): fail closed
      return ps.map(
        (p) =>
          new Rejection(
            'UNAVAILABLE',
            `this venue cannot verify proofs of the ${circuit} circuit (no trusted verifying key)`,
            { policy: p.policy, signals: p.signals },
          ),
      );
    }
    const items = ps.map((p) => ({ proof: p.file.proof, publicSignals: p.file.publicSignals }));
    try {
      return await verifier.verifyBatch(items);
    } catch (err) {
      report(err);
      return items.map((it, k) => {
        try {
          return verifier.verify(it.proof, it.publicSignals);
        } catch (e) {
          return asRejection(e, { policy: ps[k]!.policy, signals: ps[k]!.signals });
        }
      });
    }
  }

  async function checkBatch(items: readonly CheckItem[], mode: 'trade' | 'session' = 'trade'): Promise<Decision[]> {
    if (!Array.isArray(items)) throw new TypeError('checkBatch takes an array of { trade, proof }');
    const now = clock();
    const out: (Decision | undefined)[] = new Array(items.length);
    const pending: { i: number; p: Prechecked }[] = [];
    const settled: Promise<void>[] = [];
    const refuse = (i: number, r: Rejection, ref: string) =>
      settled.push(rejected(now, r, ref).then((d) => void (out[i] = d)));
    items.forEach((it: unknown, i) => {
      let proof: unknown;
      try {
        const item = (typeof it === 'object' && it !== null ? it : {}) as Partial<CheckItem>;
        proof = item.proof;
        const p = precheck(
          { policies: table, registryFor, now, requirements, escrowCommittee, ...(o.venue ? { venue: o.venue } : {}) },
          proof,
          item.trade,
        );
        if ((p.file.binding.kind === 'session') !== (mode === 'session')) {
          throw new Rejection(
            'TRADE_MISMATCH',
            mode === 'session' ? 'not a session proof' : 'a session proof cannot admit a single trade',
            { policy: p.policy, signals: p.signals },
          );
        }
        pending.push({ i, p });
      } catch (err) {
        refuse(i, asRejection(err), referenceOf(proof));
      }
    });
    /** Verifies one round (distinct nullifiers), claims the valid ones, answers each; returns the nullifiers now spent. */
    async function admitRound(round: readonly { i: number; p: Prechecked }[]): Promise<Set<bigint>> {
      const verdicts = await verifyAll(round.map(({ p }) => p));
      const valid: { i: number; p: Prechecked }[] = [];
      round.forEach(({ i, p }, k) => {
        const v = verdicts[k]!;
        if (v instanceof Rejection) refuse(i, v, p.policy.ref);
        else if (v.valid) valid.push({ i, p });
        else
          refuse(
            i,
            new Rejection(isHookRejectionCode(v.code) ? v.code : 'PROOF_INVALID', 'the proof does not verify', {
              policy: p.policy,
              signals: p.signals,
            }),
            p.policy.ref,
          );
      });
      // Each admission is prepared — session id, decision, signed receipt — before the claim, so a
      // store that records decisions (PostgreSQL) writes nullifier, decision row and log entry in
      // one transaction. A receipt whose claim then loses is dropped unseen (the item is a replay).
      const prepared = await Promise.all(
        valid.map(async ({ i, p }) => {
          const sessionId = mode === 'session' ? sessions.newId() : undefined;
          const required = listed(p.required);
          const d: Omit<Admitted, 'receipt'> = {
            allowed: true,
            policy: p.policy.ref,
            ...(required ? { required } : {}),
            policyId: p.policy.policyIdHex,
            policyHash: p.policy.policyHash.toString(),
            nullifier: p.signals.nullifier.toString(),
            tradeHash: p.tradeHash.toString(),
            ...(sessionId ? { sessionId } : {}),
            ...(p.escrow ? { escrow: p.escrow } : {}),
            ...(p.limit ? { limit: limitOf(p) } : {}),
          };
          const payload = {
            verdict: 'admit' as const,
            ...(required ? { required } : {}),
            policyHash: d.policyHash,
            nullifier: d.nullifier,
            tradeHash: d.tradeHash,
            ...(sessionId ? { session: sessionId } : {}),
            ...(d.escrow ? { escrow: d.escrow } : {}),
            ...(d.limit ? { limit: d.limit } : {}),
          };
          try {
            const decision: Admitted = {
              ...d,
              receipt: await o.signer.sign({ iss: o.signer.issuer, iat: now, policy: p.policy.ref, ...payload }),
            };
            return { i, p, sessionId, decision };
          } catch (err) {
            report(err);
            return { i, p, sessionId, error: true as const };
          }
        }),
      );
      const signed = prepared.filter((x): x is Exclude<typeof x, { error: true }> => !('error' in x));
      for (const x of prepared)
        if ('error' in x)
          out[x.i] = { allowed: false, code: 'INTERNAL', reason: 'the decision could not be signed or recorded' };
      // the one state change: spend the nullifiers (atomic per nullifier: exactly one concurrent
      // claimant wins; a round's claims share one transaction, so one fsync)
      const claims = signed.map(({ p, decision }) => ({
        nullifier: p.signals.nullifier,
        policyId: p.policy.policyIdHex,
        tradeHash: p.tradeHash,
        at: now,
        record: { at: now, policyRef: p.policy.ref, decision },
        ...(p.limit
          ? {
              limit: {
                periodNullifier: p.limit.periodNullifier,
                oldCommitment: p.limit.oldCommitment,
                newCommitment: p.limit.newCommitment,
              },
            }
          : {}),
      }));
      let won: ClaimResult[];
      try {
        won = o.store.claimMany
          ? await o.store.claimMany(claims)
          : await Promise.all(claims.map((c) => o.store.claim(c)));
      } catch (err) {
        const r = asRejection(err);
        signed.forEach(({ i, p }) =>
          refuse(i, new Rejection(r.code, r.message, { policy: p.policy, signals: p.signals }), p.policy.ref),
        );
        return new Set();
      }
      const spent = new Set<bigint>();
      for (const [k, { i, p, sessionId, decision }] of signed.entries()) {
        const partial = { policy: p.policy, signals: p.signals };
        if (won[k] === 'limit-stale') {
          // nothing changed: the nullifier is unspent, the holder proves again from the current commitment
          refuse(
            i,
            new Rejection(
              'LIMIT_STATE_STALE',
              'the proof’s running-total commitment is not the one this venue holds for its period (another trade moved it): prove again',
              partial,
            ),
            p.policy.ref,
          );
          continue;
        }
        spent.add(p.signals.nullifier); // by this item or, concurrently, by another
        if (!won[k]) {
          refuse(
            i,
            new Rejection('NULLIFIER_REPLAYED', 'this nullifier was already used in its scope', partial),
            p.policy.ref,
          );
          continue;
        }
        try {
          if (sessionId !== undefined) await sessions.open(p, now, sessionId);
        } catch (err) {
          refuse(i, asRejection(err, partial), p.policy.ref);
          continue;
        }
        settled.push(
          record({
            at: now,
            policyRef: p.policy.ref,
            decision,
            ...(o.store.recordsDecisions ? { stored: true } : {}),
          }).then((x) => void (out[i] = x)),
        );
      }
      return spent;
    }

    // Spent nullifiers are refused before Groth16: the nullifier is a public signal, so a replay
    // (or a batch of copies of a spent proof) costs no pairing. Spending still happens only after
    // verification, below.
    const unspent = await Promise.all(
      pending.map(async ({ i, p }) => {
        try {
          if (await o.store.has(p.signals.nullifier)) {
            refuse(
              i,
              new Rejection('NULLIFIER_REPLAYED', 'this nullifier was already used in its scope', {
                policy: p.policy,
                signals: p.signals,
              }),
              p.policy.ref,
            );
            return false;
          }
          // a stale (or replayed) old commitment costs no pairing either; the claim re-checks it atomically
          if (!p.limit || ((await o.store.limitCommitment!(p.limit.periodNullifier)) ?? 0n) === p.limit.oldCommitment)
            return true;
          refuse(
            i,
            new Rejection(
              'LIMIT_STATE_STALE',
              'the proof’s running-total commitment is not the one this venue holds for its period: prove again',
              { policy: p.policy, signals: p.signals },
            ),
            p.policy.ref,
          );
        } catch (err) {
          refuse(i, asRejection(err, { policy: p.policy, signals: p.signals }), p.policy.ref);
        }
        return false;
      }),
    );
    let waiting = pending.filter((_, k) => unspent[k]);
    // Items sharing a nullifier are verified one per round, in batch order: once one is valid and
    // claimed, the others are replays without a pairing; an invalid one cannot make a later valid
    // one lose (it is simply not claimed), so the first valid item wins as before.
    while (waiting.length > 0) {
      const round: typeof waiting = [];
      const later: typeof waiting = [];
      const inRound = new Set<bigint>();
      for (const x of waiting) {
        if (inRound.has(x.p.signals.nullifier)) later.push(x);
        else {
          inRound.add(x.p.signals.nullifier);
          round.push(x);
        }
      }
      const spent = await admitRound(round);
      waiting = later.filter(({ i, p }) => {
        if (!spent.has(p.signals.nullifier)) return true;
        refuse(
          i,
          new Rejection('NULLIFIER_REPLAYED', 'this nullifier was already used in its scope', {
            policy: p.policy,
            signals: p.signals,
          }),
          p.policy.ref,
        );
        return false;
      });
    }

    await Promise.all(settled);
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
      assertStoreFits(o.store, policies);
      requirements = requirementTable(o.requirements, policies);
      table.byRef = new Map(policies.map((p) => [p.ref, p]));
    },
    close: async () => {
      await queue.close();
      await pool?.close();
    },
  };
}

/** The required policies as a decision and receipt list them (none for stateless 'any' checks). */
function listed(required: readonly string[] | 'any' | undefined): string[] | undefined {
  return required === undefined || required === 'any' ? undefined : [...required];
}

/** The receipt's and decision's view of a limit step (decimal strings). */
function limitOf(p: Prechecked): DecisionLimit {
  const l = p.limit!;
  return {
    periodScope: l.periodScope.toString(),
    periodNullifier: l.periodNullifier.toString(),
    oldCommitment: l.oldCommitment.toString(),
    newCommitment: l.newCommitment.toString(),
    tradeValue: p.tradeValue.toString(),
  };
}

/** A policy with a cumulative limit needs a store that keeps running totals. */
function assertStoreFits(store: NullifierStore, policies: readonly CompiledPolicy[]): void {
  const limited = policies.find((p) => p.cumulativeLimit);
  if (limited && typeof store.limitCommitment !== 'function') {
    throw new VouchError(
      'CONFIG_INVALID',
      `${limited.ref} sets a cumulative limit, and the nullifier store keeps no running totals (limitCommitment)`,
    );
  }
}

function isRegistry(r: ComplianceHookOptions['registry']): r is IssuerRegistry {
  return typeof (r as IssuerRegistry).rootStatus === 'function';
}

/** Best-effort policy reference for receipts of unparseable proofs. */
function referenceOf(proof: unknown): string {
  try {
    const p = (proof as { policy?: { id?: unknown; version?: unknown } } | null)?.policy;
    return typeof p?.id === 'string' && typeof p.version === 'string'
      ? `${p.id.slice(0, 100)}@${p.version.slice(0, 50)}`
      : 'unknown';
  } catch {
    return 'unknown'; // a hostile object (a throwing getter) names no policy
  }
}
