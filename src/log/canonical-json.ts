/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, strings and numbers
 * exactly as JSON.stringify writes them. For the JSON values accepted here this is the RFC 8785
 * (JCS) encoding, so any JCS library reproduces the bytes a log leaf or record hash was made of.
 * Rejected (TypeError): undefined, functions, symbols, bigint, non-finite numbers, cycles,
 * non-plain objects (Date, Map, class instances) — they have no single JSON spelling.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The canonical JSON text of a value (keys sorted, no whitespace; RFC 8785 compatible), as log leaves and digests hash it. */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

function write(value: unknown, open: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no non-finite numbers');
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
  const obj = value as object;
  if (open.has(obj)) throw new TypeError('canonical JSON cannot encode a cycle');
  open.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((v) => write(v, open)).join(',')}]`;
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) throw new TypeError('canonical JSON encodes plain objects only');
    const keys = Object.keys(obj).sort();
    const rec = obj as Record<string, unknown>;
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], open)}`).join(',')}}`;
  }
  open.delete(obj);
  return out;
}
