/**
 * A bench child process (`npm run bench -- --child KIND ARGS…`) driven line by line: it prints
 * `ready` once set up, then answers each "go N" with `{"ms": …}`, the time its N operations took.
 * The postgres suite runs its second (and third) process this way.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export class BenchChild {
  readonly proc: ChildProcessByStdio<Writable, Readable, null>;
  readonly #lines: AsyncIterator<string>;
  constructor(
    readonly kind: string,
    args: readonly string[],
  ) {
    const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'vouch-bench.mjs');
    this.proc = spawn(process.execPath, [bin, '--child', kind, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.#lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }
  async next(): Promise<string> {
    const r = await this.#lines.next();
    if (r.done) throw new Error(`a bench child process (${this.kind}) exited`);
    return r.value;
  }
  /** Waits for the child's `ready`. */
  async ready(): Promise<void> {
    if ((await this.next()) !== 'ready') throw new Error(`bench child ${this.kind} did not start`);
  }
  async run(n: number): Promise<number> {
    this.proc.stdin.write(`go ${n}\n`);
    return (JSON.parse(await this.next()) as { ms: number }).ms;
  }
  async stop(): Promise<void> {
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.stdin.end();
    await exited;
  }
}
