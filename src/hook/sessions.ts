/**
 * Session mode, for latency-critical venues: one policy proof binds an Ed25519 session key to a
 * venue and epoch (its tradeHash is the session-key commitment, its nullifier is per holder,
 * venue and epoch, so a holder gets one session per epoch). Afterwards each order needs only a
 * signature check by that key, within the policy's limits: TTL, order count, total notional, and
 * a per-order value no larger than the one the proof showed to be within the holder's limit.
 *
 * Where the counters live: by default in this hook instance's memory (a venue running several hook
 * processes then routes a session to one of them — sticky sessions). With a `store` (PostgreSQL,
 * pg-session-store.ts) the session and its counters are shared: a session opened through one
 * process can be used through any other, and the store applies each order's limits and nonce in
 * one atomic step, so concurrent orders at different processes can never exceed them. What a
 * process caches is only what never changes (key, policy, limits). Orders are not individually
 * receipted (a JWS per order would cost more than the check); the session's opening is.
 */
import { createPublicKey, verify as verifySignature, randomBytes, type KeyObject } from 'node:crypto';
import { isVouchError } from '../errors/index.js';
import { canonicalTradeWithoutHash, marketAllowed, type CompiledPolicy } from '../policy/index.js';
import type { Prechecked } from './check-proof.js';
import { isHookRejectionCode, type HookRejectionCode, type OrderDecision, type Rejected } from './decision.js';
import type { SignaturePool } from './signature-pool.js';

/** What a shared store keeps of a session: fixed at opening. */
export interface SharedSession {
  id: string;
  policyRef: string;
  venue: string;
  keyX: string;
  maxOrderValue: bigint;
  openedAt: number;
  expiresAt: number;
  maxOrders: number;
  maxNotional: bigint;
}

/** Why a shared store refused an order ('ok': counted). */
export type CommitOutcome = 'ok' | 'unknown' | 'revoked' | 'replayed' | 'orders' | 'notional';

/** Sessions shared by several hook processes (see pg-session-store.ts). */
export interface SessionStore {
  open(s: SharedSession): Promise<void>;
  /** The session, or undefined; `revoked` as of now. */
  get(id: string): Promise<(SharedSession & { revoked: boolean }) | undefined>;
  /** Atomically: not revoked, nonce unused, count and notional within limits → count it. */
  commit(id: string, nonce: string, value: bigint): Promise<CommitOutcome>;
  revoke(id: string): Promise<boolean>;
  stats(id: string): Promise<{ orders: number; notional: bigint; expiresAt: number; revoked: boolean } | undefined>;
}

export interface SessionBookOptions {
  clock: () => number;
  /** Shared sessions (several processes); default: this process's memory. */
  store?: SessionStore;
  /** The policies a shared session may name (by ref), to rebuild one opened by another process. */
  policyFor?: (ref: string) => CompiledPolicy | undefined;
  /** The venue's requirements: an order's market must require the session's policy. */
  requiredFor?: (market: string) => readonly string[] | 'any' | undefined;
  /** Most sessions kept (oldest expired ones are dropped first). */
  maxSessions?: number;
}

interface Session {
  id: string;
  /** The session key's raw x (base64url), for the signature pool. */
  keyX: string;
  policy: CompiledPolicy;
  venue: string;
  key: KeyObject;
  maxOrderValue: bigint;
  expiresAt: number;
  maxOrders: number;
  maxNotional: bigint;
  orders: number;
  notional: bigint;
  nonces: Set<string>;
  revoked: boolean;
}

export class SessionBook {
  private readonly sessions = new Map<string, Session>();
  private readonly clock: () => number;
  private readonly maxSessions: number;
  private readonly requiredFor: NonNullable<SessionBookOptions['requiredFor']>;

  private readonly store: SessionStore | undefined;
  private readonly policyFor: (ref: string) => CompiledPolicy | undefined;

  constructor(o: SessionBookOptions) {
    this.clock = o.clock;
    this.store = o.store;
    this.policyFor = o.policyFor ?? (() => undefined);
    this.requiredFor = o.requiredFor ?? (() => 'any');
    this.maxSessions = o.maxSessions ?? 100_000;
  }

  newId(): string {
    return `ses_${randomBytes(12).toString('base64url')}`;
  }

