/**
 * What snarkjs says while it runs a ceremony step, kept: its logger's messages (the contribution
 * hashes `zkey verify` prints are read back from them, see verify.ts) and its console.log lines
 * (zkey verification reports a bad contribution with console.log, which would otherwise land on
 * stdout, in the middle of a command's --json).
 */
import type { Logger } from 'snarkjs';

export interface SnarkjsLog {
  logger: Logger;
  info: string[];
  errors: string[];
}

/** A logger that keeps info and error messages; `progress` sees every message (for a progress line). */
export function snarkjsLog(progress?: (msg: string) => void): SnarkjsLog {
  const info: string[] = [];
  const errors: string[] = [];
  return {
    info,
    errors,
    logger: {
      debug: (m) => progress?.(m),
      info: (m) => {
        info.push(m);
        progress?.(m);
      },
      warn: (m) => progress?.(m),
      error: (m) => {
        errors.push(m);
        progress?.(m);
      },
    },
  };
}

/**
 * Runs `f` with console.log diverted into `log.errors` (snarkjs prints its "INVALID(i)" findings
 * there). Process-wide while it runs: ceremony steps run one at a time, in a CLI process.
 */
export async function quietly<T>(log: SnarkjsLog, f: () => Promise<T>): Promise<T> {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    log.errors.push(args.map(String).join(' '));
  };
  try {
    return await f();
  } finally {
    console.log = original;
  }
}
