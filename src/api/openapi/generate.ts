/**
 * openapi.yaml, generated: every operation comes from its route declaration (src/api/routes/*.ts:
 * method, path, operationId, summary, area tag, roles → security and x-roles, zod params, query,
 * body and response), the prose from routes/<file>.prose.yaml (see prose.ts), and the document
 * frame and shared components (problem+json responses, security scheme, Problem) from base.yaml.
 * No shape is written twice: the zod declarations are the contract, and this file only renders
 * them. `npm run openapi` writes the result; a test fails when the committed file differs.
 *
 * The generator refuses rather than guesses: a duplicate operationId or component id, prose for an
 * operation, parameter, schema field or error that does not exist, a body without an example its
 * schema accepts, or an error response nobody uses are all errors.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { ConfigSchema } from '../../config/schema.js';
import { OPENAPI_PATH } from '../../config/package-files.js';
import { ROUTE_GROUPS } from '../route-groups.js';
import type { RouteDef, RouteGroup } from '../route.js';
import { JobView } from '../routes/jobs.js';
import { ComponentRegistry, type JsonSchema } from './components.js';
import { describeFields } from './describe-fields.js';
import { loadProse, type Prose } from './prose.js';

const here = dirname(fileURLToPath(import.meta.url));
export const BASE_SPEC = join(here, 'base.yaml');
export const PROSE_DIR = join(here, '..', 'routes');
export const GENERATED_SPEC = OPENAPI_PATH;

type Obj = Record<string, any>;

export interface GenerateOptions {
  groups?: readonly RouteGroup[];
  prose?: Prose;
  base?: Obj;
}

const STANDARD_ERRORS = (r: RouteDef): Record<string, string> => {
  const out: Record<string, string> = { '500': 'InternalError' };
  if (r.roles !== 'public') Object.assign(out, { '401': 'Unauthorized', '403': 'Forbidden', '429': 'TooManyRequests' });
  if (r.body || r.params || r.query) out['400'] = 'BadRequest';
  if (r.body) out['413'] = 'PayloadTooLarge';
  return out;
};

/** The OpenAPI document as an object. */
export function generateOpenApi(options: GenerateOptions = {}): Obj {
  // by area name: a module namespace's key order differs between loaders, the document must not
  const groups = [...(options.groups ?? ROUTE_GROUPS)].sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : 0));
  const prose = options.prose ?? loadProse(PROSE_DIR);
  const base = structuredClone(options.base ?? (parse(readFileSync(BASE_SPEC, 'utf8')) as Obj));
  const routes = groups.flatMap((g) => g.routes);
  const registry = new ComponentRegistry();
  const defaults = ConfigSchema.parse({});

  const ids = new Set<string>();
  for (const r of routes) {
    if (ids.has(r.operationId)) throw new Error(`operationId ${r.operationId} is declared twice`);
    ids.add(r.operationId);
  }
  for (const id of prose.operations.keys()) if (!ids.has(id)) throw new Error(`prose for unknown operation ${id}`);

  // Responses first: a schema used on both sides keeps its plain name for what callers receive.
  for (const r of routes) {
    if ('schema' in r.response) registry.convert(r.response.schema, 'output');
    for (const media of Object.values(('bodies' in r.response && r.response.bodies) || {}))
      for (const b of Object.values(media)) if (b !== 'text') registry.convert(b, 'output');
  }

  const components = (base.components ??= {});
  const responses: Obj = (components.responses ??= {});
  for (const [name, description] of prose.errors) {
    if (responses[name]) throw new Error(`error response ${name} is defined twice`);
    responses[name] = problemResponse(description);
  }
  if (routes.some((r) => r.runsAsJob)) {
    responses.JobAccepted = {
      description: 'The work is large (or `Prefer: respond-async` was sent) and runs as a job; poll `Location`.',
      headers: { Location: { description: 'The job, `/v1/jobs/{id}`.', schema: { type: 'string' } } },
      content: { 'application/json': { schema: registry.convert(JobView, 'output') } },
    };
  }

  const paths: Obj = {};
  const usedParams = new Set<string>();
  for (const r of routes) {
    const op = operation(r, prose, registry, defaults, usedParams);
    for (const [status, ref] of Object.entries(op.responses as Obj))
      if (typeof ref.$ref === 'string' && !responses[ref.$ref.split('/').pop()])
        throw new Error(`${r.operationId}: no error response ${ref.$ref.split('/').pop()} (${status})`);
    (paths[r.path] ??= {})[r.method] = op;
  }
  for (const [path, params] of prose.parameters)
    for (const name of Object.keys(params))
      if (!usedParams.has(`${path} ${name}`)) throw new Error(`prose for unknown parameter ${name} of ${path}`);

  const areas = [...new Set(routes.map((r) => r.area))];
  for (const tag of prose.tags.keys()) if (!areas.includes(tag)) throw new Error(`prose for unknown tag ${tag}`);
  const tags = areas.map((name) => {
    const description = prose.tags.get(name);
    if (!description) throw new Error(`area ${name} has no tag description in its prose file`);
    return { name, description };
  });

  const schemas: Obj = {};
  for (const name of [...registry.schemas.keys()].sort()) schemas[name] = registry.schemas.get(name)!.schema;
  for (const [name, p] of prose.schemas) {
    const target = schemas[name];
    if (!target) throw new Error(`prose for unknown schema ${name}`);
    schemas[name] = describeFields(name, target, p);
  }
  const used = JSON.stringify(paths) + JSON.stringify(schemas) + JSON.stringify(responses);
  for (const name of Object.keys(responses))
    if (!used.includes(`"#/components/responses/${name}"`) && prose.errors.has(name))
      throw new Error(`error response ${name} is defined but no operation uses it`);
  components.schemas = { ...components.schemas, ...schemas };

  const { openapi, info, servers, ...rest } = base;
  return { openapi, info, servers, tags, paths, ...rest, components };
}

