/**
 * Production or development. Development is the only mode in which the dev ceremony's circuit
 * artifacts — whose randomness is public, so anyone can forge proofs — are used, and it is never a
 * default: it is asked for with `--dev` or VOUCH_ENV=development (or `allowDevArtifacts: true`).
 */
import { VouchError } from '../errors/index.js';

export const RUN_MODES = ['production', 'development'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** VOUCH_ENV: unset or empty means production; anything but the two names is a configuration error. */
export function runModeFromEnv(env: Record<string, string | undefined> = process.env): RunMode {
  const v = env.VOUCH_ENV?.trim();
  if (v === undefined || v === '') return 'production';
  if ((RUN_MODES as readonly string[]).includes(v)) return v as RunMode;
  throw new VouchError('CONFIG_INVALID', 'VOUCH_ENV must be "production" or "development"', {
    details: { env: 'VOUCH_ENV' },
  });
}
