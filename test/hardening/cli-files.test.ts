/**
 * Hardening: every file argument of every `vouch` command, fed a bad file — path traversal to
 * /etc/passwd, /etc/shadow, a missing path, a directory, an unreadable file, a huge file, invalid
 * UTF-8 inside otherwise valid content, malformed content, an empty file, a symlink loop — and
 * every output argument pointed at a missing directory, a directory, or (without --force) an
 * existing file. Each time: a coded error (exit 2, 3 or 4; `--json` prints {error: {code}}),
 * never exit 1, a stack trace, an uncaught error or a leaked secret; the data dir's database (a
 * dump of every table) and files are unchanged, and no output file appears.
 *
 * The matrix runs in a few real Node processes, each calling the CLI's main(argv) once per case
 * (cli-driver.ts), so hundreds of cases do not pay a CLI start-up each; one case per argument is
 * then re-run through the real `node bin/vouch.mjs` and must give the same exit status and code.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES } from '../../src/errors/codes.js';
import {
  badFiles,
  INPUT_KINDS,
  type BadFileFactory,
  type Format,
  type InputKind,
  type OutputKind,
} from './support/bad-files.js';
import type { DriverCase, DriverResult } from './support/cli-driver.js';
import { WORLD_FILE, type CliWorld } from './support/cli-world.js';
import { dataDirFiles } from './support/cli-driver.js';
import { dumpDatabase, dumpDigest } from './support/dump-database.js';
import { BIN, limited, run, RUN_TS, supportModule } from './support/processes.js';

interface InputArg {
  /** "command --option" as a user reads it. */
  arg: string;
  /** Role of the valid file in CliWorld.files. */
  fixture: string;
  format: Format;
  /** JSON key whose string value gets the invalid UTF-8 (else `marker`, else offset 1). */
  key?: string;
  marker?: string;
  argv(w: CliWorld, file: string, out: () => string): string[];
  timeoutMs?: number;
  /** Kinds that are legitimate input for this argument (with the reason), not tried. */
  valid?: Partial<Record<InputKind, string>>;
  /** The code for a path that cannot be read (default FILE_UNREADABLE), by kind. */
  unreadable?: (kind: InputKind) => string;
}

interface OutputArg {
  arg: string;
  kinds: OutputKind[];
  argv(w: CliWorld, out: string, fresh: () => string): string[];
}

