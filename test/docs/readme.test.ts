/**
 * README.md runs as written. Convention: every ```sh block is run, in document order, in ONE bash
 * shell (so a variable or `cd` of one block holds in the next, as in a terminal), with `set -e` and
 * `pipefail`; ```text blocks are illustrations and never run; other languages (json, ts) are not
 * shell. The shell starts in the checkout, as a reader's does, with `vouch` on PATH the way the
 * README's `npm link` puts it there (emulated: a global prefix of the test's own, whose
 * lib/node_modules/vouch links to this checkout, so `npm root -g` finds it too), no VOUCH_* from
 * the environment, and PORT set to a free port for `vouch serve`. The first block moves to a
 * scratch directory; nothing may land in the checkout.
 *
 * Fails with the block that failed and its output. Also checks: every TypeScript block is a file
 * test/package/consumer.test.ts compiles (and, for the embedding program, runs); heredocs of files that also
 * live in examples/reporting/ say the same; every file the walkthrough writes would be ignored by
 * git had a reader run it in the checkout; piped output carries no ANSI escapes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt } from '../package/support/built.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const noArtifacts = process.env.VOUCH_TEST_NO_ARTIFACTS === '1';
const MARK = '@@readme-block';

interface Block {
  lang: string;
  code: string;
  line: number;
}

/** Fenced blocks of a Markdown document, with their info-string language and starting line. */
export function fencedBlocks(md: string): Block[] {
  const out: Block[] = [];
  for (const m of md.matchAll(/^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm)) {
    out.push({ lang: m[1]!.trim(), code: m[2]!, line: md.slice(0, m.index).split('\n').length });
  }
  return out;
}

const blocks = fencedBlocks(README);
const shBlocks = blocks.filter((b) => b.lang === 'sh');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function filesUnder(dir: string, skip: Set<string>): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (skip.has(d.name)) return [];
    return d.isDirectory() ? filesUnder(p, skip).map((f) => join(d.name, f)) : [d.name];
  });
}

describe('README.md conventions', () => {
  it('marks every shell block sh (run) or text (illustration), never an ambiguous shell language', () => {
    const ambiguous = blocks.filter((b) => ['', 'bash', 'shell', 'console', 'zsh', 'shell-session'].includes(b.lang));
    expect(ambiguous.map((b) => `line ${b.line}: \`\`\`${b.lang}`)).toEqual([]);
    expect(shBlocks.length).toBeGreaterThan(5);
  });

  it('shows only TypeScript that test/package/consumer.test.ts compiles against the installed package, byte for byte', () => {
    // consumer.test.ts type-checks venue.ts and imports.ts under strict and runs venue.ts
    const tested = ['venue.ts', 'imports.ts'].map((f) => readFileSync(join(ROOT, 'test/package/consumer', f), 'utf8'));
    const ts = blocks.filter((b) => ['ts', 'typescript', 'js', 'javascript', 'mjs'].includes(b.lang));
    expect(ts.length).toBeGreaterThan(0);
    expect(
      ts
        .filter((b) => !tested.includes(b.code))
        .map(
          (b) =>
            `line ${b.line}: untested \`\`\`${b.lang} block (make it a file of test/package/consumer/, or a text block)`,
        ),
    ).toEqual([]);
    expect(ts.map((b) => b.code)).toContain(tested[0]);
  });

  it('shows the same example files as examples/reporting/ where it writes one of theirs', () => {
    const heredocs = [
      ...shBlocks
        .map((b) => b.code)
        .join('\n')
        .matchAll(/^cat > ([\w.-]+) <<'EOF'\n([\s\S]*?)^EOF$/gm),
    ];
    const shared = heredocs.filter((m) => existsSync(join(ROOT, 'examples/reporting', m[1]!)));
    expect(shared.length).toBeGreaterThanOrEqual(3);
    for (const [, name, body] of shared) {
      const example = readFileSync(join(ROOT, 'examples/reporting', name!), 'utf8');
      if (name!.endsWith('.json')) expect(JSON.parse(body!), name).toEqual(JSON.parse(example));
      else expect(body, name).toBe(example);
    }
  });
});

