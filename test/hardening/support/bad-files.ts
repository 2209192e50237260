/**
 * The bad files the CLI hardening matrix feeds to every file argument, made from that argument's
 * valid file: path traversal to /etc/passwd, /etc/shadow, a missing path, a directory, an
 * unreadable copy (mode 000), a huge (sparse, 17 MiB) file, the valid content with invalid UTF-8
 * inside a string value, malformed content, an empty file, and a symlink loop.
 */
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';

export type InputKind =
  | 'traversal'
  | 'shadow'
  | 'missing'
  | 'directory'
  | 'unreadable'
  | 'huge'
  | 'non-utf8'
  | 'malformed'
  | 'empty'
  | 'symlink-loop';
export const INPUT_KINDS: readonly InputKind[] = [
  'traversal',
  'shadow',
  'missing',
  'directory',
  'unreadable',
  'huge',
  'non-utf8',
  'malformed',
  'empty',
  'symlink-loop',
];

export type OutputKind = 'missing-dir' | 'directory' | 'exists';

export type Format = 'json' | 'jsonl' | 'csv' | 'text' | 'binary';

/** Larger than every whole-file input limit of the CLI's small documents (16 MiB). */
export const HUGE_BYTES = 17 * 1024 * 1024;

/** 0xFF (never valid), C0 AF (overlong '/'), ED A0 80 (a UTF-16 surrogate encoded in UTF-8). */
export const BAD_UTF8 = Buffer.from([0xff, 0xc0, 0xaf, 0xed, 0xa0, 0x80]);

export interface BadFileFactory {
  /** A path of `kind` for an argument whose valid file is `valid`, or undefined when not applicable. */
  input(kind: InputKind, valid: string, o: { format: Format; key?: string; marker?: string }): string | undefined;
  output(kind: OutputKind): string;
  /** False when running as a user that can read mode-000 files (root): 'unreadable' is then skipped. */
  canRestrict: boolean;
}

/** `root` is the directory the CLI runs in (its cwd), so relative traversal starts there. */
export function badFiles(root: string): BadFileFactory {
  const dir = join(root, 'bad');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(root, 'a-directory'), { recursive: true });
  writeFileSync(join(root, 'victim.json'), '{"victim":true}\n');
  let n = 0;
  const fresh = (ext: string) => join(dir, `f${++n}${ext}`);

  const probe = join(dir, 'probe');
  writeFileSync(probe, 'x');
  chmodSync(probe, 0o000);
  let canRestrict = true;
  try {
    closeSync(openSync(probe, 'r'));
    canRestrict = false; // root reads mode-000 files: the case cannot be made here
  } catch {
    // EACCES, as for an ordinary user
  }

  return {
    canRestrict,
    input(kind, valid, o) {
      const ext = extname(valid);
      const bytes = readFileSync(valid);
      switch (kind) {
        case 'traversal':
          return traversalTo(root, '/etc/passwd');
        case 'shadow':
          return '/etc/shadow';
        case 'missing':
          return join(root, 'no-such-dir', `missing${ext}`);
        case 'directory':
          return join(root, 'a-directory');
        case 'unreadable': {
          if (!canRestrict) return undefined;
          const p = fresh(ext);
          writeFileSync(p, bytes);
          chmodSync(p, 0o000);
          return p;
        }
        case 'huge': {
          const p = fresh(ext);
          closeSync(openSync(p, 'w'));
          truncateSync(p, HUGE_BYTES); // sparse: NUL bytes that cost no disk
          return p;
        }
        case 'non-utf8': {
          if (o.format === 'binary') return undefined;
          const p = fresh(ext);
          writeFileSync(p, injectBadUtf8(bytes, o));
          return p;
        }
        case 'malformed': {
          const p = fresh(ext);
          writeFileSync(p, malformed(bytes, o.format));
          return p;
        }
        case 'empty': {
          const p = fresh(ext);
          writeFileSync(p, '');
          return p;
        }
        case 'symlink-loop': {
          const p = fresh(ext);
          symlinkSync(p, p);
          return p;
        }
      }
    },
    output(kind) {
      switch (kind) {
        case 'missing-dir':
          return join(root, 'no-such-dir', `out${++n}.json`);
        case 'directory':
          return join(root, 'a-directory');
        case 'exists':
          return traversalTo(root, join(root, 'victim.json'));
      }
    },
  };
}

/** A relative path from `from` climbing with "../" (at least four times) to `target`. */
function traversalTo(from: string, target: string): string {
  const depth = resolve(from).split(sep).filter(Boolean).length;
  const up = '../'.repeat(Math.max(4, depth));
  const p = `${up}${relative('/', target)}`;
  if (resolve(from, p) !== resolve(target)) throw new Error(`traversal ${p} from ${from} does not reach ${target}`);
  return p;
}

/** Invalid UTF-8 inside a string value (after `"key": "` for JSON, after `marker` for text). */
function injectBadUtf8(bytes: Buffer, o: { format: Format; key?: string; marker?: string }): Buffer {
  const text = bytes.toString('latin1');
  let at: number;
  if (o.key !== undefined) {
    const m = new RegExp(`"${o.key}"\\s*:\\s*"`).exec(text);
    if (!m) throw new Error(`no string value for key ${o.key}`);
    at = m.index + m[0].length;
  } else if (o.marker !== undefined) {
    const i = text.indexOf(o.marker);
    if (i < 0) throw new Error(`marker ${o.marker} not found`);
    at = i + o.marker.length;
  } else {
    at = 1;
  }
  return Buffer.concat([bytes.subarray(0, at), BAD_UTF8, bytes.subarray(at)]);
}

function malformed(bytes: Buffer, format: Format): Buffer {
  switch (format) {
    case 'json':
    case 'jsonl':
      return Buffer.concat([bytes.subarray(0, bytes.length >> 1), Buffer.from('\n{')]);
    case 'csv':
      return Buffer.concat([bytes, Buffer.from('2026-01-01T00:00:00Z,"unterminated\n')]);
    case 'text':
      return Buffer.from('this is not it\u0001\n');
    case 'binary':
      return Buffer.from('not a powers-of-tau file, just text\n');
  }
}