/** openapi.yaml's text. */
export function renderOpenApi(options: GenerateOptions = {}): string {
  const doc = generateOpenApi(options);
  return `# GENERATED by \`npm run openapi\` from the route declarations (src/api/routes/*.ts, zod),
# their prose (src/api/routes/*.prose.yaml) and src/api/openapi/base.yaml. Edit those, not this
# file (a test fails when this file is out of date).
${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

function problemResponse(description: string): Obj {
  return {
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

function operation(
  r: RouteDef,
  prose: Prose,
  registry: ComponentRegistry,
  config: ReturnType<typeof ConfigSchema.parse>,
  usedParams: Set<string>,
): Obj {
  const p = prose.operations.get(r.operationId) ?? {};
  const op: Obj = { tags: [r.area], operationId: r.operationId, summary: r.summary };
  if (p.description) op.description = p.description;
  op['x-roles'] = r.roles === 'public' ? [] : [...r.roles];
  op.security = r.roles === 'public' ? [] : [{ apiKey: [] }];

  const parameters = [
    ...parametersOf(r, 'path', r.params, prose, registry, usedParams),
    ...parametersOf(r, 'query', r.query, prose, registry, usedParams),
  ];
  const templated = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const declared = parameters.filter((x) => x.in === 'path').map((x) => x.name);
  if (templated.sort().join() !== declared.sort().join())
    throw new Error(`${r.operationId}: path parameters ${templated} but params declares ${declared}`);
  if (parameters.length) op.parameters = parameters;

  if (r.body) op.requestBody = requestBody(r, p, registry, config);
  else if (p.example !== undefined || p.textExamples) throw new Error(`${r.operationId}: an example but no body`);

  const responses: Obj = {};
  const status = String(r.response.status ?? 200);
  const describe = (s: string) => p.responses?.[s] ?? (s === '201' ? 'Created.' : 'The result.');
  if ('schema' in r.response) {
    responses[status] = {
      description: describe(status),
      content: { 'application/json': { schema: registry.convert(r.response.schema, 'output') } },
    };
  } else {
    const bodies = r.response.bodies ?? { [status]: { [r.response.contentType]: 'text' as const } };
    if (!bodies[Number(status)]?.[r.response.contentType])
      throw new Error(`${r.operationId}: bodies does not document ${status} ${r.response.contentType}`);
    for (const [s, media] of Object.entries(bodies)) {
      const content: Obj = {};
      for (const [type, body] of Object.entries(media))
        content[type] = {
          schema: body !== 'text' ? registry.convert(body, 'output') : /json$/.test(type) ? {} : { type: 'string' },
        };
      responses[s] = { description: describe(s), content };
    }
  }
  if (r.runsAsJob) responses['202'] = { $ref: '#/components/responses/JobAccepted' };
  for (const s of Object.keys(p.responses ?? {}))
    if (!responses[s]) throw new Error(`${r.operationId}: prose describes response ${s}, which it does not have`);
  const errors = { ...STANDARD_ERRORS(r), ...p.errors };
  for (const [s, name] of Object.entries(errors)) {
    if (responses[s]) throw new Error(`${r.operationId}: status ${s} is both a response and error ${name}`);
    responses[s] = { $ref: `#/components/responses/${name}` };
  }
  op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
  return op;
}

