/** Whether artifacts are present and verified, and whether they come from the dev ceremony. */
import { isVouchError } from '../../errors/index.js';
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
    return { present: true, dev: a.manifest.ceremony.kind === 'dev', constraints: a.manifest.constraints };
  } catch (err) {
    return { present: false, dev: true, reason: isVouchError(err) ? err.code : 'INTERNAL' };
  }
}
