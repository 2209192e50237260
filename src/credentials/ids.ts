/** Opaque, unguessable identifiers with a type prefix (iss_, cred_, key_). */
import { randomBytes } from 'node:crypto';

export function newId(prefix: 'iss' | 'cred' | 'key'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

export type Clock = () => number;
/** Unix seconds now. */
export const systemClock: Clock = () => Math.floor(Date.now() / 1000);
