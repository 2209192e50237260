/** RFC 6901 JSON Pointer → the JSONPath spelling users read in error messages ("$.predicates[2].value"). */
export function pointerToPath(pointer: string, extra?: string): string {
  const segments =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segments.push(extra);
  return `$${segments.map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? `[${s}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('')}`;
}
