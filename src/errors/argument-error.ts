/**
 * Programmer misuse at a public function's boundary — options missing or of the wrong type, as a
 * JavaScript caller can pass them — is a TypeError thrown at once, carrying Node's own code
 * `ERR_INVALID_ARG_TYPE`, so a caller always gets a coded error and never a crash deep inside
 * (a "Cannot read properties of undefined" from three calls down). Untrusted *input* (a proof, a
 * file, a request) is a VouchError instead.
 */

export class ArgumentError extends TypeError {
  override readonly name = 'ArgumentError';
  readonly code = 'ERR_INVALID_ARG_TYPE';
}

type Kind = 'string' | 'number' | 'bigint' | 'boolean' | 'object' | 'function' | 'array';
export type OptionShape = Record<string, Kind | `${Kind}?`>;

/**
 * Throws ArgumentError unless `options` is an object whose listed properties have the listed types
 * (`'string?'`: absent or a string). Names the function and the property, never the value.
 */
export function checkOptions(fn: string, options: unknown, shape: OptionShape): void {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`${fn}: options must be an object`);
  for (const [key, want] of Object.entries(shape)) {
    const optional = want.endsWith('?');
    const kind = (optional ? want.slice(0, -1) : want) as Kind;
    const value = (options as Record<string, unknown>)[key];
    if (value === undefined && optional) continue;
    const ok =
      kind === 'array'
        ? Array.isArray(value)
        : kind === 'object'
          ? typeof value === 'object' && value !== null
          : typeof value === kind;
    if (!ok)
      throw new ArgumentError(
        `${fn}: options.${key} must be ${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}`,
      );
  }
}
