/**
 * Recognises verifying keys of the dev ceremony by their points, never by what a manifest says
 * about itself: a copy of the dev artifacts behind a manifest that calls itself `production` is
 * still dev, because its key is.
 *
 * The dev ceremony's only "entropy" is the public beacon (build.ts), and snarkjs derives every
 * secret of a beacon contribution from it: the powers-of-tau beacon draws tau, alpha and beta, the
 * phase-2 beacon draws delta (= tau: same seed), all from ChaCha seeded by 2^10 rounds of SHA-256
 * over the beacon. alpha and beta come from phase 1, so they are the same for every circuit and
 * every ptau size built on the dev powers of tau. A key is dev — forgeable by anyone — when its
 * alpha, beta or delta is the dev one: knowing delta alone lets one forge (C = -L / delta with
 * A = alpha, B = beta), and knowing tau lets one recover 1/delta from the zkey's H query.
 *
 * This module must never be used to accept anything; it only says "refuse".
 */
import { createHash } from 'node:crypto';
import { getCurve } from '../curve.js';
import type { VerifyingKeyJson } from '../verifying-key.js';

/** Public beacon for the dev ceremony: SHA-256("vouch dev ceremony - NOT FOR PRODUCTION"). */
export const DEV_BEACON = '9d6f24a99661ee64e2d433f10b2c693eaf1b1c8f7090b650b725c7405bcbefbe';
/** snarkjs' numIterationsExp for both beacons (build.ts passes it). */
export const DEV_BEACON_ITERATIONS_EXP = 10;
const BEACON_ITERATIONS = 1 << DEV_BEACON_ITERATIONS_EXP;

export interface DevTrapdoor {
  /** ffjavascript Fr elements (the curve's own encoding), as snarkjs drew them. */
  tau: Uint8Array;
  alpha: Uint8Array;
  beta: Uint8Array;
  delta: Uint8Array;
}

interface DevPoints {
  alpha1: string;
  beta2: string;
  delta2: string;
}

let points: Promise<DevPoints> | undefined;

/** The dev ceremony's secrets, recomputed from the public beacon (tests forge proofs with them). */
export async function devTrapdoor(): Promise<DevTrapdoor> {
  const curve = await getCurve();
  const { ChaCha } = await import('ffjavascript'); // loaded on first use, like the curve (CLI start-up)
  let h: Buffer = Buffer.from(DEV_BEACON, 'hex');
  for (let i = 0; i < BEACON_ITERATIONS; i++) h = createHash('sha256').update(h).digest();
  const seed = Array.from({ length: 8 }, (_, i) => h.readUInt32BE(4 * i));
  const phase1 = new ChaCha(seed);
  const tau = curve.Fr.fromRng(phase1);
  const alpha = curve.Fr.fromRng(phase1);
  const beta = curve.Fr.fromRng(phase1);
  const delta = curve.Fr.fromRng(new ChaCha(seed)); // the phase-2 beacon reseeds from the same beacon
  return { tau, alpha, beta, delta };
}

function devPoints(): Promise<DevPoints> {
  points ??= (async () => {
    const curve = await getCurve();
    const t = await devTrapdoor();
    const g1 = (s: Uint8Array) => key(curve.G1.toObject(curve.G1.toAffine(curve.G1.timesFr(curve.G1.g, s))));
    const g2 = (s: Uint8Array) => key(curve.G2.toObject(curve.G2.toAffine(curve.G2.timesFr(curve.G2.g, s))));
    return { alpha1: g1(t.alpha), beta2: g2(t.beta), delta2: g2(t.delta) };
  })();
  points.catch(() => (points = undefined));
  return points;
}

/** True when the key's alpha, beta or delta is the dev ceremony's: anyone can forge proofs under it. */
export async function isDevVerifyingKey(
  vk: Pick<VerifyingKeyJson, 'vk_alpha_1' | 'vk_beta_2' | 'vk_delta_2'>,
): Promise<boolean> {
  const dev = await devPoints();
  return key(vk.vk_alpha_1) === dev.alpha1 || key(vk.vk_beta_2) === dev.beta2 || key(vk.vk_delta_2) === dev.delta2;
}

/**
 * True when a G1 point (affine decimal coordinates) is the dev ceremony's alpha: a powers-of-tau
 * file whose alpha is the dev one is the dev powers of tau (alpha and tau come from one beacon).
 */
export async function isDevAlpha1(point: readonly unknown[]): Promise<boolean> {
  return key(point) === (await devPoints()).alpha1;
}

/** Affine coordinates as decimal strings, projective z dropped (snarkjs writes z = 1). */
function key(coords: unknown): string {
  if (!Array.isArray(coords)) return '';
  return JSON.stringify(coords.slice(0, 2).map((c) => (Array.isArray(c) ? c.map(String) : String(c))));
}
