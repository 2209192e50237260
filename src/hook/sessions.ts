/**
 * Session mode, for latency-critical venues: one policy proof binds an Ed25519 session key to a
 * venue and epoch (its tradeHash is the session-key commitment, its nullifier is per holder,
 * venue and epoch, so a holder gets one session per epoch). Afterwards each order needs only a
 * signature check by that key, within the policy's limits: TTL, order count, total notional, and
 * a per-order value no larger than the one the proof showed to be within the holder's limit.
 *
 * Counters live in this hook instance's memory: a venue running several hook processes routes a
 * session to one of them (sticky sessions). Orders are not individually receipted (a JWS per order
 * would cost more than the check); the session's opening is.
 */
import { createPublicKey, verify as verifySignature, randomBytes, type KeyObject } from 'node:crypto';
import { isVouchError } from '../errors/index.js';
import { canonicalTradeWithoutHash, marketAllowed, type CompiledPolicy } from '../policy/index.js';
import type { Prechecked } from './check-proof.js';
import { isHookRejectionCode, type HookRejectionCode, type OrderDecision, type Rejected } from './decision.js';
import type { SignaturePool } from './signature-pool.js';

export interface SessionBookOptions {
  clock: () => number;
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

  constructor(o: SessionBookOptions) {
    this.clock = o.clock;
    this.requiredFor = o.requiredFor ?? (() => 'any');
    this.maxSessions = o.maxSessions ?? 100_000;
  }

  open(p: Prechecked, now: number): string {
    const b = p.file.binding;
    const limits = p.policy.session;
    if (b.kind !== 'session' || !limits.allowed) throw new TypeError('not a session proof');
    if (this.sessions.size >= this.maxSessions) this.evictExpired(now);
    const id = `ses_${randomBytes(12).toString('base64url')}`;
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b.publicKey }, format: 'jwk' });
    this.sessions.set(id, {
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
    });
    return id;
  }

  checkOrder(sessionId: string, trade: unknown, signature: string): OrderDecision {
    const pre = this.precheckOrder(sessionId, trade);
    if ('decision' in pre) return pre.decision;
    let sig: Buffer;
    try {
      sig = Buffer.from(signature, 'base64url');
    } catch {
      return reject('SESSION_SIGNATURE_INVALID', 'the signature is not base64url', sessionId);
    }
    if (typeof signature !== 'string' || sig.length !== 64 || !verifySignature(null, Buffer.from(pre.canonical), pre.session.key, sig)) {
      return reject('SESSION_SIGNATURE_INVALID', 'the order is not signed by the session key', sessionId);
    }
    return this.commitOrder(pre);
  }

  /**
   * Many orders of one session at once: every check but the signature runs here, the signatures
   * are checked on all cores (signature-pool.ts), then the orders are admitted in their given
   * order — limits and nonces are applied one by one, exactly as if checked singly.
   */
  async checkOrders(sessionId: string, items: readonly { trade: unknown; signature: string }[], pool: SignaturePool): Promise<OrderDecision[]> {
    const out: OrderDecision[] = new Array(items.length);
    const pres: { k: number; pre: OrderPrecheck }[] = [];
    items.forEach((it, k) => {
      const pre = this.precheckOrder(sessionId, it.trade);
      if ('decision' in pre) out[k] = pre.decision;
      else if (typeof it.signature !== 'string') out[k] = reject('SESSION_SIGNATURE_INVALID', 'the signature must be a string', sessionId);
      else pres.push({ k, pre });
    });
    const s = this.sessions.get(sessionId);
    const ok = s ? await pool.verifyAll(s.keyX, pres.map((p) => p.pre.canonical), pres.map((p) => items[p.k]!.signature)) : [];
    pres.forEach(({ k, pre }, j) => {
      out[k] = ok[j] ? this.commitOrder(pre) : reject('SESSION_SIGNATURE_INVALID', 'the order is not signed by the session key', sessionId);
    });
    return out;
  }

  private precheckOrder(sessionId: string, trade: unknown): OrderPrecheck | { decision: OrderDecision } {
    const s = this.sessions.get(sessionId);
    if (!s) return { decision: reject('SESSION_UNKNOWN', 'no such session', sessionId) };
    if (s.revoked) return { decision: reject('SESSION_REVOKED', 'the session was revoked', sessionId) };
    if (this.clock() >= s.expiresAt) return { decision: reject('SESSION_EXPIRED', 'the session has expired', sessionId) };
    let t;
    try {
      t = canonicalTradeWithoutHash(trade); // the signature binds the canonical bytes; no Poseidon needed
    } catch (err) {
      if (isVouchError(err) && isHookRejectionCode(err.code)) return { decision: reject(err.code, err.message, sessionId) };
      throw err;
    }
    if (t.trade.venue !== s.venue) return { decision: reject('TRADE_MISMATCH', 'the order is for another venue', sessionId) };
    const skew = Math.abs(t.trade.time - this.clock());
    if (skew > s.policy.maxClockSkewSeconds) return { decision: reject('TRADE_TIME_SKEW', `the order’s time is ${skew}s from the venue clock (max ${s.policy.maxClockSkewSeconds}s)`, sessionId) };
    const required = this.requiredFor(t.trade.market);
    if (required === undefined) return { decision: reject('MARKET_NOT_ALLOWED', `this venue requires no policy for ${t.trade.market}`, sessionId) };
    if (required !== 'any' && !required.includes(s.policy.ref)) return { decision: reject('POLICY_NOT_REQUIRED', `${t.trade.market} requires ${required.join(' or ')} at this venue; the session is under ${s.policy.ref}`, sessionId) };
    if (!marketAllowed(s.policy, t.trade.market)) return { decision: reject('MARKET_NOT_ALLOWED', `${s.policy.ref} does not cover ${t.trade.market}`, sessionId) };
    return { session: s, canonical: t.canonical, nonce: t.trade.nonce, value: t.tradeValue };
  }

  /** Limits and replay, applied at admission time (after the signature check). */
  private commitOrder(o: OrderPrecheck): OrderDecision {
    const s = o.session;
    if (s.revoked) return reject('SESSION_REVOKED', 'the session was revoked', s.id);
    if (s.nonces.has(o.nonce)) return reject('SESSION_ORDER_REPLAYED', 'this order was already submitted', s.id);
    if (o.value > s.maxOrderValue) return reject('SESSION_LIMIT_EXCEEDED', 'the order is larger than the session proved', s.id);
    if (s.orders + 1 > s.maxOrders) return reject('SESSION_LIMIT_EXCEEDED', 'the session’s order count is exhausted', s.id);
    if (s.notional + o.value > s.maxNotional) return reject('SESSION_LIMIT_EXCEEDED', 'the session’s notional is exhausted', s.id);
    s.nonces.add(o.nonce);
    s.orders += 1;
    s.notional += o.value;
    return { allowed: true, sessionId: s.id, policyId: s.policy.policyIdHex, policyHash: s.policy.policyHash.toString() };
  }

  revoke(sessionId: string): boolean {
    const s = this.sessions.get(sessionId);
    if (!s || s.revoked) return false;
    s.revoked = true;
    return true;
  }

  stats(sessionId: string): { orders: number; notional: bigint; expiresAt: number; revoked: boolean } | undefined {
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
