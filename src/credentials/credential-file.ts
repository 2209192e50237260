/**
 * The credential as the holder keeps it (credential.json): named attributes, the 16 signed slots,
 * the EdDSA-Poseidon signature and the issuer's public key. The holder can check it offline with
 * `verifyCredentialFile` before ever proving with it.
 */
import { z } from 'zod';
import { VouchError } from '../errors/index.js';
import { credentialMessage, verifyPoseidon, type SignedSlots } from '../zk/index.js';
import { SLOT_COUNT, SLOTS, KYC_V1_SCHEMA_ID } from './schema.js';

const dec = z.string().regex(/^(0|[1-9][0-9]{0,77})$/);

export const credentialFileSchema = z
  .object({
    type: z.literal('vouch-credential'),
    schema: z.literal('kyc-v1'),
    id: z.string().min(1).max(64),
    issuer: z
      .object({
        id: z.string().min(1).max(64),
        kid: z.string().min(1).max(64),
        publicKey: z.object({ x: dec, y: dec }).strict(),
      })
      .strict(),
    credentialIndex: z
      .number()
      .int()
      .min(0)
      .max(2 ** 20 - 1),
    issuedAt: z.number().int().nonnegative(),
    expiresAt: z.number().int().nonnegative(),
    evidenceKind: z.enum(['vendor-jws', 'anon-aadhaar', 'manual']),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    slots: z.array(dec).length(SLOT_COUNT),
    signature: z.object({ R8: z.object({ x: dec, y: dec }).strict(), S: dec }).strict(),
  })
  .strict();

export type CredentialFile = z.infer<typeof credentialFileSchema>;

/** Checks the shape of an untrusted credential file and returns it typed; verifyCredentialFile checks its signature. */
export function parseCredentialFile(json: unknown): CredentialFile {
  const r = credentialFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new VouchError('INPUT_INVALID', `credential file: ${issue?.message ?? 'invalid'}`, {
      details: { path: issue?.path.join('.') },
    });
  }
  return r.data;
}

export function signedSlots(c: CredentialFile): SignedSlots {
  return {
    slots: c.slots.map((s) => BigInt(s)),
    signature: { R8: { x: BigInt(c.signature.R8.x), y: BigInt(c.signature.R8.y) }, S: BigInt(c.signature.S) },
    issuerPublicKey: { x: BigInt(c.issuer.publicKey.x), y: BigInt(c.issuer.publicKey.y) },
  };
}

/**
 * Checks the signature and that the named fields agree with the signed slots. Throws
 * CREDENTIAL_INVALID saying which check failed. With `subject`, also that it is the holder's.
 */
export function verifyCredentialFile(c: CredentialFile, subject?: bigint): void {
  const s = signedSlots(c);
  if (!verifyPoseidon(s.issuerPublicKey, credentialMessage(s.slots), s.signature)) {
    throw new VouchError('CREDENTIAL_INVALID', 'the issuer signature over the slots does not verify');
  }
  const checks: [string, bigint][] = [
    ['schemaId', KYC_V1_SCHEMA_ID],
    ['credentialIndex', BigInt(c.credentialIndex)],
    ['issuedAt', BigInt(c.issuedAt)],
    ['expiresAt', BigInt(c.expiresAt)],
  ];
  for (const [name, v] of checks) {
    if (s.slots[SLOTS[name as keyof typeof SLOTS]] !== v)
      throw new VouchError('CREDENTIAL_INVALID', `${name} does not match the signed slot`);
  }
  if (subject !== undefined && s.slots[SLOTS.subject] !== subject) {
    throw new VouchError('CREDENTIAL_NOT_HOLDERS', 'the credential was issued to another holder');
  }
}
