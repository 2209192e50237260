/**
 * Tools for checking the app against openapi.yaml: find operations, inline $refs, compile
 * response validators (Ajv 2020-12, as OpenAPI 3.1 uses), compare a documented schema with the
 * JSON Schema zod derives from a route's declaration, and build sample requests from the spec.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import type { OpenApiDoc } from '../../src/api/openapi/spec.js';
import type { RouteDef } from '../../src/api/route.js';

type Obj = Record<string, any>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

export function operation(spec: OpenApiDoc, route: Pick<RouteDef, 'method' | 'path'>): Obj | undefined {
  return spec.paths[route.path]?.[route.method] as Obj | undefined;
}

export function documentedOperations(spec: OpenApiDoc): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'])
      if (item[method]) out.push({ method, path });
  }
  return out;
}

/** Follows local `$ref`s (recursively, depth-bounded) so a schema or object stands alone. */
export function inline(spec: OpenApiDoc, node: unknown, depth = 0): any {
  if (depth > 32) throw new Error('$ref nesting too deep');
  if (Array.isArray(node)) return node.map((n) => inline(spec, n, depth + 1));
  if (!node || typeof node !== 'object') return node;
  const o = node as Obj;
  if (typeof o.$ref === 'string') {
    let target: any = spec;
    for (const part of o.$ref.replace(/^#\//, '').split('/'))
      target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`unresolved ${o.$ref}`);
    return inline(spec, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, inline(spec, v, depth + 1)]));
}

/** zod's own JSON Schema for a declared schema, its `$defs` (named schemas) inlined. */
export function zodJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Obj {
  const json = z.toJSONSchema(schema, { io }) as Obj;
  return inline(json as OpenApiDoc, json);
}

/** Parameters of an operation (path-item level included), inlined. */
export function parameters(spec: OpenApiDoc, route: Pick<RouteDef, 'method' | 'path'>): Obj[] {
  const item = spec.paths[route.path] as Obj;
  return [...(item.parameters ?? []), ...(operation(spec, route)?.parameters ?? [])].map((p: unknown) =>
    inline(spec, p),
  );
}

export class ResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  constructor(private readonly spec: OpenApiDoc) {
    addFormats(this.ajv);
  }

  /** Problems with a real response, or [] when it matches what the spec documents for its status. */
  check(route: Pick<RouteDef, 'method' | 'path'>, status: number, contentType: string, body: string): string[] {
    const op = operation(this.spec, route);
    if (!op) return [`${route.method} ${route.path} is not documented`];
    const documented = op.responses?.[String(status)];
    if (!documented) return [`status ${status} is not documented`];
    const response = inline(this.spec, documented) as Obj;
    const mediaType = contentType.split(';')[0]!.trim();
    const media = response.content?.[mediaType];
    if (!media)
      return [
        `content type ${mediaType} is not documented for ${status} (documented: ${Object.keys(response.content ?? {}).join(', ')})`,
      ];
    if (!/json$/.test(mediaType)) return typeof body === 'string' ? [] : ['body is not text'];
    const key = `${route.method} ${route.path} ${status} ${mediaType}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(media.schema ?? {});
      this.cache.set(key, validate);
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return ['body is not JSON'];
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
}

interface Shape {
  types: string[];
  enum?: string[];
  const?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  closed?: boolean;
  required?: string[];
  properties?: Record<string, Shape>;
  items?: Shape;
}

function shape(s: Obj | undefined): Shape {
  if (!s || typeof s !== 'object') return { types: ['any'] };
  const alts = (s.anyOf ?? s.oneOf) as Obj[] | undefined;
  if (Array.isArray(alts)) {
    const parts = alts.map(shape);
    const merged: Shape = {
      ...parts.reduce((a, p) => ({ ...a, ...p }), {} as Shape),
      types: [...new Set(parts.flatMap((p) => p.types))].sort(),
    };
    return merged;
  }
  const types = Array.isArray(s.type)
    ? [...s.type].sort()
    : typeof s.type === 'string'
      ? [s.type]
      : s.properties
        ? ['object']
        : ['any'];
  const out: Shape = { types };
  if (Array.isArray(s.enum)) out.enum = s.enum.map(String).sort();
  if (s.const !== undefined) out.const = String(s.const);
  if (typeof s.format === 'string') out.format = s.format;
  if (typeof s.pattern === 'string' && s.format === undefined) out.pattern = s.pattern;
  if (typeof s.minLength === 'number') out.minLength = s.minLength;
  if (typeof s.maxLength === 'number') out.maxLength = s.maxLength;
  if (s.additionalProperties === false) out.closed = true;
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties as Obj).map(([k, v]) => [k, shape(v)]));
    out.required = [...((s.required as string[]) ?? [])].sort();
  }
  if (s.items) out.items = shape(s.items);
  return out;
}

/**
 * Differences between a documented schema (inlined) and zod's JSON Schema for the same value:
 * types, nullability, enums/consts, formats, string bounds, properties, required, closedness, items.
 */
export function schemaDifferences(documented: Obj, derived: Obj, at = ''): string[] {
  return diff(shape(documented), shape(derived), at || '/');
}

function diff(d: Shape, z: Shape, at: string): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(d.types, z.types)) out.push(`${at}: type ${d.types} (doc) vs ${z.types} (zod)`);
  for (const k of ['enum', 'const', 'format', 'pattern', 'minLength', 'maxLength', 'closed', 'required'] as const) {
    if (!same(d[k], z[k])) out.push(`${at}: ${k} ${JSON.stringify(d[k])} (doc) vs ${JSON.stringify(z[k])} (zod)`);
  }
  const dp = Object.keys(d.properties ?? {}).sort();
  const zp = Object.keys(z.properties ?? {}).sort();
  if (!same(dp, zp)) out.push(`${at}: properties ${dp} (doc) vs ${zp} (zod)`);
  for (const k of dp.filter((p) => zp.includes(p)))
    out.push(...diff(d.properties![k]!, z.properties![k]!, `${at === '/' ? '' : at}/${k}`));
  if (d.items || z.items)
    out.push(
      ...diff(d.items ?? { types: ['missing'] }, z.items ?? { types: ['missing'] }, `${at === '/' ? '' : at}/items`),
    );
  return out;
}

/** The request a test sends to a route: path params from the spec's examples, body from its example. */
export function sampleRequest(spec: OpenApiDoc, route: RouteDef): { path: string; body?: string } {
  let path = route.path;
  for (const p of parameters(spec, route).filter((x) => x.in === 'path')) {
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(p.example ?? 'x')));
  }
  const media = inline(spec, operation(spec, route)?.requestBody)?.content?.['application/json'];
  const example = media?.example ?? Object.values((media?.examples ?? {}) as Obj)[0]?.value;
  return route.body ? { path, body: JSON.stringify(example ?? {}) } : { path };
}