describe.skipIf(noArtifacts)('README.md, run top to bottom', () => {
  let work = '';
  let result: { status: number | null; output: string; scratch: string };

  beforeAll(async () => {
    ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'vouch-readme-'));
    const prefix = join(work, 'npm-prefix');
    const scratchParent = join(work, 'tmp');
    // what `npm link` in the checkout makes: <prefix>/lib/node_modules/vouch -> the checkout, and
    // <prefix>/bin/vouch -> its bin/vouch.mjs
    mkdirSync(join(prefix, 'lib/node_modules'), { recursive: true });
    mkdirSync(join(prefix, 'bin'));
    mkdirSync(scratchParent);
    symlinkSync(ROOT, join(prefix, 'lib/node_modules/vouch'));
    symlinkSync('../lib/node_modules/vouch/bin/vouch.mjs', join(prefix, 'bin/vouch'));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!k.startsWith('VOUCH_') || k === 'VOUCH_CACHE_DIR') env[k] = v;
    Object.assign(env, {
      PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:${process.env.PATH}`,
      npm_config_prefix: prefix,
      TMPDIR: scratchParent,
      PORT: String(await freePort()),
    });
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    // a block that fails half-way must not leave a service it started in the background running
    const script = [
      'exec 2>&1',
      'set -eo pipefail',
      "trap 'jobs -p | xargs -r kill 2>/dev/null' EXIT",
      ...shBlocks.map((b, i) => `echo '${MARK} ${i}'\n${b.code}`),
    ].join('\n');
    const r = spawnSync('bash', ['-c', script], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const scratch = readdirSync(scratchParent).map((n) => join(scratchParent, n));
    result = {
      status: r.status,
      output: `${r.stdout}${r.error ? `\n${r.error.message}` : ''}`,
      scratch: scratch[0] ?? '',
    };
  }, 900_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs every sh block without an error', () => {
    if (result.status !== 0) {
      const at = result.output.lastIndexOf(MARK);
      const i = at < 0 ? 0 : Number(/\d+/.exec(result.output.slice(at + MARK.length))![0]);
      const block = shBlocks[i]!;
      const output = at < 0 ? result.output : result.output.slice(at).split('\n').slice(1).join('\n');
      expect.fail(
        `README.md block at line ${block.line} failed (exit ${result.status}):\n${block.code}\n--- its output:\n${output}`,
      );
    }
  });

  it('admits the trade over HTTP, refuses its replay, and the auditor checks pass', () => {
    expect(result.output).toMatch(/"allowed":\s*true/);
    expect(result.output).toContain('NULLIFIER_REPLAYED');
    expect(result.output).toMatch(/PASS consistency/);
    expect(result.output).not.toMatch(/FAIL/);
  });

  it('prints no ANSI escapes when its output is not a terminal', () => {
    expect(result.output).not.toMatch(/\u001b\[/);
  });

  it('writes into a scratch directory, never into the checkout, and git would ignore every file it writes', () => {
    expect(result.scratch).not.toBe('');
    const written = filesUnder(result.scratch, new Set(['data', 'policies', 'evm']));
    expect(written.length).toBeGreaterThan(10);
    const landed = written.filter((f) => existsSync(join(ROOT, f)) && !isTracked(f));
    expect(landed).toEqual([]);
    const top = readdirSync(result.scratch, { withFileTypes: true })
      .filter((d) => d.name !== 'policies')
      .map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
    const check = spawnSync('git', ['check-ignore', '--no-index', '--stdin'], {
      cwd: ROOT,
      input: top.join('\n'),
      encoding: 'utf8',
    });
    const ignored = new Set(check.stdout.split('\n').filter(Boolean));
    expect(top.filter((n) => !ignored.has(n))).toEqual([]);
    expect(relative(ROOT, result.scratch).startsWith('..')).toBe(true);
  });
});

function isTracked(path: string): boolean {
  return spawnSync('git', ['ls-files', '--error-unmatch', path], { cwd: ROOT }).status === 0;
}
