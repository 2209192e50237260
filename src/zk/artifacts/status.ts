/**
 * Whether artifacts are present and verified, and whether they come from the dev ceremony — told
 * by the verifying key's points (dev-ceremony.ts), never by the manifest's own `kind`, which a
 * copy of the dev artifacts can set to anything.
 */
import { readFileSync } from 'node:fs';
import { isVouchError } from '../../errors/index.js';
import type { VerifyingKeyJson } from '../verifying-key.js';
import { isDevVerifyingKey } from './dev-ceremony.js';
import { ensureArtifacts } from './ensure.js';

export interface ArtifactsStatus {
  present: boolean;
  dev: boolean;
  constraints?: number;
  reason?: string;
}

export async function artifactsStatus(): Promise<ArtifactsStatus> {
  try {
    const a = await ensureArtifacts({ build: false });
    const vkey = JSON.parse(readFileSync(a.files.vkey, 'utf8')) as VerifyingKeyJson;
    return { present: true, dev: await isDevVerifyingKey(vkey), constraints: a.manifest.constraints };
  } catch (err) {
    return { present: false, dev: true, reason: isVouchError(err) ? err.code : 'INTERNAL' };
  }
}
