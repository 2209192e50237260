export { buildBundle } from './build-bundle.js';
export type { BuildBundleOptions, BundleLog, BundleSigner } from './build-bundle.js';
export { discloseRecords } from './disclose-records.js';
export { bundleBody, bundleBodyBytes, bundleLogPayload, recordHash, recordLeafHash } from './bundle-body.js';
export {
  registerBundleAggregator,
  bundleAggregator,
  bundleAggregatorKinds,
  GENERIC_BUNDLE_KIND,
} from './aggregators.js';
export type { AggregateRecomputer, AggregateContext } from './aggregators.js';
export { BUNDLE_JWS_ALGS, verifyDetached } from './detached-jws.js';
export type { BundleJwsAlg } from './detached-jws.js';
export { checkBundleLabels } from './labels.js';
export { BUNDLE_VERSION, COMMITMENT_ALG, LOG_PAYLOAD_FORMAT, SALT_BYTES, BUNDLE_JWS_TYP } from './types.js';
export type { ReportBundle, BundleBody, BundleRecord, BundleCommitment, BundleLogSection } from './types.js';
