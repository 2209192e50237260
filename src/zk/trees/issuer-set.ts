/**
 * The verifier's trusted issuer set: leaf = Poseidon(Ax, Ay, statusRoot), 4-ary tree of depth 3
 * (64 issuers). Its root is the public `issuerSetRoot`; the proof never says which leaf it used.
 */
import { poseidon } from '../poseidon.js';
import type { BabyJubPoint } from '../eddsa.js';
import { QuadTree, type QuadPath } from './quad-tree.js';

export const ISSUER_SET_DEPTH = 3;
export const ISSUER_SET_CAPACITY = 4 ** ISSUER_SET_DEPTH;

export interface IssuerSetMember {
  publicKey: BabyJubPoint;
  statusRoot: bigint;
}

export function issuerLeaf(member: IssuerSetMember): bigint {
  return poseidon([member.publicKey.x, member.publicKey.y, member.statusRoot]);
}

export class IssuerSet {
  private readonly tree = new QuadTree(ISSUER_SET_DEPTH, 0n);
  readonly members: IssuerSetMember[];

  constructor(members: IssuerSetMember[]) {
    if (members.length > ISSUER_SET_CAPACITY)
      throw new RangeError(`an issuer set holds at most ${ISSUER_SET_CAPACITY} issuers`);
    this.members = members;
    members.forEach((m, i) => this.tree.set(i, issuerLeaf(m)));
  }

  get root(): bigint {
    return this.tree.root;
  }

  /** Position of the issuer with this key, or -1. */
  indexOf(publicKey: BabyJubPoint): number {
    return this.members.findIndex((m) => m.publicKey.x === publicKey.x && m.publicKey.y === publicKey.y);
  }

  path(index: number): QuadPath {
    if (index < 0 || index >= this.members.length) throw new RangeError('issuer index out of range');
    return this.tree.path(index);
  }
}