const F = (w: CliWorld) => w.files;
const INPUTS: InputArg[] = [
  {
    arg: 'credential issue --holder',
    fixture: 'holder',
    format: 'json',
    key: 'type',
    argv: (w, p, out) => [
      'credential',
      'issue',
      '--issuer',
      w.issuerId,
      '--holder',
      p,
      '--evidence',
      'manual',
      '--evidence-file',
      F(w).evidence!,
      '--out',
      out(),
    ],
  },
  {
    arg: 'credential issue --evidence-file',
    fixture: 'evidence',
    format: 'json',
    key: 'jurisdiction',
    argv: (w, p, out) => [
      'credential',
      'issue',
      '--issuer',
      w.issuerId,
      '--holder',
      F(w).holder!,
      '--evidence',
      'manual',
      '--evidence-file',
      p,
      '--out',
      out(),
    ],
  },
  {
    // with --pickup nothing is written to a file: a bad evidence file must leave no credential and
    // no pickup code behind either
    arg: 'credential issue --pickup --evidence-file',
    fixture: 'evidence',
    format: 'json',
    key: 'jurisdiction',
    argv: (w, p) => [
      'credential',
      'issue',
      '--issuer',
      w.issuerId,
      '--holder',
      F(w).holder!,
      '--evidence',
      'manual',
      '--evidence-file',
      p,
      '--pickup',
    ],
  },
  {
    arg: 'credential issue --vendor-jwks',
    fixture: 'vendorJwks',
    format: 'json',
    key: 'kid',
    unreadable: () => 'CONFIG_INVALID',
    argv: (w, p, out) => [
      'credential',
      'issue',
      '--issuer',
      w.issuerId,
      '--holder',
      F(w).holder!,
      '--evidence',
      'vendor-jws',
      '--evidence-file',
      F(w).evidence!,
      '--vendor-jwks',
      p,
      '--vendor-issuer',
      'https://kyc.example',
      '--out',
      out(),
    ],
  },
  {
    arg: 'credential verify --credential',
    fixture: 'credential',
    format: 'json',
    key: 'id',
    argv: (_w, p) => ['credential', 'verify', '--credential', p, '--holder', F(_w).holder!],
  },
  {
    arg: 'credential verify --holder',
    fixture: 'holder',
    format: 'json',
    key: 'type',
    argv: (w, p) => ['credential', 'verify', '--credential', F(w).credential!, '--holder', p],
  },
  ...(['holder', 'credential', 'policy', 'trade', 'registry'] as const).map((role): InputArg => ({
    arg: `prove --${role}`,
    fixture: role,
    format: 'json',
    key: ({ holder: 'type', credential: 'id', policy: 'description', trade: 'nonce', registry: 'type' } as const)[role],
    argv: (w, p, out) => [
      'prove',
      ...(['holder', 'credential', 'policy', 'trade', 'registry'] as const).flatMap((r) => [
        `--${r}`,
        r === role ? p : F(w)[r]!,
      ]),
      '--out',
      out(),
    ],
  })),
  ...(['policy', 'trade', 'proof', 'registry'] as const).map((role): InputArg => ({
    arg: `verify --${role}`,
    fixture: role,
    format: 'json',
    key: ({ policy: 'description', trade: 'nonce', proof: 'type', registry: 'type' } as const)[role],
    argv: (w, p) => [
      'verify',
      ...(['policy', 'trade', 'proof', 'registry'] as const).flatMap((r) => [`--${r}`, r === role ? p : F(w)[r]!]),
      '--now',
      String(w.tradeTime),
    ],
  })),
  ...(['check', 'explain', 'hash'] as const).map((sub): InputArg => ({
    arg: `policy ${sub} file`,
    fixture: 'policy',
    format: 'json',
    key: 'description',
    argv: (_w, p) => ['policy', sub, p],
  })),
  {
    arg: 'log append --entry-file',
    fixture: 'entry',
    format: 'json',
    key: 'note',
    argv: (_w, p) => ['log', 'append', '--entry-file', p],
  },
  {
    arg: 'ledger import file',
    fixture: 'fills',
    format: 'csv',
    marker: ',X,',
    argv: (_w, p) => ['ledger', 'import', p, '--tenant', 'fresh-tenant'],
  },
  {
    arg: 'report tax --ledger',
    fixture: 'fills',
    format: 'csv',
    marker: ',X,',
    argv: (w, p, out) => [
      'report',
      'tax',
      '--jurisdiction',
      'US',
      '--ledger',
      p,
      '--prices',
      F(w).prices!,
      '--year',
      '2026',
      '--out',
      out(),
    ],
  },
  {
    arg: 'report tax --prices',
    fixture: 'prices',
    format: 'csv',
    marker: ',BTC,',
    argv: (w, p, out) => [
      'report',
      'tax',
      '--jurisdiction',
      'US',
      '--ledger',
      F(w).fills!,
      '--prices',
      p,
      '--year',
      '2026',
      '--out',
      out(),
    ],
  },
  {
    arg: 'report tax --users',
    fixture: 'users',
    format: 'json',
    key: 'firstName',
    argv: (w, p, out) => [
      'report',
      'tax',
      '--jurisdiction',
      'US',
      '--ledger',
      F(w).fills!,
      '--users',
      p,
      '--format',
      'carf',
      '--year',
      '2026',
      '--out',
      out(),
    ],
  },
  {
    arg: 'report tax --lots',
    fixture: 'lots',
    format: 'json',
    key: 'lotId',
    argv: (w, p, out) => [
      'report',
      'tax',
      '--jurisdiction',
      'US',
      '--ledger',
      F(w).fills!,
      '--lots',
      p,
      '--method',
      'SPECIFIC',
      '--year',
      '2026',
      '--out',
      out(),
    ],
  },
  {
    arg: 'report compliance --decisions',
    fixture: 'decisions',
    format: 'jsonl',
    key: 'policyId',
    valid: { empty: 'an empty JSON Lines file is zero decisions' },
    argv: (_w, p, out) => ['report', 'compliance', '--decisions', p, '--out', out()],
  },
  {
    arg: 'report bundle --records',
    fixture: 'records',
    format: 'json',
    key: 'memo',
    argv: (w, p, out) => [
      'report',
      'bundle',
      '--records',
      p,
      '--kind',
      'generic',
      '--key',
      F(w).institutionKey!,
      '--out',
      out(),
      '--jwks-out',
      out(),
    ],
  },
  {
    arg: 'report bundle --aggregates',
    fixture: 'aggregates',
    format: 'json',
    argv: (w, p, out) => [
      'report',
      'bundle',
      '--records',
      F(w).records!,
      '--aggregates',
      p,
      '--kind',
      'generic',
      '--key',
      F(w).institutionKey!,
      '--out',
      out(),
      '--jwks-out',
      out(),
    ],
  },
  {
    arg: 'report bundle --key',
    fixture: 'institutionKey',
    format: 'json',
    key: 'kid',
    argv: (w, p, out) => [
      'report',
      'bundle',
      '--records',
      F(w).records!,
      '--kind',
      'generic',
      '--key',
      p,
      '--out',
      out(),
      '--jwks-out',
      out(),
    ],
  },
  {
    arg: 'report disclose --bundle',
    fixture: 'bundle',
    format: 'json',
    key: 'institution',
    argv: (_w, p, out) => ['report', 'disclose', '--bundle', p, '--records', '0', '--out', out()],
  },
  ...(['bundle', 'jwks', 'logKey', 'checkpoint', 'consistency'] as const).map((role): InputArg => {
    const flag = {
      bundle: '',
      jwks: '--jwks',
      logKey: '--log-key',
      checkpoint: '--previous-checkpoint',
      consistency: '--consistency-proof',
    }[role];
    const fmt: Format = role === 'logKey' || role === 'checkpoint' ? 'text' : 'json';
    return {
      arg: `audit verify ${flag || 'bundle'}`,
      fixture: role,
      format: fmt,
      ...(fmt === 'text'
        ? { marker: 'vouch.' }
        : { key: ({ bundle: 'institution', jwks: 'kid', consistency: 'fromRoot' } as Record<string, string>)[role] }),
      // --log-key takes "a key, or a file holding it": a path that does not exist is a (bad) key
      ...(role === 'logKey'
        ? {
            unreadable: (k: InputKind) =>
              k === 'missing' || k === 'symlink-loop' ? 'VERIFIER_KEY_INVALID' : 'FILE_UNREADABLE',
          }
        : {}),
      argv: (w, p) => {
        const pick = (r: typeof role) => (r === role ? p : F(w)[r]!);
        return [
          'audit',
          'verify',
          pick('bundle'),
          '--jwks',
          pick('jwks'),
          '--log-key',
          pick('logKey'),
          '--previous-checkpoint',
          pick('checkpoint'),
          '--consistency-proof',
          pick('consistency'),
        ];
      },
    };
  }),
  {
    arg: 'report tax --config',
    fixture: 'config',
    format: 'json',
    key: 'host',
    argv: (w, p, out) => ['report', 'tax', '--config', p, '--ledger', F(w).fills!, '--year', '2026', '--out', out()],
  },
  ...(['checkpoint', 'logKey'] as const).map((role): InputArg => ({
    arg: `log verify ${role === 'checkpoint' ? '--checkpoint' : '--log-key'}`,
    fixture: role,
    format: 'text',
    marker: 'vouch.',
    // like audit verify's: a key, or a file holding it
    ...(role === 'logKey'
      ? {
          unreadable: (k: InputKind) =>
            k === 'missing' || k === 'symlink-loop' ? 'VERIFIER_KEY_INVALID' : 'FILE_UNREADABLE',
        }
      : {}),
    argv: (w, p) => [
      'log',
      'verify',
      '--checkpoint',
      role === 'checkpoint' ? p : F(w).checkpoint!,
      '--log-key',
      role === 'logKey' ? p : F(w).logKey!,
    ],
  })),
  {
    arg: 'decisions export --database',
    fixture: 'hookDb',
    format: 'binary',
    argv: (w, p, out) => ['decisions', 'export', '--database', p, '--out', out()],
  },
  {
    arg: 'evm export --vkey',
    fixture: 'vkey',
    format: 'json',
    key: 'protocol',
    argv: (_w, p, out) => ['evm', 'export', '--vkey', p, '--out', out()],
  },
  {
    arg: 'evm export --accountable-vkey',
    fixture: 'acctVkey',
    format: 'json',
    key: 'protocol',
    argv: (_w, p, out) => ['evm', 'export', '--accountable-vkey', p, '--out', out()],
  },
  {
    arg: 'audit unmaskings --log-key',
    fixture: 'logKey',
    format: 'text',
    marker: 'vouch.',
    // like log verify's: a key, or a file holding it
    unreadable: (k: InputKind) =>
      k === 'missing' || k === 'symlink-loop' ? 'VERIFIER_KEY_INVALID' : 'FILE_UNREADABLE',
    argv: (_w, p) => ['audit', 'unmaskings', '--log-key', p],
  },
  {
    arg: 'evm calldata --vkey',
    fixture: 'vkey',
    format: 'json',
    key: 'protocol',
    argv: (w, p) => ['evm', 'calldata', '--proof', F(w).proof!, '--trade', F(w).trade!, '--vkey', p],
  },
  {
    arg: 'serve --config',
    fixture: 'config',
    format: 'json',
    key: 'host',
    argv: (_w, p) => ['serve', '--config', p, '--port', '0'],
    timeoutMs: 15_000,
  },
  {
    arg: 'circuits build --ptau',
    fixture: 'config',
    format: 'binary',
    argv: (_w, p) => ['circuits', 'build', '--ptau', p],
    timeoutMs: 30_000,
  },
  {
    arg: 'ceremony init --ptau',
    fixture: 'config',
    format: 'binary',
    argv: (_w, p, out) => ['ceremony', 'init', '--ptau', p, '--ptau-unlisted', '--out', out()],
    timeoutMs: 30_000,
  },
  // read before the ceremony directory (here one that does not exist): any readable file is entropy
  {
    arg: 'ceremony contribute --entropy-file',
    fixture: 'config',
    format: 'binary',
    argv: (_w, p, out) => ['ceremony', 'contribute', '--in', out(), '--name', 'mallory', '--entropy-file', p],
  },
  {
    arg: 'prove --limit-wallet',
    fixture: 'limitWallet',
    format: 'json',
    key: 'type',
    argv: (w, p, out) => [
      'prove',
      ...(['holder', 'credential', 'policy', 'trade', 'registry'] as const).flatMap((r) => [`--${r}`, F(w)[r]!]),
      '--limit-wallet',
      p,
      '--out',
      out(),
    ],
  },
  // the holder's limit wallet (vouch wallet …): an empty wallet, a venue-signed receipt of a first step
  ...(
    [
      ['holder', 'holder', 'type'],
      ['limit-wallet', 'limitWallet', 'type'],
      ['receipt', 'limitReceipt', undefined],
      ['jwks', 'venueJwks', 'kid'],
    ] as const
  ).map(([flag, role, key]): InputArg => ({
    arg: `wallet accept --${flag}`,
    fixture: role,
    format: role === 'limitReceipt' ? 'text' : 'json',
    ...(key ? { key } : { marker: '.' }),
    argv: (w, p) => [
      'wallet',
      'accept',
      '--holder',
      flag === 'holder' ? p : F(w).holder!,
      '--limit-wallet',
      flag === 'limit-wallet' ? p : F(w).limitWallet!,
      '--receipt',
      flag === 'receipt' ? p : F(w).limitReceipt!,
      '--jwks',
      flag === 'jwks' ? p : F(w).venueJwks!,
    ],
  })),
  ...(
    [
      ['holder', 'holder', 'type'],
      ['jwks', 'venueJwks', 'kid'],
      ['receipts', 'limitReceipt', undefined],
    ] as const
  ).map(([flag, role, key]): InputArg => ({
    arg: `wallet sync --${flag}`,
    fixture: role,
    format: role === 'limitReceipt' ? 'text' : 'json',
    ...(key ? { key } : { marker: '.' }),
    argv: (w, p, out) => [
      'wallet',
      'sync',
      '--holder',
      flag === 'holder' ? p : F(w).holder!,
      '--jwks',
      flag === 'jwks' ? p : F(w).venueJwks!,
      '--receipts',
      flag === 'receipts' ? p : F(w).limitReceipt!,
      '--out',
      out(),
    ],
  })),
  // identity escrow (vouch escrow …): the world's 2-of-2 committee, request, shares
  {
    arg: 'escrow committee init --card',
    fixture: 'anaCard',
    format: 'json',
    key: 'name',
    argv: (w, p, out) => [
      'escrow',
      'committee',
      'init',
      '--epoch',
      '2',
      '--threshold',
      '2',
      '--card',
      p,
      F(w).benCard!,
      '--out',
      out(),
    ],
  },
  ...(['deal', 'verify', 'finalize'] as const).map((sub): InputArg => ({
    arg: `escrow committee ${sub} --committee`,
    fixture: 'committee',
    format: 'json',
    key: 'name',
    argv: (w, p, out) => [
      'escrow',
      'committee',
      sub,
      '--committee',
      p,
      '--member',
      'ana',
      ...(sub === 'deal' ? [] : ['--dealing', F(w).anaDealing!, F(w).benDealing!]),
      '--out',
      out(),
    ],
  })),
  ...(['verify', 'finalize'] as const).map((sub): InputArg => ({
    arg: `escrow committee ${sub} --dealing`,
    fixture: 'anaDealing',
    format: 'json',
    key: 'committeeId',
    argv: (w, p, out) => [
      'escrow',
      'committee',
      sub,
      '--committee',
      F(w).committee!,
      '--member',
      'ana',
      '--dealing',
      p,
      F(w).benDealing!,
      '--out',
      out(),
    ],
  })),
  {
    arg: 'escrow committee finalize --complaints',
    fixture: 'anaComplaints',
    format: 'json',
    argv: (w, p, out) => [
      'escrow',
      'committee',
      'finalize',
      '--committee',
      F(w).committee!,
      '--member',
      'ana',
      '--dealing',
      F(w).anaDealing!,
      F(w).benDealing!,
      '--complaints',
      p,
      '--out',
      out(),
    ],
  },
  {
    arg: 'escrow committee publish --key',
    fixture: 'committeeKey',
    format: 'json',
    key: 'committeeId',
    argv: (_w, p) => ['escrow', 'committee', 'publish', '--key', p],
  },
  {
    arg: 'escrow request --receipt',
    fixture: 'receipt',
    format: 'text',
    marker: '.',
    argv: (w, p, out) => [
      'escrow',
      'request',
      '--receipt',
      p,
      '--jwks',
      F(w).venueJwks!,
      '--committee-key',
      F(w).committeeKey!,
      '--legal-basis',
      'order 2',
      '--requester',
      'FIU',
      '--out',
      out(),
    ],
  },
  {
    arg: 'escrow request --committee-key',
    fixture: 'committeeKey',
    format: 'json',
    key: 'committeeId',
    argv: (w, p, out) => [
      'escrow',
      'request',
      '--receipt',
      F(w).receipt!,
      '--jwks',
      F(w).venueJwks!,
      '--committee-key',
      p,
      '--legal-basis',
      'order 2',
      '--requester',
      'FIU',
      '--out',
      out(),
    ],
  },
  {
    arg: 'escrow request --jwks',
    fixture: 'venueJwks',
    format: 'json',
    key: 'kid',
    argv: (w, p, out) => [
      'escrow',
      'request',
      '--receipt',
      F(w).receipt!,
      '--jwks',
      p,
      '--committee-key',
      F(w).committeeKey!,
      '--legal-basis',
      'order 2',
      '--requester',
      'FIU',
      '--out',
      out(),
    ],
  },
  ...(['unmaskRequest', 'committeeKey', 'logKey', 'escrowCheckpoint', 'inclusion'] as const).map((role): InputArg => {
    const flag = {
      unmaskRequest: '--request',
      committeeKey: '--committee-key',
      logKey: '--log-key',
      escrowCheckpoint: '--checkpoint',
      inclusion: '--inclusion-proof',
    }[role];
    const fmt: Format = role === 'logKey' || role === 'escrowCheckpoint' ? 'text' : 'json';
    return {
      arg: `escrow share ${flag}`,
      fixture: role,
      format: fmt,
      ...(fmt === 'text'
        ? { marker: 'vouch.' }
        : {
            key: (
              { unmaskRequest: 'legalBasis', committeeKey: 'committeeId', inclusion: 'rootHash' } as Record<
                string,
                string
              >
            )[role],
          }),
      // --log-key takes "a key, or a file holding it": a path that does not exist is a (bad) key
      ...(role === 'logKey'
        ? {
            unreadable: (k: InputKind) =>
              k === 'missing' || k === 'symlink-loop' ? 'VERIFIER_KEY_INVALID' : 'FILE_UNREADABLE',
          }
        : {}),
      argv: (w, p, out) => {
        const pick = (r: typeof role) => (r === role ? p : F(w)[r]!);
        return [
          'escrow',
          'share',
          '--request',
          pick('unmaskRequest'),
          '--committee-key',
          pick('committeeKey'),
          '--member',
          'ana',
          '--log-key',
          pick('logKey'),
          '--checkpoint',
          pick('escrowCheckpoint'),
          '--inclusion-proof',
          pick('inclusion'),
          '--out',
          out(),
        ];
      },
    };
  }),
  ...(['unmaskRequest', 'committeeKey', 'anaShare', 'logKey'] as const).map((role): InputArg => {
    const flag = {
      unmaskRequest: '--request',
      committeeKey: '--committee-key',
      anaShare: '--share',
      logKey: '--log-key',
    }[role];
    const fmt: Format = role === 'logKey' ? 'text' : 'json';
    return {
      arg: `escrow combine ${flag}`,
      fixture: role,
      format: fmt,
      ...(fmt === 'text'
        ? { marker: 'vouch.' }
        : {
            key: (
              { unmaskRequest: 'legalBasis', committeeKey: 'committeeId', anaShare: 'request' } as Record<
                string,
                string
              >
            )[role],
          }),
      ...(role === 'logKey'
        ? {
            unreadable: (k: InputKind) =>
              k === 'missing' || k === 'symlink-loop' ? 'VERIFIER_KEY_INVALID' : 'FILE_UNREADABLE',
          }
        : {}),
      argv: (w, p, out) => {
        const pick = (r: typeof role) => (r === role ? p : F(w)[r]!);
        return [
          'escrow',
          'combine',
          '--request',
          pick('unmaskRequest'),
          '--committee-key',
          pick('committeeKey'),
          '--share',
          pick('anaShare'),
          F(w).benShare!,
          '--log-key',
          pick('logKey'),
          '--out',
          out(),
        ];
      },
    };
  }),
];

