/**
 * Once per test run, before any worker starts: build (or find in the cache) both circuits' artifacts
 * and make a few honest proofs that test files share via inject('sharedProofs').
 * VOUCH_TEST_NO_ARTIFACTS=1 skips both, for runs that touch no proofs.
 */
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<void> {
  if (process.env.VOUCH_TEST_NO_ARTIFACTS === '1') {
    project.provide('sharedProofs', []);
    return;
  }
  const { ensureArtifacts } = await import('../src/zk/artifacts/ensure.js');
  const { releaseCurves } = await import('../src/zk/curve.js');
  const { makeSharedProofs } = await import('./support/shared-proofs.js');
  try {
    await ensureArtifacts({ progress: true });
    // the accountable variant (2^15) too, here and not in the first test that proves under it: a
    // cold cache builds it for many minutes, longer than any test's timeout
    await ensureArtifacts({ progress: true, circuit: 'policy-accountable' });
    project.provide('sharedProofs', await makeSharedProofs(4));
  } finally {
    await releaseCurves();
  }
}
