/** What the issuer-side operations share: the database, the key-encryption key and a clock. */
import type { VouchDb } from '../db/client.js';
import type { Kek } from '../keys/index.js';
import type { Clock } from './ids.js';

export interface IssuerContext {
  db: VouchDb;
  kek: Kek;
  clock: Clock;
}
