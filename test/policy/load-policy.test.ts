/** loadPolicy / loadPolicies: file errors have their codes, a directory cannot define id@version twice. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicies, loadPolicy } from '../../src/policy/index.js';
import { baseDoc, EXAMPLE_FILES, POLICIES_DIR } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadPolicy', () => {
  it('compiles a file', async () => {
    const f = join(dir, 'ok.json');
    writeFileSync(f, JSON.stringify(baseDoc()));
    expect((await loadPolicy(f)).ref).toBe('test-policy@1.0.0');
  });

  it('rejects invalid JSON with POLICY_INVALID and the file', async () => {
    const f = join(dir, 'broken.json');
    writeFileSync(f, '{"id": ');
    await expect(loadPolicy(f)).rejects.toMatchObject({ code: 'POLICY_INVALID', details: { file: f, path: '$' } });
  });

  it('adds the file to a validation error, keeping the path', async () => {
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ ...baseDoc(), version: 'one' }));
    await expect(loadPolicy(f)).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      details: { file: f, path: '$.version' },
    });
  });

  it('rejects a missing file with FILE_UNREADABLE', async () => {
    await expect(loadPolicy(join(dir, 'nope.json'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('rejects an oversized file with INPUT_TOO_LARGE before parsing it', async () => {
    const f = join(dir, 'huge.json');
    writeFileSync(f, ' '.repeat(300 * 1024));
    await expect(loadPolicy(f)).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
  });
});

describe('loadPolicies', () => {
  it('loads every shipped example, skipping schema.json', async () => {
    const all = await loadPolicies(POLICIES_DIR);
    expect(all.map((p) => `${p.id}.json`)).toEqual(EXAMPLE_FILES);
    expect(new Set(all.map((p) => p.policyId)).size).toBe(all.length);
  });

  it('refuses two documents with the same id@version', async () => {
    const d = mkdtempSync(join(dir, 'dup-'));
    writeFileSync(join(d, 'a.json'), JSON.stringify(baseDoc()));
    writeFileSync(join(d, 'b.json'), JSON.stringify({ ...baseDoc(), title: 'Same id and version, other text' }));
    await expect(loadPolicies(d)).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      details: { path: '$.version', file: join(d, 'b.json') },
    });
    writeFileSync(join(d, 'b.json'), JSON.stringify({ ...baseDoc(), version: '1.1.0' }));
    expect((await loadPolicies(d)).map((p) => p.ref)).toEqual(['test-policy@1.0.0', 'test-policy@1.1.0']);
  });

  it('rejects a missing directory with FILE_UNREADABLE', async () => {
    await expect(loadPolicies(join(dir, 'missing'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('fails on the first invalid document', async () => {
    const d = mkdtempSync(join(dir, 'mixed-'));
    copyFileSync(join(POLICIES_DIR, EXAMPLE_FILES[0]!), join(d, 'a.json'));
    writeFileSync(join(d, 'z.json'), '[]');
    await expect(loadPolicies(d)).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      details: { file: join(d, 'z.json') },
    });
  });
});