const OUTPUTS: OutputArg[] = [
  {
    arg: 'holder init --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (_w, o) => ['holder', 'init', '--out', o],
  },
  {
    arg: 'credential issue --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'credential',
      'issue',
      '--issuer',
      w.issuerId,
      '--subject',
      '12345',
      '--evidence',
      'manual',
      '--evidence-file',
      F(w).evidence!,
      '--out',
      o,
    ],
  },
  {
    arg: 'registry export --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (_w, o) => ['registry', 'export', '--out', o],
  },
  {
    arg: 'prove --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'prove',
      ...(['holder', 'credential', 'policy', 'trade', 'registry'] as const).flatMap((r) => [`--${r}`, F(w)[r]!]),
      '--out',
      o,
    ],
  },
  {
    arg: 'report tax --out',
    kinds: ['missing-dir', 'directory'],
    argv: (w, o) => ['report', 'tax', '--jurisdiction', 'US', '--ledger', F(w).fills!, '--year', '2026', '--out', o],
  },
  {
    arg: 'report compliance --out',
    kinds: ['missing-dir', 'directory'],
    argv: (w, o) => ['report', 'compliance', '--decisions', F(w).decisions!, '--out', o],
  },
  {
    arg: 'report bundle --out',
    kinds: ['missing-dir', 'directory'],
    argv: (w, o, fresh) => [
      'report',
      'bundle',
      '--records',
      F(w).records!,
      '--kind',
      'generic',
      '--key',
      F(w).institutionKey!,
      '--out',
      o,
      '--jwks-out',
      fresh(),
    ],
  },
  {
    arg: 'report bundle --jwks-out',
    kinds: ['missing-dir', 'directory'],
    argv: (w, o, fresh) => [
      'report',
      'bundle',
      '--records',
      F(w).records!,
      '--kind',
      'generic',
      '--key',
      F(w).institutionKey!,
      '--out',
      fresh(),
      '--jwks-out',
      o,
    ],
  },
  {
    arg: 'decisions export --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => ['decisions', 'export', '--database', F(w).hookDb!, '--out', o],
  },
  {
    arg: 'report disclose --out',
    kinds: ['missing-dir', 'directory'],
    argv: (w, o) => ['report', 'disclose', '--bundle', F(w).bundle!, '--records', '0', '--out', o],
  },
  {
    arg: 'escrow keygen --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (_w, o) => ['escrow', 'keygen', '--member', 'zed', '--out', o],
  },
  {
    arg: 'escrow committee init --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'escrow',
      'committee',
      'init',
      '--epoch',
      '2',
      '--threshold',
      '2',
      '--card',
      F(w).anaCard!,
      F(w).benCard!,
      '--out',
      o,
    ],
  },
  {
    arg: 'escrow committee deal --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => ['escrow', 'committee', 'deal', '--committee', F(w).committee!, '--member', 'ana', '--out', o],
  },
  {
    arg: 'escrow committee verify --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'escrow',
      'committee',
      'verify',
      '--committee',
      F(w).committee!,
      '--member',
      'ana',
      '--dealing',
      F(w).anaDealing!,
      F(w).benDealing!,
      '--out',
      o,
    ],
  },
  {
    arg: 'escrow committee finalize --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'escrow',
      'committee',
      'finalize',
      '--committee',
      F(w).committee!,
      '--member',
      'ana',
      '--dealing',
      F(w).anaDealing!,
      F(w).benDealing!,
      '--out',
      o,
    ],
  },
  {
    arg: 'escrow request --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'escrow',
      'request',
      '--receipt',
      F(w).receipt!,
      '--jwks',
      F(w).venueJwks!,
      '--committee-key',
      F(w).committeeKey!,
      '--legal-basis',
      'order 2',
      '--requester',
      'FIU',
      '--out',
      o,
    ],
  },
  {
    arg: 'escrow share --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'escrow',
      'share',
      '--request',
      F(w).unmaskRequest!,
      '--committee-key',
      F(w).committeeKey!,
      '--member',
      'ana',
      '--log-key',
      F(w).logKey!,
      '--checkpoint',
      F(w).escrowCheckpoint!,
      '--inclusion-proof',
      F(w).inclusion!,
      '--out',
      o,
    ],
  },
  {
    arg: 'escrow combine --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'escrow',
      'combine',
      '--request',
      F(w).unmaskRequest!,
      '--committee-key',
      F(w).committeeKey!,
      '--share',
      F(w).anaShare!,
      F(w).benShare!,
      '--log-key',
      F(w).logKey!,
      '--out',
      o,
    ],
  },
  {
    arg: 'wallet init --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (_w, o) => ['wallet', 'init', '--out', o],
  },
  {
    arg: 'wallet sync --out',
    kinds: ['missing-dir', 'directory', 'exists'],
    argv: (w, o) => [
      'wallet',
      'sync',
      '--holder',
      F(w).holder!,
      '--jwks',
      F(w).venueJwks!,
      '--receipts',
      F(w).limitReceipt!,
      '--out',
      o,
    ],
  },
  // directory outputs: an empty directory is a valid place for them, an existing file is not
  {
    arg: 'ceremony init --out',
    kinds: ['missing-dir', 'exists'],
    argv: (w, o) => ['ceremony', 'init', '--ptau', F(w).config!, '--ptau-unlisted', '--out', o],
  },
  {
    arg: 'ceremony finalize --out',
    kinds: ['missing-dir', 'exists'],
    argv: (_w, o, fresh) => ['ceremony', 'finalize', '--in', fresh(), '--out', o],
  },
];

