/**
 * A step progress bar for long artifact builds, on stderr. On a TTY it redraws one line with the
 * step, a bar fed by snarkjs' "i/n" debug messages, and elapsed seconds; elsewhere it prints one
 * line per step so CI logs stay readable.
 */
import type { Logger } from 'snarkjs';

export interface Progress {
  step(label: string): void;
  logger: Logger;
  done(summary: string): void;
}

export function createProgress(total: number, enabled: boolean): Progress {
  const tty = enabled && process.stderr.isTTY === true;
  let n = 0;
  let label = '';
  let frac = 0;
  let started = Date.now();
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;

  const draw = () => {
    const width = 24;
    const filled = Math.round(frac * width);
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    process.stderr.write(
      `\r\x1b[2K[${n}/${total}] ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${secs}s`,
    );
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  const logger: Logger = {
    debug(msg: string) {
      const m = /(\d+)\/(\d+)\s*$/.exec(msg);
      if (m && Number(m[2]) > 0) frac = Math.min(1, Number(m[1]) / Number(m[2]));
    },
    info() {},
    warn(msg: string) {
      if (enabled) process.stderr.write(`\n${msg}\n`);
    },
    error() {},
  };

  return {
    logger,
    step(next: string) {
      if (!enabled) return;
      if (n > 0 && !tty) process.stderr.write(` (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
      n += 1;
      label = next;
      frac = 0;
      started = Date.now();
      if (tty) {
        stopTimer();
        timer = setInterval(draw, 250);
        timer.unref();
        draw();
      } else process.stderr.write(`[${n}/${total}] ${label}...`);
    },
    done(summary: string) {
      stopTimer();
      if (!enabled) return;
      if (tty) process.stderr.write('\r\x1b[2K');
      else if (n > 0) process.stderr.write(` (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
      process.stderr.write(`${summary} in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
    },
  };
}
