/**
 * A tiny indented XML writer: elements, attributes, escaped text. Enough for a fixed schema; no
 * namespaces magic beyond writing prefixed names as given.
 */

export type Attrs = Record<string, string | undefined>;

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

export class XmlWriter {
  private readonly out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private depth = 0;

  open(name: string, attrs: Attrs = {}): this {
    this.out.push(`${this.indent()}<${name}${attrText(attrs)}>`);
    this.depth += 1;
    return this;
  }

  close(name: string): this {
    this.depth -= 1;
    this.out.push(`${this.indent()}</${name}>`);
    return this;
  }

  /** <name attrs>text</name>; skipped when text is undefined. */
  leaf(name: string, text: string | undefined, attrs: Attrs = {}): this {
    if (text === undefined) return this;
    this.out.push(`${this.indent()}<${name}${attrText(attrs)}>${escapeXml(text)}</${name}>`);
    return this;
  }

  toString(): string {
    return `${this.out.join('\n')}\n`;
  }

  private indent(): string {
    return '  '.repeat(this.depth);
  }
}

function attrText(attrs: Attrs): string {
  let s = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) s += ` ${k}="${escapeXml(v)}"`;
  return s;
}