interface MatrixCase extends DriverCase {
  arg: string;
  kind: InputKind | OutputKind;
  /** Paths the command must not create. */
  mustNotExist: string[];
}

let root: string;
let world: CliWorld;
let bad: BadFileFactory;
let cases: MatrixCase[] = [];
const results = new Map<string, DriverResult>();
const skipped: string[] = [];
let secrets: string[] = [];

function buildCases(): MatrixCase[] {
  const out: MatrixCase[] = [];
  const outDir = join(root, 'out');
  mkdirSync(outDir, { recursive: true });
  let k = 0;
  for (const a of INPUTS) {
    for (const kind of INPUT_KINDS) {
      if (a.valid?.[kind]) {
        skipped.push(`${a.arg} × ${kind} (${a.valid[kind]})`);
        continue;
      }
      const p = bad.input(kind, world.files[a.fixture]!, {
        format: a.format,
        ...(a.key ? { key: a.key } : {}),
        ...(a.marker ? { marker: a.marker } : {}),
      });
      if (p === undefined) {
        skipped.push(`${a.arg} × ${kind}`);
        continue;
      }
      const mustNotExist: string[] = [];
      const fresh = () => {
        const o = join(outDir, `o${++k}.out`);
        mustNotExist.push(o);
        return o;
      };
      out.push({
        id: `${a.arg} × ${kind}`,
        arg: a.arg,
        kind,
        mustNotExist,
        cwd: root,
        dataDir: world.dataDir,
        argv: ['--data-dir', world.dataDir, '--json', ...a.argv(world, p, fresh)],
        ...(a.timeoutMs ? { timeoutMs: a.timeoutMs } : {}),
      });
    }
  }
  for (const a of OUTPUTS) {
    for (const kind of a.kinds) {
      const target = bad.output(kind);
      const mustNotExist = kind === 'missing-dir' ? [target] : [];
      const fresh = () => {
        const o = join(outDir, `o${++k}.out`);
        mustNotExist.push(o);
        return o;
      };
      out.push({
        id: `${a.arg} × ${kind}`,
        arg: a.arg,
        kind,
        mustNotExist,
        cwd: root,
        dataDir: world.dataDir,
        argv: ['--data-dir', world.dataDir, '--json', ...a.argv(world, target, fresh)],
      });
    }
  }
  return out;
}