  async open(p: Prechecked, now: number, id: string = this.newId()): Promise<string> {
    const b = p.file.binding;
    const limits = p.policy.session;
    if (b.kind !== 'session' || !limits.allowed) throw new TypeError('not a session proof');
    if (this.sessions.size >= this.maxSessions) this.evictExpired(now);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b.publicKey }, format: 'jwk' });
    const s: Session = {
      id,
      keyX: b.publicKey,
      policy: p.policy,
      venue: b.venue,
      key,
      maxOrderValue: p.signals.tradeValue,
      expiresAt: now + limits.ttlSeconds,
      maxOrders: limits.maxOrders,
      maxNotional: limits.maxNotional,
      orders: 0,
      notional: 0n,
      nonces: new Set(),
      revoked: false,
    };
    if (this.store) {
      await this.store.open({
        id,
        policyRef: p.policy.ref,
        venue: s.venue,
        keyX: s.keyX,
        maxOrderValue: s.maxOrderValue,
        openedAt: now,
        expiresAt: s.expiresAt,
        maxOrders: s.maxOrders,
        maxNotional: s.maxNotional,
      });
    }
    this.sessions.set(id, s);
    return id;
  }

  /** The session from this process's cache, or (shared store) as another process opened it. */
  private async session(id: string): Promise<Session | undefined> {
    const cached = this.sessions.get(id);
    if (cached || !this.store || typeof id !== 'string') return cached;
    const row = await this.store.get(id);
    const policy = row && this.policyFor(row.policyRef);
    if (!row || !policy) return undefined;
    const s: Session = {
      id,
      keyX: row.keyX,
      policy,
      venue: row.venue,
      key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: row.keyX }, format: 'jwk' }),
      maxOrderValue: row.maxOrderValue,
      expiresAt: row.expiresAt,
      maxOrders: row.maxOrders,
      maxNotional: row.maxNotional,
      orders: 0,
      notional: 0n,
      nonces: new Set(),
      revoked: row.revoked,
    };
    if (this.sessions.size >= this.maxSessions) this.evictExpired(this.clock());
    this.sessions.set(id, s);
    return s;
  }

  async checkOrder(sessionId: string, trade: unknown, signature: string): Promise<OrderDecision> {
    const pre = this.precheckOrder(await this.session(sessionId), sessionId, trade);
    if ('decision' in pre) return pre.decision;
    let sig: Buffer;
    try {
      sig = Buffer.from(signature, 'base64url');
    } catch {
      return reject('SESSION_SIGNATURE_INVALID', 'the signature is not base64url', sessionId);
    }
    if (
      typeof signature !== 'string' ||
      sig.length !== 64 ||
      !verifySignature(null, Buffer.from(pre.canonical), pre.session.key, sig)
    ) {
      return reject('SESSION_SIGNATURE_INVALID', 'the order is not signed by the session key', sessionId);
    }
    return this.commitOrder(pre);
  }

  /**
   * Many orders of one session at once: every check but the signature runs here, the signatures
   * are checked on all cores (signature-pool.ts), then the orders are admitted in their given
   * order — limits and nonces are applied one by one, exactly as if checked singly.
   */
  async checkOrders(
    sessionId: string,
    items: readonly { trade: unknown; signature: string }[],
    pool: SignaturePool,
  ): Promise<OrderDecision[]> {
    const out: OrderDecision[] = new Array(items.length);
    const pres: { k: number; pre: OrderPrecheck }[] = [];
    const s = await this.session(sessionId);
    items.forEach((it, k) => {
      const pre = this.precheckOrder(s, sessionId, it.trade);
      if ('decision' in pre) out[k] = pre.decision;
      else if (typeof it.signature !== 'string')
        out[k] = reject('SESSION_SIGNATURE_INVALID', 'the signature must be a string', sessionId);
      else pres.push({ k, pre });
    });
    const ok = s
      ? await pool.verifyAll(
          s.keyX,
          pres.map((p) => p.pre.canonical),
          pres.map((p) => items[p.k]!.signature),
        )
      : [];
    // in the given order: each order's limits apply after the previous order's
    for (const [j, { k, pre }] of pres.entries()) {
      out[k] = ok[j]
        ? await this.commitOrder(pre)
        : reject('SESSION_SIGNATURE_INVALID', 'the order is not signed by the session key', sessionId);
    }
    return out;
  }

  private precheckOrder(
    s: Session | undefined,
    sessionId: string,
    trade: unknown,
  ): OrderPrecheck | { decision: OrderDecision } {
    if (!s) return { decision: reject('SESSION_UNKNOWN', 'no such session', sessionId) };
    if (s.revoked) return { decision: reject('SESSION_REVOKED', 'the session was revoked', sessionId) };
    if (this.clock() >= s.expiresAt)
      return { decision: reject('SESSION_EXPIRED', 'the session has expired', sessionId) };
    let t;
    try {
      t = canonicalTradeWithoutHash(trade); // the signature binds the canonical bytes; no Poseidon needed
    } catch (err) {
      if (isVouchError(err) && isHookRejectionCode(err.code))
        return { decision: reject(err.code, err.message, sessionId) };
      throw err;
    }
    if (t.trade.venue !== s.venue)
      return { decision: reject('TRADE_MISMATCH', 'the order is for another venue', sessionId) };
    const skew = Math.abs(t.trade.time - this.clock());
    if (skew > s.policy.maxClockSkewSeconds)
      return {
        decision: reject(
          'TRADE_TIME_SKEW',
          `the order’s time is ${skew}s from the venue clock (max ${s.policy.maxClockSkewSeconds}s)`,
          sessionId,
        ),
      };
    const required = this.requiredFor(t.trade.market);
    if (required === undefined)
      return {
        decision: reject('MARKET_NOT_ALLOWED', `this venue requires no policy for ${t.trade.market}`, sessionId),
      };
    if (required !== 'any' && !required.includes(s.policy.ref))
      return {
        decision: reject(
          'POLICY_NOT_REQUIRED',
          `${t.trade.market} requires ${required.join(' or ')} at this venue; the session is under ${s.policy.ref}`,
          sessionId,
        ),
      };
    if (!marketAllowed(s.policy, t.trade.market))
      return { decision: reject('MARKET_NOT_ALLOWED', `${s.policy.ref} does not cover ${t.trade.market}`, sessionId) };
    return { session: s, canonical: t.canonical, nonce: t.trade.nonce, value: t.tradeValue };
  }

  /** Limits and replay, applied at admission time (after the signature check). */
  private commitOrder(o: OrderPrecheck): OrderDecision | Promise<OrderDecision> {
    const s = o.session;
    if (o.value > s.maxOrderValue)
      return reject('SESSION_LIMIT_EXCEEDED', 'the order is larger than the session proved', s.id);
    if (this.store) return this.store.commit(s.id, o.nonce, o.value).then((outcome) => this.outcome(s, outcome));
    if (s.revoked) return reject('SESSION_REVOKED', 'the session was revoked', s.id);
    if (s.nonces.has(o.nonce)) return reject('SESSION_ORDER_REPLAYED', 'this order was already submitted', s.id);
    if (s.orders + 1 > s.maxOrders)
      return reject('SESSION_LIMIT_EXCEEDED', 'the session’s order count is exhausted', s.id);
    if (s.notional + o.value > s.maxNotional)
      return reject('SESSION_LIMIT_EXCEEDED', 'the session’s notional is exhausted', s.id);
    s.nonces.add(o.nonce);
    s.orders += 1;
    s.notional += o.value;
    return this.outcome(s, 'ok');
  }

  private outcome(s: Session, outcome: CommitOutcome): OrderDecision {
    switch (outcome) {
      case 'ok':
        return {
          allowed: true,
          sessionId: s.id,
          policyId: s.policy.policyIdHex,
          policyHash: s.policy.policyHash.toString(),
        };
      case 'unknown':
        return reject('SESSION_UNKNOWN', 'no such session', s.id);
      case 'revoked':
        s.revoked = true;
        return reject('SESSION_REVOKED', 'the session was revoked', s.id);
      case 'replayed':
        return reject('SESSION_ORDER_REPLAYED', 'this order was already submitted', s.id);
      case 'orders':
        return reject('SESSION_LIMIT_EXCEEDED', 'the session’s order count is exhausted', s.id);
      case 'notional':
        return reject('SESSION_LIMIT_EXCEEDED', 'the session’s notional is exhausted', s.id);
    }
  }

  async revoke(sessionId: string): Promise<boolean> {
    const s = this.sessions.get(sessionId);
    if (this.store) {
      const done = await this.store.revoke(sessionId);
      if (s) s.revoked = true;
      return done;
    }
    if (!s || s.revoked) return false;
    s.revoked = true;
    return true;
  }

  async stats(
    sessionId: string,
  ): Promise<{ orders: number; notional: bigint; expiresAt: number; revoked: boolean } | undefined> {
    if (this.store) return this.store.stats(sessionId);
    const s = this.sessions.get(sessionId);
    return s && { orders: s.orders, notional: s.notional, expiresAt: s.expiresAt, revoked: s.revoked };
  }

  private evictExpired(now: number): void {
    for (const [id, s] of this.sessions) if (s.expiresAt <= now || s.revoked) this.sessions.delete(id);
  }
}

interface OrderPrecheck {
  session: Session;
  canonical: string;
  nonce: string;
  value: bigint;
}

function reject(code: HookRejectionCode, reason: string, sessionId: string): Rejected {
  return { allowed: false, code, reason, sessionId };
}
