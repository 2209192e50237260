/** HTML escaping for the docs renderer: everything from the spec is text, never markup. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One line of description text: escaped, with `code` spans kept as <code>. */
export function inline(text: unknown): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Plain-text description → paragraphs (blank-line separated); `code` spans kept as <code>. */
export function prose(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${inline(p)}</p>`)
    .join('');
}

/** A stable, id-safe anchor. */
export function anchor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
