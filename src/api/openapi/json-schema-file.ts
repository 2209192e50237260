/**
 * A body whose shape is defined by a JSON Schema file the project publishes (reports/*.schema.json)
 * rather than by zod: the route declares it with `jsonSchemaFile(...)`, and the openapi generator
 * puts the file itself in openapi.yaml (its `$defs` become prefixed components), so the file stays
 * the one source of that shape. Nothing is read until the document is generated.
 */
import { z } from 'zod';

export interface JsonSchemaFileRef {
  /** Path relative to the package root, e.g. `reports/tax-report.schema.json`. */
  file: string;
  /** Prefix of the component names its `$defs` get (`Tax` + `Decimal` → `TaxDecimal`). */
  defsPrefix: string;
}

const FILES = new WeakMap<z.ZodType, JsonSchemaFileRef>();

/** A zod placeholder (accepts anything) that openapi.yaml documents as component `id` from `file`. */
export function jsonSchemaFile(id: string, file: string, defsPrefix: string): z.ZodType {
  const schema = z.unknown().meta({ id });
  FILES.set(schema, { file, defsPrefix });
  return schema;
}

export function jsonSchemaFileOf(schema: unknown): JsonSchemaFileRef | undefined {
  return typeof schema === 'object' && schema !== null ? FILES.get(schema as z.ZodType) : undefined;
}
