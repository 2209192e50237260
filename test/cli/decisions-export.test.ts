/**
 * An embedded hook's recorded decisions reach the compliance report: decisions recorded with the
 * hook's own recorder (decisionRecorder, as `onDecision` in the README's venue program) into a
 * venue's SQLite file are exported by `vouch decisions export` and summed by `vouch report
 * compliance` exactly; the export carries no nullifier, trade hash or receipt, filters by venue and
 * time, refuses to overwrite, and refuses a database file that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import type { Decision } from '../../src/hook/decision.js';
import { decisionRecorder } from '../../src/hook/record-decisions.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-decisions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vouch(args: string[]): { status: number | null; json: any; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', ...args, '--json'], { encoding: 'utf8', timeout: 300_000 });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, json, stdout: r.stdout, stderr: r.stderr };
}

const admitted = (sessionId?: string): Decision => ({
  allowed: true,
  policy: 'eu-mica-retail-spot@1.0.0',
  policyId: '0x01',
  policyHash: '1',
  nullifier: '12345678901234567890',
  tradeHash: '98765',
  receipt: 'eyJhbGciOiJFZERTQSJ9.receipt.sig',
  ...(sessionId ? { sessionId } : {}),
});
const refused = (code: 'NULLIFIER_REPLAYED' | 'PROOF_INVALID'): Decision => ({
  allowed: false,
  code,
  reason: 'refused',
  receipt: 'eyJhbGciOiJFZERTQSJ9.refusal.sig',
});

describe('vouch decisions export', () => {
  it('exports the decisions an embedded hook recorded into the file report compliance reads', () => {
    const venueDb = join(dir, 'venue.sqlite');
    const handle = openDatabase({ path: venueDb });
    const record = decisionRecorder({ db: handle.db, venue: 'my-venue' });
    const other = decisionRecorder({ db: handle.db, venue: 'other-venue' });
    const at = (iso: string) => Date.parse(iso) / 1000;
    record({ at: at('2026-01-05T10:00:00Z'), policyRef: 'eu-mica-retail-spot@1.0.0', decision: admitted() });
    record({
      at: at('2026-01-05T10:00:01Z'),
      policyRef: 'eu-mica-retail-spot@1.0.0',
      decision: refused('NULLIFIER_REPLAYED'),
    });
    record({ at: at('2026-02-01T00:00:00Z'), policyRef: 'eu-mica-retail-spot@1.0.0', decision: admitted('s1') });
    record({
      at: at('2027-01-01T00:00:00Z'),
      policyRef: 'eu-mica-retail-spot@1.0.0',
      decision: refused('PROOF_INVALID'),
    }); // outside the year
    other({
      at: at('2026-01-07T00:00:00Z'),
      policyRef: 'eu-mica-retail-spot@1.0.0',
      decision: refused('PROOF_INVALID'),
    }); // another venue
    record.close();
    other.close();
    handle.close();

    const out = join(dir, 'decisions.json');
    const exported = vouch([
      'decisions',
      'export',
      '--database',
      venueDb,
      '--venue',
      'my-venue',
      '--from',
      '2026-01-01T00:00:00Z',
      '--to',
      '2027-01-01T00:00:00Z',
      '--out',
      out,
    ]);
    expect(exported.status, exported.stdout + exported.stderr).toBe(0);
    expect(exported.json).toMatchObject({ decisions: 3, allowed: 2, rejected: 1 });
    const text = readFileSync(out, 'utf8');
    for (const secret of ['12345678901234567890', '98765', 'receipt.sig', 'refusal.sig'])
      expect(text).not.toContain(secret);

    const report = vouch(['report', 'compliance', '--decisions', out, '--period', 'month']);
    expect(report.status, report.stdout + report.stderr).toBe(0);
    expect(report.json.totals).toEqual({ decisions: 3, allowed: 2, rejected: 1, rejectionRate: '0.3333' });
    expect(report.json.policies[0].periods).toHaveLength(2);

    const again = vouch(['decisions', 'export', '--database', venueDb, '--out', out]);
    expect([again.status, again.json?.error?.code]).toEqual([3, 'CONFLICT']);
    const all = vouch(['decisions', 'export', '--database', venueDb, '--out', out, '--force']);
    expect(all.json.decisions).toBe(5);
  });

  it('refuses a database file that does not exist, and a data dir that does not exist, creating neither', () => {
    const missing = join(dir, 'no-such.sqlite');
    const r = vouch(['decisions', 'export', '--database', missing, '--out', join(dir, 'x.json')]);
    expect([r.status, r.json?.error?.code]).toEqual([3, 'FILE_UNREADABLE']);
    expect(existsSync(missing)).toBe(false);
    const typo = join(dir, 'dtaa');
    const d = vouch(['--data-dir', typo, 'decisions', 'export', '--out', join(dir, 'y.json')]);
    expect([d.status, d.json?.error?.code]).toEqual([3, 'DATA_DIR_MISSING']);
    expect(existsSync(typo)).toBe(false);
  });
});
