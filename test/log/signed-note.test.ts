/**
 * C2SP signed-note against golang.org/x/mod/sumdb/note and C2SP spec vectors
 * (../shared/fixtures/signed-note, see its PROVENANCE.md).
 */
import { describe, expect, it } from 'vitest';
import { VouchError } from '../../src/errors/index.js';
import { formatVerifierKey, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/log/index.js';
import { fixture } from './lib/fixtures.js';

interface Vectors {
  keys: { name: string; vkey: string; skey: string | null; keyHash: string; publicKeyBase64: string }[];
  notes: {
    desc: string;
    text: string;
    note: string;
    verifierKeys: string[];
    expectVerified: string[];
    expectUnverified?: string[];
  }[];
  negative: { desc: string; note?: string; noteTemplate?: string; verifierKeys: string[]; expectError: string }[];
  badVerifierKeys: { vkey: string; why: string }[];
}
const V = fixture<Vectors>('signed-note', 'vectors.json');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof VouchError) return err.code;
    throw err;
  }
}

const EXPECTED_CODE: Record<string, string> = {
  'invalid signature': 'NOTE_SIGNATURE_INVALID',
  'malformed note': 'NOTE_MALFORMED',
  'note has no verifiable signatures': 'NOTE_UNVERIFIED',
};

describe('signed-note keys', () => {
  it('parses every published verifier key and recomputes its key id and string', () => {
    for (const k of V.keys) {
      const v = parseVerifierKey(k.vkey);
      expect(v.name).toBe(k.name);
      expect(v.keyId.toString(16).padStart(8, '0')).toBe(k.keyHash);
      expect(Buffer.from(v.publicKey).toString('base64')).toBe(k.publicKeyBase64);
      expect(formatVerifierKey(k.name, v.publicKey)).toBe(k.vkey);
    }
  });

  it('derives the published public key from each published signer key', () => {
    for (const k of V.keys.filter((k) => k.skey)) {
      const s = parseSignerKey(k.skey!);
      expect(s.verifierKey).toBe(k.vkey);
    }
  });

  it('rejects malformed verifier keys', () => {
    for (const bad of V.badVerifierKeys)
      expect(
        codeOf(() => parseVerifierKey(bad.vkey)),
        bad.why,
      ).toBe('VERIFIER_KEY_INVALID');
    const good = V.keys[0]!.vkey;
    for (const bad of [
      good.replace('c74f20a3', 'c74f20a4'),
      good.replace('PeterNeumann', 'Peter Neumann'),
      `${good}+x`,
      good.slice(0, -1),
      '',
    ]) {
      expect(
        codeOf(() => parseVerifierKey(bad)),
        bad,
      ).toBe('VERIFIER_KEY_INVALID');
    }
  });
});

describe('signed-note signing and opening', () => {
  it('reproduces the Go golden signed note byte for byte (Ed25519 is deterministic)', () => {
    const golden = V.notes[0]!;
    const signer = parseSignerKey(V.keys.find((k) => k.name === 'PeterNeumann')!.skey!);
    expect(signNote(golden.text, [signer])).toBe(golden.note);
  });

  it('reproduces the sumdb tree-head notes with the sumdb test key', () => {
    const signer = parseSignerKey(V.keys.find((k) => k.name === 'localhost.localdev/sumdb')!.skey!);
    for (const n of V.notes.filter((n) => n.verifierKeys[0]!.startsWith('localhost'))) {
      expect(signNote(n.text, [signer])).toBe(n.note);
    }
  });

  it('opens every published note, verifying exactly the expected signers', () => {
    for (const n of V.notes) {
      const opened = openNote(n.note, n.verifierKeys.map(parseVerifierKey));
      expect(opened.text, n.desc).toBe(n.text);
      expect(
        opened.verified.map((s) => s.name),
        n.desc,
      ).toEqual(n.expectVerified);
      expect(
        opened.unverified.map((s) => s.name),
        n.desc,
      ).toEqual(n.expectUnverified ?? []);
    }
  });

  it('rejects every published negative case with the matching code', () => {
    const peterSig = V.notes[0]!.note.slice(V.notes[0]!.text.length + 1);
    for (const n of V.negative) {
      const note = n.note ?? `${V.notes[0]!.text}\n${peterSig.repeat(101)}`;
      const code = codeOf(() => openNote(note, n.verifierKeys.map(parseVerifierKey)));
      expect(code, n.desc).toBe(EXPECTED_CODE[n.expectError]);
    }
  });

  it('accepts 100 repeated signatures but not 101', () => {
    const n = V.notes[0]!;
    const sig = n.note.slice(n.text.length + 1);
    const keys = n.verifierKeys.map(parseVerifierKey);
    expect(openNote(`${n.text}\n${sig.repeat(100)}`, keys).verified).toHaveLength(1);
    expect(codeOf(() => openNote(`${n.text}\n${sig.repeat(101)}`, keys))).toBe('NOTE_MALFORMED');
  });

  it('rejects a text change, a control character and invalid UTF-8', () => {
    const n = V.notes[0]!;
    const keys = n.verifierKeys.map(parseVerifierKey);
    expect(codeOf(() => openNote(n.note.replace('cryptography', 'Cryptography'), keys))).toBe('NOTE_SIGNATURE_INVALID');
    expect(codeOf(() => openNote(n.note.replace('If you', 'If\tyou'), keys))).toBe('NOTE_MALFORMED');
    const bytes = new TextEncoder().encode(n.note);
    bytes[3] = 0xff;
    expect(codeOf(() => openNote(bytes, keys))).toBe('NOTE_MALFORMED');
  });
});
