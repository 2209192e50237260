/**
 * zod schemas → JSON Schema (2020-12, as OpenAPI 3.1 uses) with named components. A zod schema
 * given `.meta({ id: 'X' })` becomes `components.schemas.X` and every use of it a
 * `$ref: '#/components/schemas/X'`; everything else is inlined. Requests are converted on zod's
 * input side, responses on its output side; when one named schema reads differently on the two
 * sides (defaults, transforms, open vs closed objects), the output keeps the name and the input
 * side is named `XInput`. Two different zod schemas may never share an id, and a type JSON Schema
 * cannot express (bigint, Date, a transform's output) is refused unless the schema says what to
 * document with `.meta({ jsonSchema: {...} })`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../../config/package-files.js';
import { jsonSchemaFileOf, type JsonSchemaFileRef } from './json-schema-file.js';

export type JsonSchema = Record<string, unknown>;
export type Io = 'input' | 'output';

const REF = '#/components/schemas/';

interface Component {
  schema: JsonSchema;
  io: Io | 'file';
}

export class ComponentRegistry {
  /** Named schemas in the order they were first met. */
  readonly schemas = new Map<string, Component>();
  private readonly owners = new Map<string, unknown>();
  private readonly cache = new Map<z.ZodType, Partial<Record<Io, JsonSchema>>>();
  private readonly files = new Set<string>();

  constructor(private readonly packageRoot: string = PACKAGE_ROOT) {}

  /** The JSON Schema of `schema` as a request (`input`) or a response (`output`) carries it. */
  convert(schema: z.ZodType, io: Io): JsonSchema {
    const cached = this.cache.get(schema)?.[io];
    if (cached) return cached;
    const files: [string, JsonSchemaFileRef][] = [];
    const documentedParents = new WeakSet<object>();
    const raw = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      cycles: 'throw',
      reused: 'inline',
      unrepresentable: (ctx) => {
        const declared = metaOf(ctx.zodSchema)?.jsonSchema;
        // zod also visits the schema `.meta()` was called on (its parent): documented by the clone
        const parent = (ctx.zodSchema as { _zod?: { parent?: object } })._zod?.parent;
        if (declared && parent) documentedParents.add(parent);
        if (declared) return structuredClone(declared as JsonSchema);
        if (documentedParents.has(ctx.zodSchema)) return {};
        throw new Error(
          `${ctx.message} (at ${ctx.path.join('.') || 'the root'}): declare what to document with .meta({ jsonSchema })`,
        );
      },
      override: (ctx) => {
        const meta = metaOf(ctx.zodSchema);
        const rawId = meta?.id;
        const id = typeof rawId === 'string' ? rawId : undefined;
        if (id) this.claim(id, ctx.zodSchema);
        const file = jsonSchemaFileOf(ctx.zodSchema);
        if (file && id) files.push([id, file]);
        if (meta?.jsonSchema) replace(ctx.jsonSchema, meta.jsonSchema as JsonSchema);
        delete (ctx.jsonSchema as JsonSchema).jsonSchema;
      },
    }) as JsonSchema;
    for (const [id, file] of files) this.addFile(id, file);
    const { $defs = {}, $schema: _s, ...root } = raw as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const defs = $defs as Record<string, JsonSchema>;
    for (const name of Object.keys(defs)) if (!this.owners.has(name)) throw new Error(`unnamed $def ${name}`);
    // The file-backed placeholders are documented by their files, never by zod's `{}`.
    for (const [id] of files) delete defs[id];
    const names = this.nameDefs(defs, io);
    for (const [id, def] of Object.entries(defs)) this.store(names[id]!, rewrite(def, names), io);
    const result = rewrite(root, names);
    const entry = this.cache.get(schema) ?? {};
    entry[io] = result;
    this.cache.set(schema, entry);
    return result;
  }

  /** A named schema's JSON Schema (following one `$ref`), for reading its properties. */
  resolve(schema: JsonSchema): JsonSchema {
    const ref = schema.$ref;
    if (typeof ref === 'string' && ref.startsWith(REF)) {
      const target = this.schemas.get(ref.slice(REF.length));
      if (!target) throw new Error(`unresolved ${ref}`);
      return target.schema;
    }
    return schema;
  }

  private claim(id: string, owner: unknown): void {
    const known = this.owners.get(id);
    if (known !== undefined && known !== owner)
      throw new Error(`component id "${id}" is declared by two different zod schemas`);
    this.owners.set(id, owner);
  }

  /** Each $def keeps its id unless the other side already holds that name with a different schema. */
  private nameDefs(defs: Record<string, JsonSchema>, io: Io): Record<string, string> {
    const names = Object.fromEntries(Object.keys(defs).map((k) => [k, k]));
    for (let changed = true; changed;) {
      changed = false;
      for (const [id, def] of Object.entries(defs)) {
        if (names[id] !== id) continue;
        const held = this.schemas.get(id);
        if (held && held.io !== io && !isDeepStrictEqual(held.schema, rewrite(def, names))) {
          names[id] = `${id}${io === 'input' ? 'Input' : 'Output'}`;
          changed = true;
        }
      }
    }
    return names;
  }

  private store(name: string, schema: JsonSchema, io: Io | 'file'): void {
    const held = this.schemas.get(name);
    if (!held) {
      this.schemas.set(name, { schema, io });
      return;
    }
    if (!isDeepStrictEqual(held.schema, schema))
      throw new Error(`component "${name}" would hold two different schemas (is an id also used as ${name}?)`);
  }

  /** A published JSON Schema file: its root as component `id`, its `$defs` as `<prefix><Name>`. */
  private addFile(id: string, ref: JsonSchemaFileRef): void {
    if (this.files.has(id)) return;
    this.files.add(id);
    const {
      $defs = {},
      $schema: _s,
      $id: _i,
      ...root
    } = JSON.parse(readFileSync(join(this.packageRoot, ref.file), 'utf8')) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    const name = (d: string) => ref.defsPrefix + d[0]!.toUpperCase() + d.slice(1);
    const fix = (n: unknown): unknown =>
      Array.isArray(n)
        ? n.map(fix)
        : n && typeof n === 'object'
          ? Object.fromEntries(
              Object.entries(n).map(([k, v]) => [
                k,
                k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? REF + name(v.slice(8)) : fix(v),
              ]),
            )
          : n;
    for (const [d, schema] of Object.entries($defs as Record<string, JsonSchema>)) {
      this.claim(name(d), ref);
      this.store(name(d), fix(schema) as JsonSchema, 'file');
    }
    this.store(id, fix(root) as JsonSchema, 'file');
  }
}

function metaOf(schema: unknown): Record<string, unknown> | undefined {
  return z.globalRegistry.get(schema as z.ZodType) as Record<string, unknown> | undefined;
}

function replace(target: JsonSchema, by: JsonSchema): void {
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, structuredClone(by));
}

/** `#/$defs/X` → `#/components/schemas/<names[X]>`, everywhere in a schema. */
function rewrite(node: JsonSchema, names: Record<string, string>): JsonSchema {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== 'object') return n;
    return Object.fromEntries(
      Object.entries(n).map(([k, v]) => {
        if (k === '$ref' && typeof v === 'string') {
          if (!v.startsWith('#/$defs/')) throw new Error(`unexpected $ref ${v}`);
          return [k, REF + (names[v.slice(8)] ?? v.slice(8))];
        }
        return [k, walk(v)];
      }),
    );
  };
  return walk(node) as JsonSchema;
}