/** What a run of one case showed: the driver's record, or a real process plus before/after dumps. */
interface Observed {
  status: number | 'timeout' | null;
  stdout: string;
  stderr: string;
  uncaught?: string[];
  dbBefore: string | null;
  dbAfter: string | null;
  dbChanged?: Record<string, [number, number]>;
  filesBefore: Record<string, string>;
  filesAfter: Record<string, string>;
}

/** Everything a bad-file case must satisfy; returns the broken promises (empty when all hold). */
function problems(c: MatrixCase, r: Observed): string[] {
  const p: string[] = [];
  if (typeof r.status !== 'number' || ![2, 3, 4].includes(r.status)) p.push(`exit status ${r.status}`);
  let code: unknown;
  try {
    code = (JSON.parse(r.stdout) as { error?: { code?: unknown } }).error?.code;
  } catch {
    p.push(`stdout is not JSON: ${r.stdout.slice(0, 120)}`);
  }
  if (typeof code !== 'string' || !(code in CODES) || code === 'INTERNAL') p.push(`error code ${String(code)}`);
  const text = r.stdout + r.stderr;
  if (/\n\s+at \S+.*:\d+:\d+/.test(text) || /\bError: /.test(r.stderr))
    p.push(`stack trace or raw error: ${r.stderr.slice(0, 200)}`);
  if (r.uncaught && r.uncaught.length > 0) p.push(`uncaught: ${r.uncaught[0]!.slice(0, 200)}`);
  for (const s of secrets) if (text.includes(s)) p.push(`output leaks ${s.slice(0, 12)}…`);
  if (r.dbBefore === null || r.dbBefore !== r.dbAfter)
    p.push(`the database changed (row counts ${JSON.stringify(r.dbChanged ?? {})})`);
  if (JSON.stringify(r.filesBefore) !== JSON.stringify(r.filesAfter))
    p.push(`data dir files changed: ${JSON.stringify(r.filesAfter)}`);
  for (const o of c.mustNotExist) if (existsSync(o)) p.push(`created ${o}`);
  return p;
}

