/** `vouch policy check|explain|hash`: real processes; JSON output checked against the library. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/index.js';
import { docWith, POLICIES_DIR } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-policy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MICA = join(POLICIES_DIR, 'eu-mica-retail-spot.json');

function vouch(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vouch policy (CLI)', () => {
  it('hash --json prints policyHash and policyId as the library computes them', async () => {
    const r = vouch('policy', 'hash', MICA, '--json');
    expect(r.status).toBe(0);
    const p = await loadPolicy(MICA);
    expect(JSON.parse(r.stdout)).toEqual({
      id: 'eu-mica-retail-spot',
      version: '1.0.0',
      ref: 'eu-mica-retail-spot@1.0.0',
      policyHash: p.policyHash.toString(),
      policyHashHex: p.policyHashHex,
      policyId: p.policyId.toString(),
      policyIdHex: p.policyIdHex,
    });
  });

  it('check reports usage of the circuit limits; explain prints sentences', () => {
    const check = vouch('policy', 'check', MICA, '--json');
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({
      valid: true,
      complexity: { predicates: 4, setValues: 30, maxPredicates: 8, maxSetValues: 32 },
    });
    const explain = vouch('policy', 'explain', MICA);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain('The holder is verified to be 18 or older.');
  });

  it('check fails with exit 3, the code and the JSON path', () => {
    const f = join(dir, 'bad.json');
    writeFileSync(
      f,
      JSON.stringify(
        docWith((d) => {
          d.predicates[1].value = 9;
        }),
      ),
    );
    const r = vouch('policy', 'check', f, '--json');
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'POLICY_INVALID',
      details: { path: '$.predicates[1].value', file: f },
    });
    const text = vouch('policy', 'check', f);
    expect(text.stderr).toContain('error POLICY_INVALID: bad.json: $.predicates[1].value');
  });
});
