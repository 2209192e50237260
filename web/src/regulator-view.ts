/**
 * The regulator view: one proof, one trade, one policy document, checked in this browser by
 * `verifyProofOffline` from `vouch/verifier` — the service's own stateless check (checkStateless
 * over a hook without replay memory), Groth16 included — against the verifying key committed with
 * the circuit (built into this page) or a production ceremony's key from a file, and the issuers'
 * registry.json (from a file, or this service's public GET /v1/registry, which verifies itself).
 * No verdict is asked of the service. The verifier code is a separate chunk, loaded on first use.
 */
import { explainPolicy } from '../../src/policy/index.js';
import { api } from './lib/api.js';
import { markedCountryName, renderCountryText } from './lib/countries.js';
import { $, fileOrText, h, parseJson, showError } from './lib/dom.js';

const LABELS: Record<string, string> = {
  'proof-file': 'Proof file well formed',
  policy: 'Proof is for this policy document (policyHash)',
  'trade-binding': 'Proof bound to this trade',
  time: 'Proof time within the policy’s clock skew',
  'issuer-registry': 'Issuer set root trusted (registry)',
  'escrow-and-limit': 'Escrow key and cumulative limit',
  groth16: 'Groth16 proof verifies (verifying key)',
};
const STATUS: Record<string, string> = {
  passed: 'passed',
  failed: 'FAILED',
  'not-reached': 'not reached',
  'not-applicable': 'not applicable',
};

/** The registry this service publishes, when the regulator chose it instead of a file. */
let servedRegistry: unknown;

/** "as of": Unix seconds or an ISO date-time; empty: the trade's own time (else now). */
function checkTime(input: string, trade: unknown): number {
  const s = input.trim();
  if (!s) {
    const t = (trade as { time?: unknown } | null)?.time;
    return typeof t === 'number' && Number.isInteger(t) ? t : Math.floor(Date.now() / 1000);
  }
  if (/^[0-9]{1,12}$/.test(s)) return Number(s);
  const ms = Date.parse(s);
  if (Number.isNaN(ms))
    throw Object.assign(new Error('the time to check at is neither Unix seconds nor an ISO date-time'), {
      code: 'INPUT_INVALID',
    });
  return Math.floor(ms / 1000);
}

export function initRegulator(): void {
  $('reg-use-service').addEventListener('click', async () => {
    const error = $('regulator-error');
    showError(error, undefined);
    try {
      servedRegistry = await api('/v1/registry');
      const sets = (servedRegistry as { sets?: unknown[] }).sets?.length ?? 0;
      $('reg-registry-status').textContent =
        `Using this service’s registry (${sets} issuer sets) unless you choose a file; it is checked here (issuer signatures, log proofs), not trusted.`;
    } catch (err) {
      showError(error, err);
    }
  });

  $('reg-verify').addEventListener('click', async () => {
    const error = $('regulator-error');
    const verdict = $('reg-verdict');
    const table = $<HTMLTableElement>('reg-checks');
    showError(error, undefined);
    verdict.textContent = '';
    verdict.className = '';
    table.hidden = true;
    $('reg-explanation').textContent = '';
    try {
      const proof = parseJson($<HTMLTextAreaElement>('reg-proof').value.trim(), 'the proof');
      const trade = parseJson($<HTMLTextAreaElement>('reg-trade').value.trim(), 'the trade');
      const doc = parseJson($<HTMLTextAreaElement>('reg-policy').value.trim(), 'the policy document');
      const registryText = await fileOrText($<HTMLInputElement>('reg-registry'));
      const registry =
        registryText || servedRegistry === undefined ? parseJson(registryText, 'the registry') : servedRegistry;
      const keyText = await fileOrText($<HTMLInputElement>('reg-vkey'));
      const now = checkTime($<HTMLInputElement>('reg-now').value, trade);
      verdict.textContent = 'Checking in this browser…';

      const v = await import('../../src/entry/verifier.js');
      const policy = v.compilePolicy(doc);
      // a country name not in the page's language is marked with its own (WCAG 3.1.2)
      renderCountryText($('reg-explanation'), explainPolicy(doc, { countryName: markedCountryName }));
      const committed = {
        policy: (await import('../../circuits/build/policy.vkey.json', { with: { type: 'json' } })).default,
        'policy-accountable': (
          await import('../../circuits/build/policy-accountable/policy-accountable.vkey.json', {
            with: { type: 'json' },
          })
        ).default,
      };
      const verifyingKeys = keyText
        ? { [policy.circuitName]: parseJson(keyText, 'the verifying key') }
        : (committed as Record<string, unknown>);
      const prior = $<HTMLInputElement>('reg-prior').value.trim();
      const logKey = $<HTMLInputElement>('reg-log-key').value.trim();
      const r = await v.verifyProofOffline({
        policy,
        trade,
        proof,
        registry,
        now,
        verifyingKeys: verifyingKeys as never,
        allowDevArtifacts: $<HTMLInputElement>('reg-allow-dev').checked,
        ...(prior ? { priorCommitment: prior } : {}),
        ...(logKey ? { logKey } : {}),
      });

      const body = table.tBodies[0]!;
      body.replaceChildren();
      for (const c of r.checks) {
        body.append(
          h(
            'tr',
            { 'data-check': c.name, 'data-status': c.status },
            h('th', { scope: 'row' }, LABELS[c.name] ?? c.name),
            h('td', { class: c.status === 'passed' ? 'ok' : c.status === 'failed' ? 'bad' : '' }, STATUS[c.status]!),
            h('td', {}, c.status === 'failed' ? `${c.code}: ${c.detail ?? ''}` : ''),
          ),
        );
      }
      table.hidden = false;
      const at = new Date(now * 1000).toISOString();
      const dev = r.devKey ? ' (under the dev ceremony’s key: anyone can forge such a proof; development only)' : '';
      verdict.className = r.allowed ? 'ok' : 'bad';
      verdict.textContent = r.allowed
        ? `Valid as of ${at}: the proof shows this trade’s holder satisfies ${policy.ref}${dev}.${r.verdict?.allowed && r.verdict.limitCheck ? ` ${r.verdict.limitCheck.meaning}` : ''}`
        : `Invalid as of ${at}: ${r.code}: ${r.reason ?? ''}`;
    } catch (err) {
      verdict.textContent = '';
      showError(error, err);
    }
  });
}
