/**
 * The regulator view: one proof, one trade, one policy document. The policy is compiled and
 * explained here (the library's own compilePolicy / explainPolicy), its hash compared with the
 * one the proof commits to, and the proof checked statelessly by the service (POST /v1/verify:
 * no replay memory, nothing recorded).
 */
import { compilePolicy, explainPolicy } from '../../src/policy/index.js';
import { api } from './lib/api.js';
import { $, parseJson, showError } from './lib/dom.js';

export function initRegulator(): void {
  $('reg-verify').addEventListener('click', async () => {
    const error = $('regulator-error');
    const verdict = $('reg-verdict');
    showError(error, undefined);
    verdict.textContent = '';
    $('reg-explanation').textContent = '';
    try {
      const proof = parseJson($<HTMLTextAreaElement>('reg-proof').value.trim(), 'the proof') as {
        policy?: { policyHash?: string };
      };
      const trade = parseJson($<HTMLTextAreaElement>('reg-trade').value.trim(), 'the trade');
      const doc = parseJson($<HTMLTextAreaElement>('reg-policy').value.trim(), 'the policy document');
      const policy = compilePolicy(doc);
      $('reg-explanation').textContent = explainPolicy(doc);
      if (proof?.policy?.policyHash !== policy.policyHash.toString()) {
        verdict.className = 'bad';
        verdict.textContent = `Not under this policy: POLICY_HASH_MISMATCH: the proof commits to another policy than ${policy.ref}`;
        return;
      }
      const d = await api<{ allowed: boolean; code?: string; reason?: string; policy?: string }>('/v1/verify', {
        key: $<HTMLInputElement>('reg-key').value.trim(),
        body: { trade, proof },
      });
      verdict.className = d.allowed ? 'ok' : 'bad';
      verdict.textContent = d.allowed
        ? `Valid: the proof shows this trade's holder satisfies ${d.policy ?? policy.ref}.`
        : `Invalid: ${d.code}: ${d.reason ?? ''}`;
    } catch (err) {
      showError(error, err);
    }
  });
}
