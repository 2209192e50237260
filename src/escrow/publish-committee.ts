/**
 * Publishing a committee's key: an `escrow-committee` entry in the transparency log (the public
 * committee record: id, epoch, threshold, joint key, members' verification keys), which the
 * registry then serves with its inclusion proof as `escrowCommittee`. The newest entry is the
 * current committee; epochs only grow, so an old key cannot be published again as current.
 */
import { desc, eq } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { logEntries } from '../db/schema/log.js';
import { VouchError } from '../errors/index.js';
import type { LogAppender } from '../log/index.js';
import { escrowCommitteeToJson, parseEscrowCommittee, type EscrowCommittee } from './committee-key.js';
import type { EscrowCommitteeJson } from './format.js';

export interface PublishedEscrowCommittee {
  /** The log index of its `escrow-committee` entry. */
  logIndex: number;
  committee: EscrowCommitteeJson;
}

/** The newest `escrow-committee` entry of the log in `db`, or undefined when none was published. */
export function currentEscrowCommittee(db: VouchDb): PublishedEscrowCommittee | undefined {
  const row = db
    .select()
    .from(logEntries)
    .where(eq(logEntries.kind, 'escrow-committee'))
    .orderBy(desc(logEntries.idx))
    .limit(1)
    .get();
  if (!row) return undefined;
  const { payload } = JSON.parse(row.body) as { payload: EscrowCommitteeJson };
  return { logIndex: row.idx, committee: payload };
}

export interface PublishEscrowCommitteeOptions {
  db: VouchDb;
  log: LogAppender;
  /** The committee record (finalize's output, or its `escrowCommittee` part). */
  committee: unknown;
}

/** Appends the committee to the log; ESCROW_COMMITTEE_INVALID unless its epoch is newer than the current one's. */
export function publishEscrowCommittee(
  o: PublishEscrowCommitteeOptions,
): PublishedEscrowCommittee & { parsed: EscrowCommittee } {
  const parsed = parseEscrowCommittee(o.committee);
  // the epoch check and the append in one immediate transaction: two publishers cannot both win
  return o.db.transaction(() => publishIn(o, parsed), { behavior: 'immediate' });
}

function publishIn(
  o: PublishEscrowCommitteeOptions,
  parsed: EscrowCommittee,
): PublishedEscrowCommittee & { parsed: EscrowCommittee } {
  assertNewerEpoch(parsed, currentEscrowCommittee(o.db));
  const committee = escrowCommitteeToJson(parsed);
  const { index } = o.log.appendEntry('escrow-committee', committee as unknown as Record<string, unknown>);
  return { logIndex: index, committee, parsed };
}

/** ESCROW_COMMITTEE_INVALID unless `parsed`'s epoch is newer than the current committee's (either log's). */
export function assertNewerEpoch(parsed: EscrowCommittee, current: PublishedEscrowCommittee | undefined): void {
  if (current && parsed.epoch <= current.committee.epoch) {
    throw new VouchError(
      'ESCROW_COMMITTEE_INVALID',
      `the committee's epoch must be newer than the current committee's (${current.committee.epoch})`,
      {
        details: { epoch: parsed.epoch, current: current.committee.epoch },
      },
    );
  }
}

/** The committee of a stored `escrow-committee` log entry (its body: { kind, payload }). */
export function publishedCommittee(row: { idx: number; body: string }): PublishedEscrowCommittee {
  const { payload } = JSON.parse(row.body) as { payload: EscrowCommitteeJson };
  return { logIndex: row.idx, committee: payload };
}
