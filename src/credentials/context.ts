/**
 * What the issuer-side operations share: the credential store (SQLite or PostgreSQL), the
 * key-encryption key and a clock.
 */
import type { Kek } from '../keys/index.js';
import type { Clock } from './ids.js';
import type { CredentialStore } from './store.js';

export interface IssuerContext {
  store: CredentialStore;
  kek: Kek;
  clock: Clock;
}