function parametersOf(
  r: RouteDef,
  where: 'path' | 'query',
  schema: RouteDef['params'],
  prose: Prose,
  registry: ComponentRegistry,
  usedParams: Set<string>,
): Obj[] {
  if (!schema) return [];
  const json = registry.resolve(registry.convert(schema, 'input'));
  if (json.type !== 'object' || !json.properties) throw new Error(`${r.operationId}: ${where} must be a zod object`);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(json.properties as Record<string, JsonSchema>).map(([name, s]) => {
    const { description, examples, ...rest } = s as JsonSchema & { examples?: unknown[] };
    const given = prose.parameters.get(r.path)?.[name];
    if (given) usedParams.add(`${r.path} ${name}`);
    const param: Obj = { name, in: where, required: where === 'path' || required.has(name) };
    const text = given?.description ?? description;
    if (text) param.description = text;
    param.schema = rest;
    const example = given?.example ?? examples?.[0];
    if (example !== undefined) param.example = example;
    return param;
  });
}

function requestBody(
  r: RouteDef,
  p: NonNullable<ReturnType<Prose['operations']['get']>>,
  registry: ComponentRegistry,
  config: ReturnType<typeof ConfigSchema.parse>,
): Obj {
  if (p.example === undefined) throw new Error(`${r.operationId}: a body needs a request example in its prose file`);
  const parsed = r.body!.safeParse(p.example);
  if (!parsed.success)
    throw new Error(
      `${r.operationId}: its body schema refuses the prose example (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  const content: Obj = { 'application/json': { schema: registry.convert(r.body!, 'input'), example: p.example } };
  for (const [type, field] of Object.entries(r.textBodies ?? {})) {
    const example = p.textExamples?.[type];
    content[type] = {
      schema: { type: 'string', description: `The text of the body field \`${field}\`.` },
      ...(example === undefined ? {} : { example }),
    };
  }
  for (const type of Object.keys(p.textExamples ?? {}))
    if (!content[type]) throw new Error(`${r.operationId}: a ${type} example, but the route reads no ${type} body`);
  const limits = [
    `At most ${bytes(r.bodyLimit ?? config.limits.bodyBytes)}${r.bodyLimit ? '' : ' (`limits.bodyBytes`)'}.`,
    ...(r.itemLimits ?? []).map(
      (l) =>
        `\`${l.field}\`: at most ${l.limit(config).toLocaleString('en-US')} ${l.items} under the default configuration, counted before validation.`,
    ),
  ];
  const checked = r.bodyCheckedBy ? ` Beyond this schema, ${r.bodyCheckedBy}` : '';
  return {
    description: `${limits.join(' ')} Larger: 413 INPUT_TOO_LARGE.${checked}`,
    required: true,
    content,
  };
}

function bytes(n: number): string {
  return n % 1_048_576 === 0 ? `${n / 1_048_576} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}
