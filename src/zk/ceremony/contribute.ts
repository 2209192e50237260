/**
 * `contribute` and `applyBeacon`: one more zkey on top of the ceremony's latest, and its line in
 * the transcript.
 *
 * A contribution's secret comes from the CSPRNG (snarkjs mixes 64 fresh bytes with what it is
 * given; we give it 32 more, plus a BLAKE2b-512 digest of the contributor's entropy file when there
 * is one), is used once, and is never written anywhere: the ceremony is sound as long as one
 * contributor's secret is destroyed. The beacon is a public value nobody controls (a named future
 * block hash); it closes the ceremony, so no contributor can be the last to choose.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { VouchError } from '../../errors/index.js';
import { sha256File } from '../artifacts/manifest.js';
import { quietly, snarkjsLog } from './snarkjs-log.js';
import {
  BEACON_ITERATIONS_EXP,
  beaconOf,
  latestZkey,
  readTranscript,
  writeTranscript,
  zkeyPath,
  type Transcript,
  type TranscriptEntry,
} from './transcript.js';

export interface ContributeOptions {
  dir: string;
  /** Who contributes, as published in the transcript and inside the zkey. */
  name: string;
  /** Extra entropy (e.g. a file of dice rolls), mixed in after hashing; never stored. */
  entropy?: Uint8Array;
  /** Replace a zkey file left where this contribution's goes (an interrupted run). */
  force?: boolean;
}

export interface BeaconOptions {
  dir: string;
  /** The beacon value, hex (e.g. a block hash announced before the block existed). */
  beacon: string;
  /** 2^iterationsExp SHA-256 rounds over the beacon (snarkjs' numIterationsExp, 10–63). */
  iterationsExp: number;
  /** What the beacon is, for the transcript ("Ethereum block 21000000 hash"). */
  source?: string;
  name?: string;
  force?: boolean;
}

/**
 * Names: one printable line of at most 64 UTF-16 units — snarkjs stores only the first 64 in the
 * zkey, and verify.ts matches the name it reads back against the transcript's.
 */
const NAME = /^[\p{L}\p{N}\p{P}\p{S} ]+$/u;
const validName = (n: string) => n.length >= 1 && n.length <= 64 && NAME.test(n) && n.trim() === n;

export async function contribute(o: ContributeOptions): Promise<TranscriptEntry> {
  if (!validName(o.name))
    throw new VouchError(
      'USAGE',
      '--name must be one line of 1 to 64 printable characters, without leading or trailing spaces',
    );
  const t = readTranscript(o.dir);
  if (beaconOf(t))
    throw new VouchError(
      'CEREMONY_CLOSED',
      `the ceremony in ${o.dir} is closed by its beacon: finalize it, or start a new one`,
      { details: { path: o.dir } },
    );
  const entropy =
    randomBytes(32).toString('hex') + (o.entropy ? createHash('blake2b512').update(o.entropy).digest('hex') : '');
  return extend(o.dir, t, o.force ?? false, 'contribution', o.name, (from, to, log) =>
    snarkjs.zKey.contribute(from, to, o.name, entropy, log.logger),
  );
}

export async function applyBeacon(o: BeaconOptions): Promise<TranscriptEntry> {
  const beacon = o.beacon.toLowerCase().replace(/^0x/, '');
  if (!/^(?:[0-9a-f]{2}){16,255}$/.test(beacon))
    throw new VouchError('USAGE', '--beacon must be hex, 16 to 255 bytes (a block hash is 32)');
  if (
    !Number.isInteger(o.iterationsExp) ||
    o.iterationsExp < BEACON_ITERATIONS_EXP.min ||
    o.iterationsExp > BEACON_ITERATIONS_EXP.max
  ) {
    throw new VouchError(
      'USAGE',
      `--iterations must be an exponent from ${BEACON_ITERATIONS_EXP.min} to ${BEACON_ITERATIONS_EXP.max} (2^N SHA-256 rounds)`,
    );
  }
  const name = o.name ?? 'public beacon';
  if (!validName(name))
    throw new VouchError(
      'USAGE',
      '--name must be one line of 1 to 64 printable characters, without leading or trailing spaces',
    );
  if (o.source !== undefined && (o.source.length > 512 || /[\u0000-\u001f]/.test(o.source)))
    throw new VouchError('USAGE', '--source must be one line of at most 512 characters');
  const t = readTranscript(o.dir);
  if (beaconOf(t))
    throw new VouchError('CEREMONY_CLOSED', `the ceremony in ${o.dir} already has its beacon`, {
      details: { path: o.dir },
    });
  if (t.contributions.length === 0)
    throw new VouchError(
      'CONFLICT',
      `the ceremony in ${o.dir} has no contribution yet: a beacon alone adds no secret, so the key would be forgeable`,
      { details: { path: o.dir } },
    );
  const entry = await extend(
    o.dir,
    t,
    o.force ?? false,
    'beacon',
    name,
    async (from, to, log) => {
      const hash = await snarkjs.zKey.beacon(from, to, name, beacon, o.iterationsExp, log.logger);
      if (!hash) throw new VouchError('USAGE', `snarkjs refused the beacon: ${log.errors[0] ?? 'invalid'}`);
      return hash;
    },
    { hash: beacon, iterationsExp: o.iterationsExp, ...(o.source ? { source: o.source } : {}) },
  );
  return entry;
}

/** Writes the next zkey from the latest (which must still be the file the transcript names), then the transcript. */
async function extend(
  dir: string,
  t: Transcript,
  force: boolean,
  kind: TranscriptEntry['kind'],
  name: string,
  make: (from: string, to: string, log: ReturnType<typeof snarkjsLog>) => Promise<Uint8Array>,
  beacon?: TranscriptEntry['beacon'],
): Promise<TranscriptEntry> {
  const latest = latestZkey(t);
  const from = join(dir, latest.zkey);
  if (!existsSync(from) || (await sha256File(from)) !== latest.sha256) {
    throw new VouchError(
      'CEREMONY_INVALID',
      `${latest.zkey} (${latest.index === 0 ? 'the initial zkey' : `contribution ${latest.index}`}) is missing or differs from the transcript; run \`vouch ceremony verify\``,
      {
        details: { path: dir, index: latest.index },
      },
    );
  }
  const index = latest.index + 1;
  const zkey = zkeyPath(t.circuit, index);
  const to = join(dir, zkey);
  if (existsSync(to) && !force)
    throw new VouchError('CONFLICT', `${to} already exists (an interrupted contribution?); use --force to replace it`, {
      details: { path: to },
    });
  const tmp = `${to}.tmp-${process.pid}`;
  try {
    const log = snarkjsLog();
    const hash = await quietly(log, () => make(from, tmp, log));
    renameSync(tmp, to);
    const entry: TranscriptEntry = {
      index,
      kind,
      name,
      zkey,
      zkeySha256: await sha256File(to),
      contributionHash: Buffer.from(hash).toString('hex'),
      at: new Date().toISOString(),
      ...(beacon ? { beacon } : {}),
    };
    writeTranscript(dir, { ...t, contributions: [...t.contributions, entry] });
    return entry;
  } finally {
    rmSync(tmp, { force: true });
  }
}
