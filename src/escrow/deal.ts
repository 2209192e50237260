/**
 * One member's dealing (Pedersen's DKG, Feldman commitments): a fresh random polynomial of degree
 * k−1, its commitments, a proof of possession of its constant term, and f(j) for every member j
 * encrypted to j's transport key. The polynomial is dropped when this returns; the dealer keeps
 * nothing but its own share, which it receives like everyone else (encrypted to itself).
 */
import { signMessage, memberOfSecret, type Committee, type MemberSecret } from './committee.js';
import { pointJson, proofJson, scalar } from './lib/codec.js';
import { G } from './lib/curve.js';
import { POP_DOMAIN, type DealingJson } from './lib/dealing.js';
import { proveDleq } from './lib/dleq.js';
import { commit, evaluate, randomPolynomial } from './lib/polynomial.js';
import { sealShare } from './lib/share-transport.js';

export function createDealing(committee: Committee, secret: MemberSecret): DealingJson {
  const me = memberOfSecret(committee, secret);
  scalar(secret.transportSecret, 'transportSecret', 'INPUT_INVALID');
  const f = randomPolynomial(committee.threshold);
  try {
    const commitments = commit(f);
    const pop = proveDleq(
      POP_DOMAIN,
      [committee.id, BigInt(me.index)],
      { g: G, x: commitments[0]!, h: G, y: commitments[0]! },
      f[0]!,
    );
    const body: Omit<DealingJson, 'signature'> = {
      type: 'vouch-escrow-dealing',
      version: 1,
      committeeId: committee.id,
      dealer: me.index,
      commitments: commitments.map(pointJson),
      proofOfPossession: proofJson(pop),
      shares: committee.members.map((m) => {
        const sealed = sealShare(evaluate(f, m.index), m.transportKey, {
          committeeId: committee.id,
          dealer: me.index,
          recipient: m.index,
        });
        return {
          recipient: m.index,
          ephemeral: pointJson(sealed.ephemeral),
          ciphertext: sealed.ciphertext.toString('base64url'),
        };
      }),
    };
    return { ...body, signature: signMessage(secret, 'dealing', body) };
  } finally {
    f.fill(0n);
  }
}