const codeOf = (stdout: string): string | undefined => {
  try {
    return (JSON.parse(stdout) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vouch-hardening-cli-'));
  const made = await run([RUN_TS, supportModule('cli-world.ts'), root], { timeoutMs: 120_000 });
  if (made.status !== 0) throw new Error(`building the CLI world failed:\n${made.stdout}\n${made.stderr}`);
  world = JSON.parse(readFileSync(join(root, WORLD_FILE), 'utf8')) as CliWorld;
  secrets = [world.holderSecret, ...sensitiveLines('/etc/passwd'), ...sensitiveLines('/etc/shadow')];
  bad = badFiles(root);
  cases = buildCases();

  // the matrix, in four driver processes, two at a time (the machine has two cores)
  const chunks: MatrixCase[][] = [[], [], [], []];
  cases.forEach((c, i) => chunks[c.arg.startsWith('serve') ? 3 : i % 3]!.push(c));
  await limited(
    chunks.map((chunk, i) => async () => {
      const casesFile = join(root, `cases-${i}.json`);
      const resultsFile = join(root, `results-${i}.json`);
      // each driver gets its own copy of the data dir: a case that did write must not blame another
      const dataDir = copyDataDir(`data-driver-${i}`);
      writeFileSync(
        casesFile,
        JSON.stringify(
          chunk.map((c) => ({ ...c, dataDir, argv: c.argv.map((x) => (x === world.dataDir ? dataDir : x)) })),
        ),
      );
      const r = await run([RUN_TS, supportModule('cli-driver.ts'), casesFile, resultsFile], { timeoutMs: 300_000 });
      if (r.status !== 0 && !existsSync(resultsFile)) throw new Error(`driver ${i} died: ${r.stderr}`);
      for (const res of JSON.parse(readFileSync(resultsFile, 'utf8')) as DriverResult[]) results.set(res.id, res);
    }),
    2,
  );
}, 600_000);

afterAll(() => {
  const tally: Record<string, number> = {};
  for (const r of results.values()) {
    const code = codeOf(r.stdout) ?? `status ${r.status}`;
    tally[code] = (tally[code] ?? 0) + 1;
  }
  process.stdout.write(
    `hardening/cli-files: ${results.size} cases run, ${skipped.length} skipped (${bad?.canRestrict ? 'none for permissions' : 'mode-000 files are readable here (root)'}); codes ${JSON.stringify(tally)}\n`,
  );
  if (root && !process.env.VOUCH_HARDENING_KEEP) rmSync(root, { recursive: true, force: true });
});

/** A copy of the world's data dir (database, WAL, keys) under root/name. */
function copyDataDir(name: string): string {
  const to = join(root, name);
  cpSync(world.dataDir, to, { recursive: true });
  return to;
}

/** Lines of a system file worth never echoing (skips blank lines); none when it is not readable. */
function sensitiveLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.includes(':') && l.length > 8)
      .slice(0, 3);
  } catch {
    return [];
  }
}

