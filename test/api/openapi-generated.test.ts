/**
 * openapi.yaml is generated from the route declarations (src/api/openapi/generate.ts): the
 * committed file is exactly the generator's output, the document follows the zod shapes (a field
 * zod requires is required, an enum is zod's enum, an input default is optional on the request side
 * only), and the generator refuses what would make the contract ambiguous or stale.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateOpenApi, GENERATED_SPEC, renderOpenApi } from '../../src/api/openapi/generate.js';
import { mergeProse } from '../../src/api/openapi/prose.js';
import { defineRoutes, type RouteGroup } from '../../src/api/route.js';
import { TENANT_ROLES } from '../../src/auth/index.js';
import { inline } from './contract-tools.js';

type Obj = Record<string, any>;

describe('openapi.yaml', () => {
  it('is the generated document (run `npm run openapi` after changing a route, its prose or base.yaml)', () => {
    expect(readFileSync(GENERATED_SPEC, 'utf8')).toBe(renderOpenApi());
  });
});

describe('the generated document follows the zod declarations', () => {
  const doc = generateOpenApi() as Obj;
  const schemas = doc.components.schemas as Obj;
  const body = (path: string, method: string) =>
    doc.paths[path][method].requestBody.content['application/json'].schema as Obj;

  it('names a declared schema once and refers to it ($ref), on the side it is used', () => {
    expect(body('/v1/admin/keys', 'post')).toEqual({ $ref: '#/components/schemas/CreateApiKeyRequest' });
    expect(doc.paths['/v1/admin/keys/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ApiKey',
    });
  });

  it('makes a field zod requires required, and an optional one not', () => {
    const create = schemas.CreateApiKeyRequest;
    expect(create.required).toEqual(['role']);
    expect(create.properties.label).toEqual({ type: 'string', minLength: 1, maxLength: 100 });
    expect(create.additionalProperties).toBe(false); // z.strictObject
  });

  it("documents zod's enum", () => {
    expect(schemas.TenantRole.enum).toEqual([...TENANT_ROLES]);
    const format = schemas.TaxReportRequest.properties.format;
    expect([format.default, [...format.enum].sort()]).toEqual([
      'json',
      ['1099da', '1099da-csv', '8949', 'carf', 'json'],
    ]);
  });

  it('documents a response field and its nullability from the output side', () => {
    const key = schemas.ApiKey;
    expect(key.required).toEqual(expect.arrayContaining(['revokedAt', 'label']));
    expect(key.properties.label).toEqual({ type: ['string', 'null'] });
    expect(schemas.CreatedApiKey.properties.key).toMatchObject({ type: 'string' });
  });

  it('keeps an input default optional in the request (the caller may leave it out)', () => {
    const req = inline(doc as never, body('/v1/reports/compliance', 'post'));
    expect(req.required).toEqual(['from', 'to']);
    expect(req.properties.period).toMatchObject({ default: 'month', enum: ['day', 'month', 'year'] });
  });

  it('documents the framework: roles, standard errors, jobs (202), raw bodies and body limits', () => {
    const tax = doc.paths['/v1/reports/tax'].post;
    expect(tax['x-roles']).toEqual(['institution']);
    expect(Object.keys(tax.responses)).toEqual(['200', '202', '400', '401', '403', '413', '429', '500']);
    expect(tax.responses['202']).toEqual({ $ref: '#/components/responses/JobAccepted' });
    expect(Object.keys(tax.responses['200'].content)).toEqual(['application/json', 'application/xml', 'text/csv']);
    expect(tax.requestBody.description).toMatch(/At most 16 MiB\./);
    expect(tax.requestBody.description).toMatch(/`prices`: at most [\d,]+ lines/);
    expect(schemas.TaxReport).toBeDefined(); // from reports/tax-report.schema.json, not zod
    const health = doc.paths['/healthz'].get;
    expect([health.security, Object.keys(health.responses)]).toEqual([[], ['200', '500']]);
  });
});

/** A one-area app for the generator's refusals. */
function area(routes: (route: Parameters<Parameters<typeof defineRoutes>[0]['routes']>[0]) => any[]): RouteGroup[] {
  return [defineRoutes({ area: 'demo', routes })];
}
const demoProse = (operations: Obj = {}) => mergeProse([['demo.prose.yaml', { tags: { demo: 'Demo.' }, operations }]]);
const thing = (id: string) => z.object({ id: z.string() }).meta({ id });

