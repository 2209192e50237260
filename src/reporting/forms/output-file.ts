/**
 * Where a report is written: a temporary file next to the target, renamed over it only when the
 * report is complete (a failed or restarted run never leaves half a report behind), or, for
 * stdout, a temporary file copied to stdout at the end. Writes are buffered and synchronous, so a
 * streaming sink (called synchronously by the tax engine) keeps memory flat at any output size.
 */
import { closeSync, createReadStream, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { VouchError } from '../../errors/index.js';

/** Flush threshold: large enough to make syscalls rare, small enough to be irrelevant to memory. */
const FLUSH_AT = 1 << 20;

export class OutputFile {
  private fd: number | undefined;
  private buffered: string[] = [];
  private size = 0;

  private constructor(
    private readonly target: string | undefined,
    private readonly temp: string,
  ) {
    try {
      this.fd = openSync(temp, 'wx', 0o600);
    } catch (cause) {
      throw new VouchError('FILE_UNREADABLE', `cannot create the output file next to ${target ?? 'stdout'}`, { cause });
    }
  }

  /** `path` undefined means stdout. */
  static open(path: string | undefined): OutputFile {
    const nonce = `${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
    const temp =
      path === undefined
        ? join(tmpdir(), `vouch-report.${nonce}.tmp`)
        : join(dirname(path), `.${basename(path)}.${nonce}.tmp`);
    return new OutputFile(path, temp);
  }

  write(text: string): void {
    this.buffered.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  /** Makes the output visible: rename into place, or copy to stdout. */
  async commit(): Promise<void> {
    this.flush();
    if (this.fd === undefined) throw new TypeError('output already closed');
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    if (this.target !== undefined) {
      try {
        renameSync(this.temp, this.target);
      } catch (cause) {
        // e.g. the target is a directory: no report, and no temporary file left behind
        rmSync(this.temp, { force: true });
        throw new VouchError('FILE_UNREADABLE', `cannot write the report to ${this.target}`, {
          cause,
          details: { path: this.target },
        });
      }
      return;
    }
    try {
      await pipeline(createReadStream(this.temp), process.stdout, { end: false });
    } finally {
      rmSync(this.temp, { force: true });
    }
  }

  /** Discards everything written. */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.buffered = [];
    rmSync(this.temp, { force: true });
  }

  private flush(): void {
    if (this.fd === undefined || this.buffered.length === 0) return;
    writeSync(this.fd, this.buffered.join(''));
    this.buffered = [];
    this.size = 0;
  }
}
