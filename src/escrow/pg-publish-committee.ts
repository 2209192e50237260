/**
 * Publishing and reading the escrow committee on the PostgreSQL log (publish-committee.ts is the
 * SQLite one): the service on PostgreSQL, its registry and its venues' hooks read the committee
 * from the database's log, so `vouch escrow committee publish` with VOUCH_DATABASE_URL appends
 * there. The epoch check and the append happen under the log's append lock in one READ COMMITTED
 * transaction: two publishers of the same epoch, in any processes, cannot both win.
 */
import { desc, eq } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import { logEntries } from '../db/schema-pg/log.js';
import type { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import { escrowCommitteeToJson, parseEscrowCommittee, type EscrowCommittee } from './committee-key.js';
import { assertNewerEpoch, publishedCommittee, type PublishedEscrowCommittee } from './publish-committee.js';

/** The newest `escrow-committee` entry of the PostgreSQL log, or undefined when none was published. */
export async function currentEscrowCommitteePg(
  db: Pick<VouchPgDb, 'select'>,
): Promise<PublishedEscrowCommittee | undefined> {
  const [row] = await db
    .select({ idx: logEntries.idx, body: logEntries.body })
    .from(logEntries)
    .where(eq(logEntries.kind, 'escrow-committee'))
    .orderBy(desc(logEntries.idx))
    .limit(1);
  return row ? publishedCommittee({ idx: Number(row.idx), body: row.body }) : undefined;
}

export interface PublishEscrowCommitteePgOptions {
  db: VouchPgDb;
  log: PostgresTransparencyLog;
  /** The committee record (finalize's output, or its `escrowCommittee` part). */
  committee: unknown;
}

/** Appends the committee to the PostgreSQL log; ESCROW_COMMITTEE_INVALID unless its epoch is newer than the current one's. */
export async function publishEscrowCommitteePg(
  o: PublishEscrowCommitteePgOptions,
): Promise<PublishedEscrowCommittee & { parsed: EscrowCommittee }> {
  const parsed = parseEscrowCommittee(o.committee);
  return guarded(() =>
    o.db.transaction(
      async (tx) => {
        const lock = await o.log.lockIn(tx);
        assertNewerEpoch(parsed, await currentEscrowCommitteePg(tx));
        const committee = escrowCommitteeToJson(parsed);
        const [appended] = await o.log.appendEntriesIn(
          tx,
          [{ kind: 'escrow-committee', payload: committee as unknown as Record<string, unknown> }],
          { lock },
        );
        return { logIndex: appended!.index, committee, parsed };
      },
      { isolationLevel: 'read committed' },
    ),
  );
}
