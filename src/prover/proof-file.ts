/**
 * proof.json: a policy proof as it travels from holder to venue. `proof` and `publicSignals` are
 * plain snarkjs Groth16 format (any Groth16 tool can check them against the published vkey);
 * the rest is metadata the hook cross-checks against its own policy, trade and registry — it
 * never trusts the metadata over the public signals. A proof of the accountable variant (a policy
 * with escrow or a cumulative limit) has 17 public signals instead of 7; which circuit a proof must
 * be of is decided by the policy the venue selected, never by the file.
 */
import { z } from 'zod';
import { VouchError } from '../errors/index.js';

const dec = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/)
  .max(80);

export const proofFileSchema = z
  .object({
    type: z.literal('vouch-proof'),
    version: z.literal(1),
    policy: z.object({ id: z.string().min(1).max(100), version: z.string().min(1).max(50), policyHash: dec }).strict(),
    /** Trade mode: the canonical trade JSON the proof binds. Session mode: the session key binding. */
    binding: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('trade'), canonical: z.string().min(2).max(4096) }).strict(),
      z
        .object({
          kind: z.literal('session'),
          publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
          venue: z.string().min(1).max(100),
          epoch: z.number().int().nonnegative(),
        })
        .strict(),
    ]),
    proof: z
      .object({
        pi_a: z.array(z.string().max(80)).length(3),
        pi_b: z.array(z.array(z.string().max(80)).length(2)).length(3),
        pi_c: z.array(z.string().max(80)).length(3),
        protocol: z.literal('groth16'),
        curve: z.literal('bn128'),
      })
      .strict(),
    /** 7 for the base circuit, 17 for the accountable variant; the hook holds the count to the policy's circuit. */
    publicSignals: z
      .array(z.string().max(80))
      .min(7)
      .max(17)
      .refine(
        (a) => a.length === 7 || a.length === 17,
        'a policy proof has 7 (base) or 17 (accountable) public signals',
      ),
    createdAt: z.number().int().nonnegative(),
  })
  .strict();

export type ProofFile = z.infer<typeof proofFileSchema>;

/** Checks the shape of an untrusted proof file (policy, trade, proof, public signals) and returns it typed; verifies nothing. */
export function parseProofFile(json: unknown): ProofFile {
  const r = proofFileSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new VouchError('PROOF_MALFORMED', `proof file: ${i?.message ?? 'invalid'}`, {
      details: { path: i?.path.join('.') },
    });
  }
  return r.data;
}
