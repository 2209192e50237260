/**
 * `npm run demo` works as the README promises: every step succeeds through the public CLI and
 * HTTP API, and the auditor's offline verification holds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('runs every step and ends with the auditor’s offline verification holding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-demo-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/vouch-demo.mjs')], {
      cwd: ROOT,
      env: { ...process.env, VOUCH_DEMO_DIR: dir },
      encoding: 'utf8',
      timeout: 600_000,
    });
    const out = r.stdout;
    expect(r.stderr).not.toMatch(/demo failed/);
    expect(r.status).toBe(0);
    expect(out, 'piped output is plain text').not.toMatch(/\x1b\[/);
    // the policy narration lists every predicate the venue enforces, not the first two
    expect(out).toMatch(
      /1\. The holder's jurisdiction[\s\S]*2\. The holder's KYC level[\s\S]*3\. The holder is verified to be 18[\s\S]*4\. The holder's last sanctions/,
    );
    // secrets the demo writes are readable by their owner only
    for (const secret of [
      'api-keys.json',
      'alice-holder.json',
      'bob-holder.json',
      'alice-credential.json',
      'bundle.json',
    ]) {
      expect(statSync(join(dir, secret)).mode & 0o777, secret).toBe(0o600);
    }
    expect(out).toMatch(/allowed: true; nullifier/);
    expect(out).toMatch(/allowed: false, code NULLIFIER_REPLAYED/);
    expect(out).toMatch(/his prover refuses at once: POLICY_UNSATISFIED/);
    expect(out).toMatch(/is refused: TRADE_MISMATCH/);
    expect(out).toMatch(/Alice can no longer prove: CREDENTIAL_REVOKED/);
    expect(out).toMatch(/CARF XML .* → /);
    expect(out).toMatch(/all checks hold/);
    // accountable privacy: a 3-of-5 committee, an escrow-required trade, an unmasking through the log
    expect(out).toMatch(/all five computed the same committee key from the same transcript \(digests match\)/);
    expect(out).toMatch(/allowed: true; the venue checked the key is the registry's current committee key/);
    expect(out).toMatch(/a member refuses: UNMASK_CHECKPOINT_STALE/);
    expect(out).toMatch(/two shares are not enough: ESCROW_NOT_ENOUGH_SHARES/);
    const m = /recovered: issuer #\d+ of the issuer set, credential #(\d+) \(Carol's is #(\d+)\)/.exec(out);
    expect(m?.[1]).toBe(m?.[2]);
    expect(out).toMatch(
      /audit: request #\d+ by FIU Germany \(AMLR art\. 50, court order 2026\/17\): recovered by members 1, 3, 5/,
    );
    expect(out).toMatch(/with escrow and\/or a cumulative limit \(accountable variant\): \d+ constraints/);
    expect(statSync(join(dir, 'escrow', 'outcome.json')).mode & 0o777).toBe(0o600);
  }, 600_000);
});

describe('npm run example:venue', () => {
  it('admits the compliant order and refuses the replay and the non-compliant holder', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/example-venue.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/order 1 \(Alice, compliant\)\s+-> HTTP 201 ADMITTED/);
    expect(r.stdout).toMatch(/order 1 again \(replay\)\s+-> HTTP 409 NULLIFIER_REPLAYED/);
    expect(r.stdout).toMatch(/Bob cannot prove: POLICY_UNSATISFIED/);
    expect(r.stdout).toMatch(/HTTP 422 TRADE_MISMATCH/);
  }, 300_000);
});