describe('every file argument, fed a bad file, gives a coded error and changes nothing', () => {
  it('covers every command that takes a file (from the commander program)', async () => {
    const { buildProgram } = await import('../../src/cli/main.js');
    const fileOptions: string[] = [];
    const walk = (c: import('commander').Command, path: string[]) => {
      const here = [...path, c.name()];
      if (c.commands.length === 0) {
        for (const o of c.options)
          if (/<(file|bundle|key)>/.test(o.flags)) fileOptions.push(`${here.slice(1).join(' ')} ${o.long}`);
        for (const a of c.registeredArguments)
          if (/file|bundle/.test(a.name())) fileOptions.push(`${here.slice(1).join(' ')} ${a.name()}`);
      }
      for (const s of c.commands) walk(s, here);
    };
    walk(await buildProgram(), []);
    const covered = new Set([...INPUTS, ...OUTPUTS].map((a) => a.arg));
    expect(fileOptions.filter((f) => !covered.has(f))).toEqual([]);
    expect(fileOptions.length).toBeGreaterThanOrEqual(30);
  });

  it('ran every case of the matrix', () => {
    expect(cases.length).toBeGreaterThan(300);
    expect(cases.filter((c) => !results.has(c.id)).map((c) => c.id)).toEqual([]);
    if (!bad.canRestrict) expect(skipped.filter((s) => s.endsWith('× unreadable')).length).toBe(INPUTS.length);
  });

  for (const a of INPUTS) {
    it(`${a.arg}: ${INPUT_KINDS.join(', ')}`, () => {
      const mine = cases.filter((c) => c.arg === a.arg);
      expect(mine.length).toBeGreaterThanOrEqual(8);
      const broken = mine.flatMap((c) => {
        const r = results.get(c.id);
        return r ? problems(c, r).map((p) => `${c.kind}: ${p}`) : [`${c.kind}: not run`];
      });
      expect(broken).toEqual([]);
    });
  }

  it('a missing path, a directory and a symlink loop are FILE_UNREADABLE (vendor JWKS: CONFIG_INVALID; --log-key: a bad key)', () => {
    const wrong = cases.flatMap((c) => {
      const a = INPUTS.find((x) => x.arg === c.arg);
      if (!a || !['missing', 'directory', 'symlink-loop', 'unreadable'].includes(c.kind)) return [];
      const want = a.unreadable?.(c.kind as InputKind) ?? 'FILE_UNREADABLE';
      const got = codeOf(results.get(c.id)?.stdout ?? '');
      return got === want ? [] : [`${c.id}: ${got} (want ${want})`];
    });
    expect(wrong).toEqual([]);
  });
});

