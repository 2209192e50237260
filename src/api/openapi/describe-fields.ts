/**
 * Puts a prose file's descriptions and example on a generated schema: `fields` maps a path
 * (`a.b` through properties, `a[]` into array items, union variants searched) to a description.
 * A path that names nothing is an error, so prose cannot outlive the field it describes.
 */
import type { JsonSchema } from './components.js';
import type { SchemaProse } from './prose.js';

export function describeFields(name: string, schema: JsonSchema, prose: SchemaProse): JsonSchema {
  const out = structuredClone(schema);
  if (prose.description) out.description = prose.description;
  if (prose.example !== undefined) out.examples = [prose.example];
  for (const [path, description] of Object.entries(prose.fields ?? {})) {
    const targets = find(out, path.split('.'));
    if (targets.length === 0) throw new Error(`prose for ${name}.${path}: no such field`);
    for (const t of targets) t.description = description;
  }
  return out;
}

function find(node: JsonSchema, segments: string[]): JsonSchema[] {
  if (segments.length === 0) return [node];
  const variants = [...((node.anyOf ?? node.oneOf ?? []) as JsonSchema[])];
  if (variants.length) return variants.flatMap((v) => find(v, segments));
  const [head, ...rest] = segments as [string, ...string[]];
  const items = /\[\]$/.test(head);
  const key = head.replace(/(\[\])+$/, '');
  let child = (node.properties as Record<string, JsonSchema> | undefined)?.[key];
  if (!child) return [];
  for (let n = (head.match(/\[\]/g) ?? []).length; items && n > 0; n--) {
    child = unwrapItems(child);
    if (!child) return [];
  }
  return rest.length ? find(child, rest) : [child];
}

function unwrapItems(node: JsonSchema): JsonSchema | undefined {
  if (node.items) return node.items as JsonSchema;
  for (const v of (node.anyOf ?? []) as JsonSchema[]) if (v.items) return v.items as JsonSchema;
  return undefined;
}
