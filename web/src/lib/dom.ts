/** Small DOM helpers: typed lookups, text-only rendering (never innerHTML with data), file reading. */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

/** Shows an error (its stable code first) in a role="alert" element; `undefined` clears it. */
export function showError(el: HTMLElement, err: unknown): void {
  el.textContent = err === undefined ? '' : describeError(err);
  el.hidden = err === undefined;
}

export function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return code ? `${code}: ${message}` : message;
}

/** The text of a chosen file, or of the textarea when no file is chosen. */
export async function fileOrText(file: HTMLInputElement, text?: HTMLTextAreaElement): Promise<string> {
  const f = file.files?.[0];
  if (f) return f.text();
  return text?.value.trim() ?? '';
}

export function parseJson(text: string, what: string): unknown {
  if (!text) throw Object.assign(new Error(`${what} is empty`), { code: 'INPUT_INVALID' });
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error(`${what} is not JSON`), { code: 'INPUT_INVALID' });
  }
}

export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
