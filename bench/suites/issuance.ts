/**
 * issuance: credentials issued per second, end to end as the issuer service does it: manual-review
 * evidence validated, attributes encoded, the 16 slots signed with the issuer's BabyJubJub key
 * (unsealed from the KEK-encrypted store for each credential), and the credential and its audit
 * event committed to a SQLite file (WAL, synchronous=FULL) before the next one starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHolder, createIssuer, issueCredential, type IssuerContext } from '../../src/credentials/index.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import { loadKek } from '../../src/keys/kek.js';
import { percentile, round } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const GOAL_PER_SEC = 200;
const MANUAL = JSON.stringify({ kycLevel: 2, jurisdiction: 'DE', investorClass: 'professional', ageOver18: true, tradeLimit: '1000000' });

export const issuance: Suite = {
  name: 'issuance',
  goal: `>= ${GOAL_PER_SEC} credentials/s including persistence`,
  async run(ctx) {
    const count = ctx.quick ? 100 : 1000;
    const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-issuance-'));
    const handle = openDatabase({ path: databasePath(dir) });
    try {
      const ictx: IssuerContext = { db: handle.db, kek: loadKek(dir), clock: () => Math.floor(Date.now() / 1000) };
      const issuer = await createIssuer(ictx, { tenant: 'bench', name: 'Bench KYC' });
      const subjects = Array.from({ length: count + 10 }, () => BigInt(createHolder().subject));
      const issue = (subject: bigint) => issueCredential(ictx, { issuerId: issuer.issuerId, actor: 'bench', subject, evidenceKind: 'manual', evidence: MANUAL });
      for (const s of subjects.slice(count)) await issue(s); // warm-up
      const each: number[] = [];
      const t0 = performance.now();
      for (const s of subjects.slice(0, count)) {
        const t = performance.now();
        await issue(s);
        each.push(performance.now() - t);
      }
      const perSec = round((count * 1000) / (performance.now() - t0));
      return {
        result: {
          workload: `${count} credentials issued one after another (manual evidence, distinct holders, one issuer) into a SQLite file with WAL and synchronous=FULL, after 10 untimed`,
          goal: this.goal,
          met: perSec >= GOAL_PER_SEC,
          credentials: count,
          perSec,
          p50Ms: round(percentile(each, 50)),
          p99Ms: round(percentile(each, 99)),
        },
        headline: `${perSec} credentials/s (p50 ${round(percentile(each, 50))} ms each)`,
      };
    } finally {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
