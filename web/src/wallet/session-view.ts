/**
 * Session mode in the wallet: one proof, made on this device, binds a browser-held Ed25519 key
 * (session-key.ts) to the venue and the current epoch (POST /v1/sessions); each order after that
 * is only signed by that key (POST /v1/sessions/{id}/orders) — the bytes signed are the trade's
 * canonical JSON, the ones the venue checks (src/hook/sessions.ts). The limits left are counted
 * here from the policy's session limits and the venue's decisions; the venue enforces them, and
 * its refusals (SESSION_ORDER_REPLAYED, SESSION_LIMIT_EXCEEDED, …) are shown with their code.
 */
import type { PolicyDocument } from '../../../src/policy/index.js';
import { api } from '../lib/api.js';
import { $, h } from '../lib/dom.js';
import type { SessionKey } from './session-key.js';
import {
  assertSatisfiable,
  prove,
  provingFlow,
  tradeFromForm,
  walletAction,
  walletLibrary,
  walletState,
  warnOfSkew,
} from './wallet-view.js';

interface OpenSession {
  id: string;
  key: SessionKey;
  policy: string;
  expiresAt: number;
  maxOrders: number;
  /** Hundredths, as the venue counts them. */
  maxNotional: bigint;
  maxOrderValue: bigint;
  orders: number;
  notional: bigint;
  last?: { trade: unknown; signature: string };
}

let session: OpenSession | undefined;

/** "6000" or "6000.5" (major units) → hundredths. */
function hundredths(text: string): bigint {
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m)
    throw Object.assign(new Error('the largest order value must be a number with at most two decimals'), {
      code: 'INPUT_INVALID',
    });
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

const money = (v: bigint) => `${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`;

function renderLimits(): void {
  const dl = $('session-limits');
  dl.replaceChildren();
  if (!session) return;
  const item = (k: string, v: string, name: string) => dl.append(h('dt', {}, k), h('dd', { 'data-limit': name }, v));
  item('Session', session.id, 'id');
  item('Orders left', `${session.maxOrders - session.orders} of ${session.maxOrders}`, 'orders');
  item(
    'Notional left',
    `${money(session.maxNotional - session.notional)} of ${money(session.maxNotional)}`,
    'notional',
  );
  item('Largest order', money(session.maxOrderValue), 'order');
  item('Expires', new Date(session.expiresAt * 1000).toISOString().replace('.000', ''), 'expires');
  item(
    'Session key',
    `Ed25519 (${session.key.engine === 'webcrypto' ? 'non-extractable, WebCrypto' : 'in page memory'})`,
    'key',
  );
  $<HTMLButtonElement>('session-order').disabled = false;
  $<HTMLButtonElement>('session-replay').disabled = !session.last;
}

async function submitOrder(trade: unknown, signature: string): Promise<void> {
  if (!session) return;
  const { canonicalTradeWithoutHash } = await walletLibrary();
  const key = $<HTMLInputElement>('venue-key').value.trim();
  const d = await api<{ allowed: boolean; code?: string; reason?: string }>(
    `/v1/sessions/${encodeURIComponent(session.id)}/orders`,
    { key, body: { trade, signature } },
  );
  const out = $('session-decision');
  out.className = d.allowed ? 'ok' : 'bad';
  if (d.allowed) {
    session.orders += 1;
    session.notional += canonicalTradeWithoutHash(trade).tradeValue;
    out.textContent = `Order admitted (signed by the session key; no new proof).`;
  } else {
    out.textContent = `Order refused: ${d.code}: ${d.reason ?? ''}`;
  }
  renderLimits();
}

export function initSession(): void {
  $('open-session').addEventListener(
    'click',
    walletAction(async () => {
      const { holder, credential } = walletState();
      if (!holder || !credential) return;
      session = undefined;
      renderLimits();
      const status = $('session-status');
      status.textContent = 'Preparing the session proof…';
      $('session-decision').textContent = '';
      $<HTMLButtonElement>('session-order').disabled = true;
      $<HTMLButtonElement>('session-replay').disabled = true;
      await provingFlow(status, 'The session was not opened', async () => {
        const key = $<HTMLInputElement>('venue-key').value.trim();
        const ref = $<HTMLSelectElement>('policy').value;
        const { document } = await api<{ document: PolicyDocument }>(`/v1/policies/${encodeURIComponent(ref)}`, {
          key,
        });
        if (!document.session.allowed)
          throw Object.assign(new Error(`${ref} does not allow sessions: prove each trade instead`), {
            code: 'SESSION_NOT_ALLOWED',
          });
        if (document.nullifierScope.mode === 'per-trade')
          throw Object.assign(
            new Error(
              `${ref} has per-trade nullifiers (no epochs), so one proof cannot carry a session: prove each trade instead`,
            ),
            { code: 'SESSION_NOT_ALLOWED' },
          );
        assertSatisfiable(ref, document);
        warnOfSkew(ref, document);
        const maxOrderValue = hundredths($<HTMLInputElement>('session-max-order').value);
        const venue = tradeFromForm().venue;
        const sessionKey = await (await walletLibrary()).createSessionKey();
        const now = Math.floor(Date.now() / 1000);
        status.textContent = 'Proving the session on this device…';
        const registry = await api('/v1/registry');
        const { proof, ms } = await prove(
          {
            holder,
            credential,
            policy: document,
            registry,
            session: { publicKey: sessionKey.publicKey, venue, maxOrderValue: maxOrderValue.toString(), now },
          },
          status, // the session's own status line, not the trade box's
        );
        status.textContent = `Session proof made in ${(ms / 1000).toFixed(1)} s; the venue is checking it…`;
        const d = await api<{ allowed: boolean; code?: string; reason?: string; sessionId?: string }>('/v1/sessions', {
          key,
          body: { proof },
        });
        if (!d.allowed || !d.sessionId) {
          status.textContent = `Session refused: ${d.code}: ${d.reason ?? ''}`;
          return;
        }
        session = {
          id: d.sessionId,
          key: sessionKey,
          policy: ref,
          expiresAt: now + document.session.ttlSeconds,
          maxOrders: document.session.maxOrders,
          maxNotional: hundredths(document.session.maxNotional),
          maxOrderValue,
          orders: 0,
          notional: 0n,
        };
        status.textContent = `Session open under ${ref} (proved in ${(ms / 1000).toFixed(1)} s). Orders now need only the session key's signature.`;
        renderLimits();
      });
    }),
  );
  $('session-order').addEventListener(
    'click',
    walletAction(async () => {
      if (!session) return;
      const { canonicalTradeWithoutHash } = await walletLibrary();
      const trade = tradeFromForm();
      const signature = await session.key.sign(canonicalTradeWithoutHash(trade).canonical);
      session.last = { trade, signature };
      await submitOrder(trade, signature);
    }),
  );
  $('session-replay').addEventListener(
    'click',
    walletAction(async () => {
      if (session?.last) await submitOrder(session.last.trade, session.last.signature);
    }),
  );
}