describe('every output argument, pointed at a bad place, gives a coded error and changes nothing', () => {
  for (const a of OUTPUTS) {
    it(`${a.arg}: ${a.kinds.join(', ')}`, () => {
      const broken = cases
        .filter((c) => c.arg === a.arg)
        .flatMap((c) => {
          const r = results.get(c.id);
          return r ? problems(c, r).map((p) => `${c.kind}: ${p}`) : [`${c.kind}: not run`];
        });
      expect(broken).toEqual([]);
      // the failure is about the output, not something before it
      const codes = cases.filter((c) => c.arg === a.arg).map((c) => codeOf(results.get(c.id)?.stdout ?? ''));
      expect(codes.filter((x) => x !== 'FILE_UNREADABLE' && x !== 'CONFLICT')).toEqual([]);
      expect(readFileSync(join(root, 'victim.json'), 'utf8')).toBe('{"victim":true}\n');
      expect(readdirSync(join(root, 'a-directory'))).toEqual([]);
    });
  }

  it('leaves no temporary or partial file behind anywhere in the working tree', () => {
    expect(readdirSync(join(root, 'out'))).toEqual([]);
    expect(readdirSync(join(root, 'a-directory'))).toEqual([]);
    expect(
      readdirSync(root).filter(
        (n) =>
          !/^(bad|fx|data|data-(driver|bin)-\d+|out|a-directory|victim\.json|world\.json|cases-\d\.json|results-\d\.json)$/.test(
            n,
          ),
      ),
    ).toEqual([]);
  });
});

describe('the real binary', () => {
  it('agrees with the in-process driver: same exit status and code, nothing changed (one case per command, every kind)', async () => {
    // one bad-file case per command (the command path without its option), rotating through the kinds
    const kinds = [
      ...INPUT_KINDS.filter((k) => bad.canRestrict || k !== 'unreadable'),
      'missing-dir',
      'directory',
      'exists',
    ];
    const byCommand = new Map<string, MatrixCase[]>();
    for (const c of cases) {
      const command = c.arg.replace(/ (--\S+|file|bundle)$/, '');
      byCommand.set(command, [...(byCommand.get(command) ?? []), c]);
    }
    const picks = [...byCommand.values()].map(
      (mine, i) => mine.find((c) => c.kind === kinds[i % kinds.length]) ?? mine[i % mine.length]!,
    );
    expect(new Set(picks.map((c) => c.kind)).size).toBeGreaterThanOrEqual(9);
    const ran = await limited(
      picks.map((c, i) => async () => {
        const dataDir = copyDataDir(`data-bin-${i}`);
        const db = join(dataDir, 'vouch.sqlite');
        const before = { db: dumpDigest(dumpDatabase(db)), files: dataDirFiles(dataDir) };
        const r = await run([BIN, ...c.argv.map((x) => (x === world.dataDir ? dataDir : x))], {
          cwd: c.cwd,
          timeoutMs: 60_000,
        });
        const observed: Observed = {
          ...r,
          dbBefore: before.db,
          dbAfter: dumpDigest(dumpDatabase(db)),
          filesBefore: before.files,
          filesAfter: dataDirFiles(dataDir),
        };
        return { c, r: observed };
      }),
      2,
    );
    const broken = ran.flatMap(({ c, r }) => {
      const inDriver = results.get(c.id)!;
      const p = problems(c, r).map((x) => `${c.id}: ${x}`);
      if (r.status !== inDriver.status || codeOf(r.stdout) !== codeOf(inDriver.stdout)) {
        p.push(
          `${c.id}: binary ${r.status}/${codeOf(r.stdout)} vs driver ${inDriver.status}/${codeOf(inDriver.stdout)}`,
        );
      }
      return p;
    });
    expect(broken).toEqual([]);
    expect(picks.length).toBeGreaterThanOrEqual(18);
  }, 180_000);
});
