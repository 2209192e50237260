/**
 * Offline checkpoint verification: the note must carry a valid signature by the pinned log key,
 * its body must be a well-formed checkpoint, and its origin must be the expected one (by default
 * the key's name, which is how Vouch names its logs).
 */
import { VouchError, isVouchError } from '../../errors/index.js';
import { openNote } from '../signed-note/open-note.js';
import { parseVerifierKey, type NoteVerifier } from '../signed-note/verifier-key.js';
import { parseCheckpointText, type Checkpoint } from './checkpoint-text.js';

export interface VerifyCheckpointOptions {
  /** Expected origin line; defaults to the verifier key's name. */
  origin?: string;
}

export interface VerifiedCheckpoint extends Checkpoint {
  /** The full signed note, as given. */
  note: string;
}

/**
 * Opens a signed checkpoint note with the log's pinned verifier key and parses its body (origin,
 * size, root). Throws CHECKPOINT_MALFORMED or CHECKPOINT_SIGNATURE_INVALID, never returns an
 * unverified checkpoint.
 */
export function verifyCheckpoint(
  note: string,
  logKey: string | NoteVerifier,
  options: VerifyCheckpointOptions = {},
): VerifiedCheckpoint {
  const verifier = typeof logKey === 'string' ? parseVerifierKey(logKey) : logKey;
  let text: string;
  try {
    text = openNote(note, [verifier]).text;
  } catch (err) {
    if (isVouchError(err) && err.code === 'NOTE_MALFORMED') {
      throw new VouchError('CHECKPOINT_MALFORMED', 'checkpoint is not a well-formed signed note', { cause: err });
    }
    if (isVouchError(err) && (err.code === 'NOTE_SIGNATURE_INVALID' || err.code === 'NOTE_UNVERIFIED')) {
      throw new VouchError('CHECKPOINT_SIGNATURE_INVALID', 'checkpoint is not validly signed by the log key', {
        cause: err,
        details: {
          reason: err.code === 'NOTE_UNVERIFIED' ? 'no signature by the log key' : 'signature does not verify',
        },
      });
    }
    throw err;
  }
  const cp = parseCheckpointText(text);
  const expected = options.origin ?? verifier.name;
  if (cp.origin !== expected) {
    throw new VouchError('CHECKPOINT_ORIGIN_MISMATCH', 'checkpoint names a different log', {
      details: { expected, found: cp.origin },
    });
  }
  return { ...cp, note };
}