describe('the generator refuses', () => {
  const get = (operationId: string, path: string, schema: z.ZodType) => ({
    method: 'get' as const,
    path,
    operationId,
    summary: 'x',
    roles: 'public' as const,
    response: { schema },
    handler: () => ({ id: 'x' }),
  });

  it('a duplicate operationId', () => {
    const T = thing('Thing');
    const groups = area((route) => [route(get('getThing', '/a', T)), route(get('getThing', '/b', T))]);
    expect(() => generateOpenApi({ groups, prose: demoProse() })).toThrow(/operationId getThing is declared twice/);
  });

  it('two different zod schemas with the same component id', () => {
    const groups = area((route) => [
      route(get('getA', '/a', thing('Thing'))),
      route(get('getB', '/b', thing('Thing'))),
    ]);
    expect(() => generateOpenApi({ groups, prose: demoProse() })).toThrow(/component id "Thing" is declared by two/);
  });

  it('a type JSON Schema cannot express, unless the schema says how to document it', () => {
    const big = z.object({ n: z.bigint() });
    expect(() =>
      generateOpenApi({ groups: area((route) => [route(get('getN', '/n', big))]), prose: demoProse() }),
    ).toThrow(/BigInt cannot be represented.*\.meta\(\{ jsonSchema \}\)/);
    const documented = z.object({ n: z.bigint().meta({ jsonSchema: { type: 'string', pattern: '^[0-9]+$' } }) });
    const doc = generateOpenApi({
      groups: area((route) => [route(get('getN', '/n', documented))]),
      prose: demoProse(),
    });
    expect(doc.paths['/n'].get.responses['200'].content['application/json'].schema.properties.n).toEqual({
      type: 'string',
      pattern: '^[0-9]+$',
    });
  });

  it('a body without an example, or with one its schema rejects', () => {
    const post = (route: any) =>
      route({
        method: 'post',
        path: '/p',
        operationId: 'postThing',
        summary: 'x',
        roles: ['admin'],
        body: z.strictObject({ n: z.int() }),
        response: { schema: thing('Thing') },
        handler: () => ({ id: 'x' }),
      });
    expect(() => generateOpenApi({ groups: area((r) => [post(r)]), prose: demoProse() })).toThrow(
      /needs a request example/,
    );
    expect(() =>
      generateOpenApi({ groups: area((r) => [post(r)]), prose: demoProse({ postThing: { example: { n: 'one' } } }) }),
    ).toThrow(/refuses the prose example/);
    expect(
      generateOpenApi({ groups: area((r) => [post(r)]), prose: demoProse({ postThing: { example: { n: 1 } } }) }).paths[
        '/p'
      ].post.requestBody.content['application/json'].example,
    ).toEqual({ n: 1 });
  });

  it('prose for an operation that does not exist, and a shape in a prose file', () => {
    const groups = area((route) => [route(get('getThing', '/a', thing('Thing')))]);
    expect(() => generateOpenApi({ groups, prose: demoProse({ getNothing: {} }) })).toThrow(
      /unknown operation getNothing/,
    );
    expect(() =>
      mergeProse([['demo.prose.yaml', { operations: { getThing: { schema: { type: 'object' } } } }]]),
    ).toThrow(/operations\.getThing: Unrecognized key/);
  });

  it('a field description for a field the schema does not have', () => {
    const groups = area((route) => [route(get('getThing', '/a', thing('Thing')))]);
    const prose = mergeProse([
      ['demo.prose.yaml', { tags: { demo: 'Demo.' }, schemas: { Thing: { fields: { name: 'Its name.' } } } }],
    ]);
    expect(() => generateOpenApi({ groups, prose })).toThrow(/Thing\.name: no such field/);
  });
});

describe('a schema used as request and response', () => {
  it('keeps its name for the response and names the differing request side <id>Input', () => {
    const Item = z.object({ n: z.int().default(1) }).meta({ id: 'Item' });
    const groups = area((route) => [
      route({
        method: 'post',
        path: '/items',
        operationId: 'putItem',
        summary: 'x',
        roles: ['admin'],
        body: Item,
        response: { schema: Item },
        handler: () => ({ n: 1 }),
      }),
    ]);
    const doc = generateOpenApi({ groups, prose: demoProse({ putItem: { example: {} } }) });
    const s = doc.components.schemas;
    expect(s.Item.required).toEqual(['n']); // the output always has it
    expect(s.ItemInput.required).toBeUndefined(); // the caller may leave it out
    expect(doc.paths['/items'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ItemInput',
    });
  });
});
