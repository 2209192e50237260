/**
 * issuance: credentials issued per second, end to end as the issuer service does it: manual-review
 * evidence validated, attributes encoded, the 16 slots signed with the issuer's BabyJubJub key
 * (unsealed from the KEK-encrypted store for each credential), and the credential and its audit
 * event committed to a SQLite file (WAL, synchronous=FULL) before the next one starts.
 *
 * Baseline: the bare minimum any issuer must do per credential — one EdDSA-Poseidon signature
 * over the same 16-slot message (signPoseidon, the same fixed-base signer) and one SQLite insert
 * (same pragmas, its own fsync) of the stored credential's bytes. The ratio is therefore what
 * Vouch's validation, key unsealing, audit trail and schema cost on top of the cryptography and
 * the durable write. Rounds of ours and of the baseline alternate.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHolder,
  createIssuer,
  issueCredential,
  type IssuerContext,
  SqliteCredentialStore,
} from '../../src/credentials/index.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import { loadKek } from '../../src/keys/kek.js';
import { credentialMessage, signPoseidon } from '../../src/zk/index.js';
import { openRawTable } from '../lib/raw-sqlite.js';
import { median, round } from '../lib/stats.js';
import { interleave, ratioRow, type Suite } from '../lib/suite.js';

const GOAL_RATIO = 0.5;
const MANUAL = JSON.stringify({
  kycLevel: 2,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});

export const issuance: Suite = {
  name: 'issuance',
  rows: ['issuance'],
  async run(ctx) {
    const rounds = ctx.quick ? 4 : 10;
    const perRound = ctx.quick ? 25 : 100;
    const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-issuance-'));
    const handle = openDatabase({ path: databasePath(dir) });
    const raw = openRawTable(join(dir, 'raw.db'));
    try {
      const ictx: IssuerContext = {
        store: new SqliteCredentialStore(handle.db),
        kek: loadKek(dir),
        clock: () => Math.floor(Date.now() / 1000),
      };
      const issuer = await createIssuer(ictx, { tenant: 'bench', name: 'Bench KYC' });
      const subjects = Array.from({ length: rounds * perRound + 10 }, () => BigInt(createHolder().subject));
      const issue = (subject: bigint) =>
        issueCredential(ictx, {
          issuerId: issuer.issuerId,
          actor: 'bench',
          subject,
          evidenceKind: 'manual',
          evidence: MANUAL,
        });
      let next = 0;
      const sample = await issue(subjects[next++]!); // warm-up, and the shape of what is stored
      for (let i = 0; i < 9; i++) await issue(subjects[next++]!);
      const stored = JSON.stringify(sample);
      const slots = sample.slots.map((s: string) => BigInt(s));
      const key = randomBytes(32);
      const bare = (i: number) => {
        slots[0] = subjects[i]!; // a distinct message per signature, as every credential has its own subject
        const sig = signPoseidon(key, credentialMessage(slots));
        raw.insertMany([`${stored}${sig.S}`]);
      };
      const { ours, baseline } = await interleave(
        rounds,
        async () => {
          const t = performance.now();
          for (let i = 0; i < perRound; i++) await issue(subjects[next++]!);
          return (perRound * 1000) / (performance.now() - t);
        },
        (r) => {
          const t = performance.now();
          for (let i = 0; i < perRound; i++) bare(r * perRound + i);
          return (perRound * 1000) / (performance.now() - t);
        },
      );
      return [
        ratioRow({
          name: 'issuance',
          ours: { what: 'issueCredential(), persisted', value: round(median(ours)), unit: 'credentials/s' },
          baseline: { what: 'signPoseidon + one SQLite insert', value: round(median(baseline)), unit: 'credentials/s' },
          ratio: median(ours) / median(baseline),
          ratioIs: 'our credentials/s / bare credentials/s',
          goal: { op: '>=', ratio: GOAL_RATIO },
          workload: `${rounds} rounds of ${perRound} credentials issued one after another (manual evidence, distinct holders, one issuer) into a SQLite file (WAL, synchronous=FULL), after 10 untimed, alternating with ${perRound} bare signatures over a 16-slot message plus one insert each of the stored credential's JSON into a bare table with the same pragmas; medians of the rounds`,
          extra: { rounds, perRound },
        }),
      ];
    } finally {
      raw.close();
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
