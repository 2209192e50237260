/** `node:path` in the browser bundle: only the pure string helpers the shared modules use. */
export const basename = (p: string, ext?: string): string => {
  const b = p.split('/').pop() ?? '';
  return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b;
};
export const join = (...parts: string[]): string => parts.filter(Boolean).join('/').replace(/\/+/g, '/');
export const dirname = (p: string): string => p.split('/').slice(0, -1).join('/') || '.';
export const resolve = join;
export default { basename, join, dirname, resolve };
