/**
 * The prose of openapi.yaml: what a reader needs that is not a shape. One file per route file,
 * `src/api/routes/<file>.prose.yaml`, holds its areas' tag descriptions, each operation's
 * description, request example, success-response descriptions and the error responses it adds,
 * path/query parameter descriptions and examples, and descriptions of the fields of named
 * schemas. Shapes never live here: the file is validated by a strict schema that has no place
 * for a `schema`, a type or a `required` list, so a YAML copy of a zod shape cannot creep back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const Text = z.string().min(1);
const Status = z.string().regex(/^[1-5][0-9]{2}$/, 'must be an HTTP status');

const OperationProse = z.strictObject({
  description: Text.optional(),
  /** The JSON request body example (the docs page and the role matrix send it; the route's body schema must accept it). */
  example: z.unknown().optional(),
  /** Examples of the text bodies the route reads (`textBodies`), by media type. */
  textExamples: z.record(z.string(), z.string()).optional(),
  /** Descriptions of the success (and other non-problem) responses, by status. */
  responses: z.record(Status, Text).optional(),
  /** Problem responses beyond the ones every route gets, by status: a response component's name. */
  errors: z.record(Status, z.string().regex(/^[A-Z][A-Za-z0-9]*$/)).optional(),
});

const ParameterProse = z.strictObject({ description: Text.optional(), example: z.unknown().optional() });

const SchemaProse = z.strictObject({
  description: Text.optional(),
  example: z.unknown().optional(),
  /** Field descriptions by path: `a.b` (properties), `a[]` (array items); union variants are searched. */
  fields: z.record(z.string(), Text).optional(),
});

export const ProseFile = z.strictObject({
  /** Area (tag) descriptions. */
  tags: z.record(z.string(), Text).optional(),
  /** By operationId. */
  operations: z.record(z.string(), OperationProse).optional(),
  /** Problem responses this file defines (name → description); each is `application/problem+json` Problem. */
  errors: z.record(z.string().regex(/^[A-Z][A-Za-z0-9]*$/), Text).optional(),
  /** By route path, then parameter name (path and query parameters). */
  parameters: z.record(z.string(), z.record(z.string(), ParameterProse)).optional(),
  /** By component name (a zod schema's `.meta({ id })`). */
  schemas: z.record(z.string(), SchemaProse).optional(),
});
export type ProseFile = z.infer<typeof ProseFile>;
export type OperationProse = z.infer<typeof OperationProse>;
export type ParameterProse = z.infer<typeof ParameterProse>;
export type SchemaProse = z.infer<typeof SchemaProse>;

/** Every prose file merged; a name given twice (in one file or two) is an error. */
export interface Prose {
  tags: Map<string, string>;
  operations: Map<string, OperationProse>;
  errors: Map<string, string>;
  parameters: Map<string, Record<string, ParameterProse>>;
  schemas: Map<string, SchemaProse>;
}

export const PROSE_SUFFIX = '.prose.yaml';

export function loadProse(dir: string): Prose {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(PROSE_SUFFIX))
    .sort();
  return mergeProse(files.map((f) => [f, parse(readFileSync(join(dir, f), 'utf8')) ?? {}] as const));
}

export function mergeProse(files: readonly (readonly [name: string, content: unknown])[]): Prose {
  const prose: Prose = {
    tags: new Map(),
    operations: new Map(),
    errors: new Map(),
    parameters: new Map(),
    schemas: new Map(),
  };
  for (const [name, content] of files) {
    const parsed = ProseFile.safeParse(content);
    if (!parsed.success)
      throw new Error(
        `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
      );
    for (const section of ['tags', 'operations', 'errors', 'parameters', 'schemas'] as const) {
      const target = prose[section] as Map<string, unknown>;
      for (const [key, value] of Object.entries(parsed.data[section] ?? {})) {
        if (target.has(key)) throw new Error(`${name}: ${section}.${key} is given twice`);
        target.set(key, value);
      }
    }
  }
  return prose;
}
