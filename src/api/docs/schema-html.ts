/**
 * Renders a JSON Schema (OpenAPI 3.1 flavour) as nested HTML tables. `$ref`s become links to the
 * schema's own section instead of being expanded, so recursive schemas stay finite.
 */
import { anchor, esc, inline } from './html.js';

type Schema = Record<string, unknown>;
const MAX_DEPTH = 8;

export function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

export function schemaHtml(schema: unknown, depth = 0): string {
  if (schema === true || schema === undefined) return '<span class="t">any</span>';
  if (schema === false) return '<span class="t">nothing</span>';
  if (typeof schema !== 'object' || schema === null) return '<span class="t">?</span>';
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    return `<a class="ref" href="#${anchor('schema', name)}">${esc(name)}</a>`;
  }
  if (depth > MAX_DEPTH) return '<span class="t">…</span>';
  const alternatives = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) {
    return `<span class="t">one of</span><ul class="alts">${alternatives.map((a) => `<li>${schemaHtml(a, depth + 1)}</li>`).join('')}</ul>`;
  }
  const parts: string[] = [`<span class="t">${esc(typeLabel(s))}</span>`];
  const notes = constraints(s);
  if (notes) parts.push(` <span class="c">${esc(notes)}</span>`);
  if (s.type === 'array' || s.items !== undefined) parts.push(` of ${schemaHtml(s.items, depth + 1)}`);
  if (s.properties && typeof s.properties === 'object') parts.push(objectTable(s, depth));
  return parts.join('');
}

function objectTable(s: Schema, depth: number): string {
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const rows = Object.entries(s.properties as Record<string, Schema>).map(([name, prop]) => {
    const desc = typeof prop?.description === 'string' ? `<div class="d">${inline(prop.description)}</div>` : '';
    const req = required.has(name) ? ' <span class="req">required</span>' : '';
    return `<tr><td><code>${esc(name)}</code>${req}</td><td>${schemaHtml(prop, depth + 1)}${desc}</td></tr>`;
  });
  const extra = s.additionalProperties === false ? '<tr><td colspan="2" class="c">no other properties</td></tr>' : '';
  return `<table class="props">${rows.join('')}${extra}</table>`;
}

function typeLabel(s: Schema): string {
  const t = Array.isArray(s.type)
    ? (s.type as string[]).join(' | ')
    : typeof s.type === 'string'
      ? s.type
      : s.properties
        ? 'object'
        : s.const !== undefined
          ? 'const'
          : 'any';
  return typeof s.format === 'string' ? `${t} (${s.format})` : t;
}

function constraints(s: Schema): string {
  const out: string[] = [];
  if (Array.isArray(s.enum)) out.push(`one of: ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (s.const !== undefined) out.push(`= ${JSON.stringify(s.const)}`);
  if (typeof s.pattern === 'string') out.push(`pattern ${s.pattern}`);
  for (const [k, label] of [
    ['minimum', '≥'],
    ['maximum', '≤'],
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
  ] as const) {
    if (typeof s[k] === 'number') out.push(`${label} ${s[k] as number}`);
  }
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join('; ');
}
