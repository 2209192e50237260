/**
 * The victim of the kill -9 tests: a process that writes to a data dir in a loop, through the same
 * library calls the CLI and the service use, and prints one line per ACKNOWLEDGED write — only
 * after the call returned, i.e. after its transaction committed — until it is killed.
 *
 *   node test/hardening/support/run-ts.mjs test/hardening/support/crash-writer.ts issue DATA_DIR ISSUER_ID
 *     ISSUED <credential JSON>            after issueCredential() returned
 *     REVOKED <credentialId> <seq>        after revokeCredential() returned (every 4th step)
 *   node test/hardening/support/run-ts.mjs test/hardening/support/crash-writer.ts log DATA_DIR
 *     APPENDED <firstIndex> <leafHash,...> after appendEntries() of a 1–8 entry batch returned
 *
 * stdout to a pipe is synchronous on Linux, so a line the parent reads was written after the commit.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { writeSync } from 'node:fs';
import {
  createHolder,
  issueCredential,
  revokeCredential,
  systemClock,
  type IssuerContext,
  SqliteCredentialStore,
} from '../../../src/credentials/index.js';
import { databasePath, openDatabase } from '../../../src/db/client.js';
import { loadKek } from '../../../src/keys/kek.js';
import { encodeBase64 } from '../../../src/log/index.js';
import { openDataDirLog } from '../../../src/log/open-data-dir-log.js';

const say = (line: string) => writeSync(1, `${line}\n`);

async function issueLoop(dataDir: string, issuerId: string): Promise<never> {
  const handle = openDatabase({ path: databasePath(dataDir) });
  const ctx: IssuerContext = { store: new SqliteCredentialStore(handle.db), kek: loadKek(dataDir), clock: systemClock };
  const mine: string[] = [];
  say('READY');
  for (let step = 1; ; step++) {
    if (step % 4 === 0 && mine.length > 0) {
      const id = mine.splice(randomInt(mine.length), 1)[0]!;
      const r = await revokeCredential(ctx, { credentialId: id, reason: 'crash test', actor: 'crash-writer' });
      say(`REVOKED ${r.credentialId} ${r.seq}`);
      continue;
    }
    const holder = createHolder();
    const evidence = JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'DE',
      investorClass: 'professional',
      ageOver18: true,
      tradeLimit: String(randomInt(1, 1_000_000)),
    });
    const c = await issueCredential(ctx, {
      issuerId,
      actor: 'crash-writer',
      subject: BigInt(holder.subject),
      evidenceKind: 'manual',
      evidence,
    });
    mine.push(c.id);
    say(`ISSUED ${JSON.stringify(c)}`);
  }
}

function logLoop(dataDir: string): never {
  const { log } = openDataDirLog({ dataDir });
  say('READY');
  for (let seq = 0; ; seq++) {
    const batch = Array.from({ length: randomInt(1, 9) }, (_, k) => ({
      kind: 'hook-decision' as const,
      payload: { writer: process.pid, seq, k, pad: randomBytes(randomInt(8, 200)).toString('hex') },
    }));
    const appended = log.appendEntries(batch);
    say(`APPENDED ${appended[0]!.index} ${appended.map((a) => encodeBase64(a.leafHash)).join(',')}`);
  }
}

/** Entry point (via run-ts.mjs). */
export async function run([mode, dataDir, issuerId]: string[]): Promise<void> {
  if (mode === 'issue' && dataDir && issuerId) await issueLoop(dataDir, issuerId);
  else if (mode === 'log' && dataDir) logLoop(dataDir);
  else throw new Error('usage: crash-writer.ts issue DATA_DIR ISSUER_ID | log DATA_DIR');
}
