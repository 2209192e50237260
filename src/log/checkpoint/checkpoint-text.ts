/**
 * C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint): origin line, tree size in decimal without
 * leading zeros, base64 root hash, then optional extension lines; every line ends in "\n".
 */
import { VouchError } from '../../errors/index.js';
import { HASH_SIZE } from '../hash.js';
import { decodeBase64, encodeBase64 } from '../lib/base64.js';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Extension lines after the root, without their newlines (usually none). */
  extensions: string[];
}

/** Formats a checkpoint as the C2SP tlog-checkpoint text a signed note carries (the inverse of parseCheckpointText). */
export function formatCheckpointText(cp: Checkpoint): string {
  if (cp.origin.length === 0 || /[\n+]/.test(cp.origin)) throw new RangeError('invalid origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new RangeError('invalid size');
  if (cp.rootHash.length !== HASH_SIZE) throw new RangeError('root must be 32 bytes');
  const ext = cp.extensions.map((e) => {
    if (e.length === 0 || e.includes('\n')) throw new RangeError('invalid extension line');
    return `${e}\n`;
  });
  return `${cp.origin}\n${cp.size}\n${encodeBase64(cp.rootHash)}\n${ext.join('')}`;
}

/** Parses the body of a C2SP tlog-checkpoint (origin, size, base64 root, extensions); throws CHECKPOINT_MALFORMED. */
export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) malformed('text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) malformed('need origin, size and root lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) malformed('empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) malformed('size must be a decimal number without leading zeros');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) malformed('size is too large');
  const rootHash = decodeBase64(rootLine);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) malformed('root must be a base64 32-byte hash');
  if (extensions.some((e) => e.length === 0)) malformed('empty extension line');
  return { origin, size, rootHash, extensions };
}

function malformed(reason: string): never {
  throw new VouchError('CHECKPOINT_MALFORMED', `checkpoint rejected: ${reason}`, { details: { reason } });
}
