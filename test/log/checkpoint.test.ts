/**
 * C2SP tlog-checkpoint: format, parse, sign, verify; tampering each part fails with its code.
 */
import { describe, expect, it } from 'vitest';
import { VouchError } from '../../src/errors/index.js';
import {
  ed25519Signer,
  formatCheckpointText,
  hashLeaf,
  parseCheckpointText,
  signNote,
  verifyCheckpoint,
} from '../../src/log/index.js';
import { fixture } from './lib/fixtures.js';

interface Vectors {
  keys: { name: string; vkey: string }[];
  notes: {
    note: string;
    verifierKeys: string[];
    checkpoint?: { origin: string; size: number; rootHashBase64: string };
  }[];
  tlogNoteGolden: { text: string };
  c2spCheckpointExample: { note: string; checkpoint: { origin: string; size: number; rootHashBase64: string } };
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

const signer = ed25519Signer('example.test/log', new Uint8Array(32).fill(7));
const root = hashLeaf(new TextEncoder().encode('root'));
const text = formatCheckpointText({ origin: signer.name, size: 42, rootHash: root, extensions: [] });
const note = signNote(text, [signer]);

describe('tlog-checkpoint text', () => {
  it('formats the Go sumdb/tlog golden tree note', () => {
    const rootHash = hashLeaf(new TextEncoder().encode('hello world'));
    expect(formatCheckpointText({ origin: 'go.sum database tree', size: 123456789012, rootHash, extensions: [] })).toBe(
      V.tlogNoteGolden.text,
    );
  });

  it('parses the C2SP spec example and the sumdb checkpoints', () => {
    const ex = V.c2spCheckpointExample;
    const body = ex.note.slice(0, ex.note.indexOf('\n\n') + 1);
    const cp = parseCheckpointText(body);
    expect({ origin: cp.origin, size: cp.size, root: Buffer.from(cp.rootHash).toString('base64') }).toEqual({
      origin: ex.checkpoint.origin,
      size: ex.checkpoint.size,
      root: ex.checkpoint.rootHashBase64,
    });
    for (const n of V.notes.filter((n) => n.checkpoint)) {
      const v = verifyCheckpoint(n.note, n.verifierKeys[0]!, { origin: 'go.sum database tree' });
      expect(v.origin).toBe(n.checkpoint!.origin);
      expect(v.size).toBe(n.checkpoint!.size);
      expect(Buffer.from(v.rootHash).toString('base64')).toBe(n.checkpoint!.rootHashBase64);
    }
  });

  it('rejects malformed bodies', () => {
    const r = Buffer.from(root).toString('base64');
    for (const bad of [
      `o\n042\n${r}\n`,
      `o\n-1\n${r}\n`,
      `o\n1\n${r.slice(0, -4)}\n`,
      `\n1\n${r}\n`,
      `o\n1\n`,
      `o\n1\n${r}\n\n`,
      `o\n1\n${r}`,
      `o\n99999999999999999999\n${r}\n`,
    ]) {
      expect(
        codeOf(() => parseCheckpointText(bad)),
        JSON.stringify(bad),
      ).toBe('CHECKPOINT_MALFORMED');
    }
  });

  it('keeps extension lines', () => {
    const t = formatCheckpointText({ origin: 'o', size: 1, rootHash: root, extensions: ['ext one'] });
    expect(parseCheckpointText(t).extensions).toEqual(['ext one']);
  });
});

describe('checkpoint verification', () => {
  it('verifies a checkpoint signed by the log key', () => {
    const cp = verifyCheckpoint(note, signer.verifierKey);
    expect(cp.size).toBe(42);
    expect(cp.rootHash).toEqual(root);
  });

  it('rejects a changed size, root or signature with CHECKPOINT_SIGNATURE_INVALID', () => {
    const otherRoot = Buffer.from(hashLeaf(new Uint8Array(1))).toString('base64');
    const tampered = [
      note.replace('\n42\n', '\n43\n'),
      note.replace(Buffer.from(root).toString('base64'), otherRoot),
      (() => {
        const i = note.lastIndexOf(' ') + 10;
        return note.slice(0, i) + (note[i] === 'A' ? 'B' : 'A') + note.slice(i + 1);
      })(),
    ];
    for (const t of tampered)
      expect(codeOf(() => verifyCheckpoint(t, signer.verifierKey))).toBe('CHECKPOINT_SIGNATURE_INVALID');
  });

  it('rejects a checkpoint signed by another key', () => {
    const other = ed25519Signer(signer.name, new Uint8Array(32).fill(8));
    expect(codeOf(() => verifyCheckpoint(signNote(text, [other]), signer.verifierKey))).toBe(
      'CHECKPOINT_SIGNATURE_INVALID',
    );
  });

  it('rejects a validly signed checkpoint for another origin', () => {
    const t2 = formatCheckpointText({ origin: 'elsewhere.test/log', size: 1, rootHash: root, extensions: [] });
    expect(codeOf(() => verifyCheckpoint(signNote(t2, [signer]), signer.verifierKey))).toBe(
      'CHECKPOINT_ORIGIN_MISMATCH',
    );
    expect(verifyCheckpoint(signNote(t2, [signer]), signer.verifierKey, { origin: 'elsewhere.test/log' }).size).toBe(1);
  });

  it('rejects a note that is not a checkpoint or not a note', () => {
    expect(codeOf(() => verifyCheckpoint(signNote('just text\n', [signer]), signer.verifierKey))).toBe(
      'CHECKPOINT_MALFORMED',
    );
    expect(codeOf(() => verifyCheckpoint(text, signer.verifierKey))).toBe('CHECKPOINT_MALFORMED');
  });
});
