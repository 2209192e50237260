/**
 * Holder-side: makes an Anon Aadhaar proof bound to a Vouch subject commitment, with the official
 * SDK (`@anon-aadhaar/core` generateArgs + prove) and the proving artifacts from
 * ANON_AADHAAR_ARTIFACTS_DIR. The issuer never runs this: it only verifies. The QR data and the
 * resulting witness are the holder's personal data; nothing here logs or stores them.
 *
 * The core package is loaded through a non-literal specifier: its `types` entry is raw TypeScript
 * that does not type-check under this project's settings, so it is described by the narrow
 * interface below instead.
 */
import { VouchError } from '../../errors/index.js';
import { FIELD_MODULUS } from '../../zk/index.js';
import { resolveAnonAadhaarArtifacts } from './artifacts.js';

export type RevealField = 'revealAgeAbove18' | 'revealGender' | 'revealPinCode' | 'revealState';

export interface AnonAadhaarProveOptions {
  /** The Secure QR's content as the big decimal integer the QR encodes. */
  qrData: string;
  /** UIDAI certificate (PEM) whose key signed the QR. */
  certificatePem: string;
  /** The holder's subject commitment; becomes the proof's signal. */
  subject: bigint;
  /** The issuer's app id. */
  nullifierSeed: bigint;
  reveal?: readonly RevealField[];
  /** Defaults to $ANON_AADHAAR_ARTIFACTS_DIR. */
  artifactsDir?: string;
}

interface ArgumentValue {
  value?: string | string[];
}
export type AnonAadhaarProverArgs = Record<string, ArgumentValue>;

interface AnonAadhaarCoreModule {
  generateArgs(options: {
    qrData: string;
    certificateFile: string;
    nullifierSeed: bigint;
    fieldsToRevealArray?: RevealField[];
    signal?: string;
  }): Promise<AnonAadhaarProverArgs>;
  init(args: { wasmURL: string; zkeyURL: string; vkeyURL: string; artifactsOrigin: number }): Promise<void>;
  prove(args: AnonAadhaarProverArgs): Promise<{ proof: Record<string, unknown> }>;
  ArtifactsOrigin: { local: number };
}

const CORE: string = '@anon-aadhaar/core';
async function loadCore(): Promise<AnonAadhaarCoreModule> {
  return (await import(CORE)) as AnonAadhaarCoreModule;
}

/** Circuit inputs for the QR, bound to the subject (no artifacts needed). */
export async function anonAadhaarProverArgs(options: AnonAadhaarProveOptions): Promise<AnonAadhaarProverArgs> {
  if (typeof options.subject !== 'bigint' || options.subject < 0n || options.subject >= FIELD_MODULUS) {
    throw new RangeError('subject must be a BN254 field element');
  }
  if (
    typeof options.nullifierSeed !== 'bigint' ||
    options.nullifierSeed < 0n ||
    options.nullifierSeed >= FIELD_MODULUS
  ) {
    throw new RangeError('nullifierSeed must be a BN254 field element');
  }
  const core = await loadCore();
  try {
    return await core.generateArgs({
      qrData: options.qrData,
      certificateFile: options.certificatePem,
      nullifierSeed: options.nullifierSeed,
      fieldsToRevealArray: [...(options.reveal ?? [])],
      // core hashes the signal with BigNumber.from(): a decimal string is read as that integer.
      signal: options.subject.toString(10),
    });
  } catch (cause) {
    throw new VouchError('INPUT_INVALID', 'the Aadhaar QR data or certificate could not be read', { cause });
  }
}

/** Makes the proof; returns it as JSON in the shape `verifyAnonAadhaarEvidence` reads. */
export async function proveAnonAadhaar(options: AnonAadhaarProveOptions): Promise<string> {
  const artifacts = resolveAnonAadhaarArtifacts(options.artifactsDir ?? process.env.ANON_AADHAAR_ARTIFACTS_DIR);
  const args = await anonAadhaarProverArgs(options);
  const core = await loadCore();
  await core.init({
    wasmURL: artifacts.wasm,
    zkeyURL: artifacts.zkey,
    vkeyURL: '',
    artifactsOrigin: core.ArtifactsOrigin.local,
  });
  const { proof } = await core.prove(args);
  return JSON.stringify(proof);
}
