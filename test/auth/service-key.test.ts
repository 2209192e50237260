import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadOrCreateServiceKey, resolveKek, serviceKeyPath } from '../../src/auth/index.js';
import { VouchError } from '../../src/errors/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'vouch-keys-'));
async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    return e instanceof VouchError ? e.code : `not a VouchError: ${String(e)}`;
  }
  return undefined;
}

describe('key-encryption key', () => {
  it('is generated once into the data dir with mode 0600 when VOUCH_KEK is unset', () => {
    const d = dir();
    const a = resolveKek({ dataDir: d });
    const b = resolveKek({ dataDir: d });
    expect(a.source).toBe('file');
    expect(a.key.equals(b.key)).toBe(true);
    expect(statSync(a.path!).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('is refused when its file is readable by group or others', async () => {
    const d = dir();
    const k = resolveKek({ dataDir: d });
    chmodSync(k.path!, 0o644);
    expect(await codeOf(() => resolveKek({ dataDir: d }))).toBe('KEK_INVALID');
  });

  it('comes from VOUCH_KEK as hex or base64, and a malformed one is KEK_INVALID', async () => {
    const raw = randomBytes(32);
    expect(resolveKek({ dataDir: dir(), envValue: raw.toString('hex') }).key.equals(raw)).toBe(true);
    expect(resolveKek({ dataDir: dir(), envValue: raw.toString('base64') }).key.equals(raw)).toBe(true);
    expect(await codeOf(() => resolveKek({ dataDir: dir(), envValue: 'short' }))).toBe('KEK_INVALID');
    expect(await codeOf(() => resolveKek({ dataDir: dir(), envValue: randomBytes(16).toString('hex') }))).toBe(
      'KEK_INVALID',
    );
  });
});

describe('service signing key', () => {
  it('is created on first start, sealed at rest in a 0600 file, and the same key on every later start', async () => {
    const d = dir();
    const kek = resolveKek({ dataDir: d, envValue: randomBytes(32).toString('hex') });
    const first = await loadOrCreateServiceKey({ dataDir: d, kek });
    const second = await loadOrCreateServiceKey({ dataDir: d, kek });
    expect(second.kid).toBe(first.kid);
    expect(first.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: first.kid });
    const path = serviceKeyPath(d);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = readFileSync(path, 'utf8');
    const pkcs8 = first.privateKey.export({ format: 'der', type: 'pkcs8' });
    expect(stored).not.toContain(pkcs8.toString('base64'));
    expect(stored).not.toContain(pkcs8.toString('base64url'));
    expect(stored).not.toContain('"d"');
    const jws = await new CompactSign(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(second.privateKey);
    await expect(compactVerify(jws, await importJWK(first.publicJwk, 'EdDSA'))).resolves.toBeDefined();
  });

  it('cannot be opened with another KEK', async () => {
    const d = dir();
    await loadOrCreateServiceKey({
      dataDir: d,
      kek: resolveKek({ dataDir: d, envValue: randomBytes(32).toString('hex') }),
    });
    const other = resolveKek({ dataDir: d, envValue: randomBytes(32).toString('hex') });
    expect(await codeOf(() => loadOrCreateServiceKey({ dataDir: d, kek: other }))).toBe('KEK_INVALID');
  });

  it('refuses a key file whose public key was swapped or which is corrupt', async () => {
    const d = dir();
    const kek = resolveKek({ dataDir: d, envValue: randomBytes(32).toString('hex') });
    await loadOrCreateServiceKey({ dataDir: d, kek });
    const path = serviceKeyPath(d);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.keys[0].publicJwk.x = Buffer.alloc(32, 1).toString('base64url');
    writeFileSync(path, JSON.stringify(file));
    expect(await codeOf(() => loadOrCreateServiceKey({ dataDir: d, kek }))).toBe('SERVICE_KEY_UNREADABLE');
    writeFileSync(path, '{"version":1,"keys":[]}');
    expect(await codeOf(() => loadOrCreateServiceKey({ dataDir: d, kek }))).toBe('SERVICE_KEY_UNREADABLE');
  });

  it('is created once even when two starts race', async () => {
    const d = dir();
    const kek = resolveKek({ dataDir: d, envValue: randomBytes(32).toString('hex') });
    const [a, b] = await Promise.all([
      loadOrCreateServiceKey({ dataDir: d, kek }),
      loadOrCreateServiceKey({ dataDir: d, kek }),
    ]);
    expect(a.kid).toBe(b.kid);
  });
});
