/**
 * A small, strict RFC 4180 CSV reader that streams: records come out as the text comes in, so a
 * ledger of 10^6 fills never sits in memory as one string.
 *
 * Strict means: fields are separated by ',' and records by CRLF or LF; a field is either bare
 * (no '"', CR or LF inside) or wholly enclosed in double quotes, with '""' for a quote; nothing
 * may follow a closing quote but a separator or the end of the record; a quoted field must be
 * closed before the end of input. A UTF-8 byte-order mark at the very start is skipped. Empty
 * lines are allowed only at the end of the input. Anything else is a `CsvSyntaxError` naming
 * the physical line and the 1-based field number where it happened; callers turn it into their
 * own coded error. Why hand-written: the grammar is 20 lines, and a parser we can read is
 * cheaper to trust for tax records than a dependency with lenient defaults.
 */

export interface CsvRecord {
  /** The fields, unquoted. */
  fields: string[];
  /** 1-based physical line on which the record starts. */
  line: number;
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    message: string,
    /** 1-based physical line of the offending character. */
    readonly line: number,
    /** 1-based field number within the record. */
    readonly column: number,
  ) {
    super(message);
  }
}

/** No ledger or price row comes near this; a record that does is an error, not a long wait. */
export const MAX_RECORD_CHARS = 1 << 20;

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

interface Parsed {
  record: CsvRecord;
  /** Index just past the record terminator. */
  next: number;
  /** Physical line after the record. */
  nextLine: number;
}

/**
 * Parses one record of `buf` starting at `pos` on physical line `line`. Returns undefined when
 * the record may continue past the end of `buf` (only possible when `final` is false).
 */
function parseRecord(buf: string, pos: number, line: number, final: boolean): Parsed | undefined {
  const fields: string[] = [];
  const startLine = line;
  let i = pos;
  const n = buf.length;
  for (;;) {
    const column = fields.length + 1;
    if (i < n && buf.charCodeAt(i) === QUOTE) {
      // Quoted field: read up to the closing quote, unescaping "".
      let value = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        const q = buf.indexOf('"', j);
        if (q === -1) {
          if (!final) return undefined;
          // Name the line on which the unclosed field opened.
          throw new CsvSyntaxError('quoted field is not closed before the end of input', line, column);
        }
        if (q + 1 < n && buf.charCodeAt(q + 1) === QUOTE) {
          value += buf.slice(from, q + 1);
          from = q + 2;
          j = from;
          continue;
        }
        if (q + 1 >= n && !final) return undefined; // a '"' at the end might be the first of '""'
        value += buf.slice(from, q);
        line += countLf(buf, i, q);
        i = q + 1;
        break;
      }
      fields.push(detach(value));
      if (i >= n) {
        if (!final) return undefined;
        return { record: { fields, line: startLine }, next: i, nextLine: line };
      }
      const c = buf.charCodeAt(i);
      if (c === COMMA) {
        i += 1;
        continue;
      }
      const end = terminator(buf, i, final);
      if (end === undefined) return undefined;
      if (end === -1) throw new CsvSyntaxError('unexpected character after a closing quote', line, column);
      return { record: { fields, line: startLine }, next: end, nextLine: line + 1 };
    }
    // Bare field: up to ',' or the end of the record.
    let j = i;
    while (j < n) {
      const c = buf.charCodeAt(j);
      if (c === COMMA || c === LF || c === CR) break;
      if (c === QUOTE) throw new CsvSyntaxError('a double quote inside an unquoted field', line, column);
      j += 1;
    }
    if (j >= n) {
      if (!final) return undefined;
      fields.push(detach(buf.slice(i, j)));
      return { record: { fields, line: startLine }, next: j, nextLine: line };
    }
    fields.push(detach(buf.slice(i, j)));
    if (buf.charCodeAt(j) === COMMA) {
      i = j + 1;
      continue;
    }
    const end = terminator(buf, j, final);
    if (end === undefined) return undefined;
    if (end === -1) throw new CsvSyntaxError('a carriage return not followed by a line feed', line, column);
    return { record: { fields, line: startLine }, next: end, nextLine: line + 1 };
  }
}

/**
 * A field that does not pin the chunk it was cut from. V8 represents a substring of 13 or more
 * characters as a view into its parent; one long trade id kept in an open lot would keep a whole
 * 1 MiB chunk of the file alive. Concatenating and slicing again copies it into a small string.
 */
function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** Index after the CRLF or LF at `i`; -1 if not a terminator; undefined if a CR ends the buffer. */
function terminator(buf: string, i: number, final: boolean): number | undefined {
  const c = buf.charCodeAt(i);
  if (c === LF) return i + 1;
  if (c === CR) {
    if (i + 1 >= buf.length) return final ? -1 : undefined;
    return buf.charCodeAt(i + 1) === LF ? i + 2 : -1;
  }
  return -1;
}

function countLf(buf: string, from: number, to: number): number {
  let k = 0;
  for (let p = buf.indexOf('\n', from); p !== -1 && p < to; p = buf.indexOf('\n', p + 1)) k += 1;
  return k;
}

/** True when the rest of `buf` from `pos` holds only line terminators. */
function onlyBlankLines(buf: string, pos: number): boolean {
  for (let i = pos; i < buf.length; i += 1) {
    const c = buf.charCodeAt(i);
    if (c !== LF && c !== CR) return false;
  }
  return true;
}

/**
 * Streams the records of CSV text given as chunks: strings, or UTF-8 bytes (decoded with a
 * streaming decoder, so a character split across two chunks survives; invalid UTF-8 is an error).
 */
export async function* parseCsv(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let buf = '';
  let line = 1;
  let first = true;
  const drain = function* (final: boolean): Generator<CsvRecord> {
    let pos = 0;
    while (pos < buf.length) {
      const c = buf.charCodeAt(pos);
      if (c === LF || c === CR) {
        // An empty line: fine only if nothing but empty lines follows it.
        if (onlyBlankLines(buf, pos)) {
          if (final) pos = buf.length;
          break;
        }
        throw new CsvSyntaxError('an empty line inside the data', line, 1);
      }
      const parsed = parseRecord(buf, pos, line, final);
      if (parsed === undefined) {
        // An unfinished record is parsed again from its start when more text arrives: bound it, or
        // one endless line (17 MiB of NULs took 22 s in 64 KiB chunks) costs quadratic time.
        if (buf.length - pos > MAX_RECORD_CHARS)
          throw new CsvSyntaxError(`a record longer than ${MAX_RECORD_CHARS} characters`, line, 1);
        break;
      }
      pos = parsed.next;
      line = parsed.nextLine;
      yield parsed.record;
    }
    buf = buf.slice(pos);
  };
  for await (const chunk of source) {
    let text: string;
    try {
      text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    } catch {
      throw new CsvSyntaxError('the file is not valid UTF-8', line, 1);
    }
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    buf += text;
    yield* drain(false);
  }
  try {
    buf += decoder.decode();
  } catch {
    throw new CsvSyntaxError('the file is not valid UTF-8', line, 1);
  }
  yield* drain(true);
}
