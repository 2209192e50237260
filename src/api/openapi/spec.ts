/**
 * openapi.yaml, the API contract: read once per path and parsed. Served verbatim at /openapi.yaml
 * and rendered at /docs; tests check it against the declared routes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { OPENAPI_PATH } from '../../config/index.js';

export const DEFAULT_SPEC_PATH = OPENAPI_PATH;

export interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; [k: string]: unknown };
  tags?: { name: string; description?: string }[];
  [k: string]: unknown;
}

export interface LoadedSpec {
  path: string;
  text: string;
  doc: OpenApiDoc;
}

const cache = new Map<string, LoadedSpec>();

/** Reads and indexes the OpenAPI document (openapi.yaml by default) the app serves and checks its routes against. */
export function loadSpec(path: string = DEFAULT_SPEC_PATH): LoadedSpec {
  const key = resolve(path);
  let spec = cache.get(key);
  if (!spec) {
    const text = readFileSync(key, 'utf8');
    spec = { path: key, text, doc: parse(text) as OpenApiDoc };
    cache.set(key, spec);
  }
  return spec;
}
