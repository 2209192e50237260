/**
 * Request input for a route: JSON body, path and query parameters, each checked against the
 * route's zod schema. Every failure is INPUT_INVALID with JSON-pointer paths (`/body/role`) in
 * `details.issues`; messages describe the rule broken, never echo the value.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import type { AppEnv } from '../env.js';

export type InputLocation = 'body' | 'path' | 'query';

export function validateInput<S extends z.ZodType>(schema: S, value: unknown, where: InputLocation): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: `/${[where, ...i.path.map(String)].map(escapePointer).join('/')}`,
    code: i.code,
    message: i.message,
  }));
  const first = issues[0]!;
  throw new VouchError('INPUT_INVALID', `${where} is invalid at ${first.path}: ${first.message}`, {
    details: { issues },
  });
}

/**
 * The request body as a value to validate: JSON, or, for a text media type the route lists in
 * `textBodies` (e.g. `{ 'text/csv': 'csv' }`), `{ [field]: text }`.
 */
export async function readJsonBody(
  c: Context<AppEnv>,
  textBodies?: Readonly<Record<string, string>>,
): Promise<unknown> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  const textField = textBodies?.[type];
  if (textField !== undefined) {
    const text = await c.req.text();
    if (text.trim() === '') {
      throw new VouchError('INPUT_INVALID', 'a request body is required', {
        details: { issues: [{ path: '/body', code: 'required', message: 'body is empty' }] },
      });
    }
    return { [textField]: text };
  }
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    const accepted = ['application/json', ...Object.keys(textBodies ?? {})].join(' or ');
    throw new VouchError('INPUT_INVALID', `Content-Type must be ${accepted}`, {
      details: { issues: [{ path: '/body', code: 'content_type', message: `expected ${accepted}` }] },
    });
  }
  const text = await c.req.text();
  if (text.trim() === '') {
    throw new VouchError('INPUT_INVALID', 'a JSON request body is required', {
      details: { issues: [{ path: '/body', code: 'required', message: 'body is empty' }] },
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VouchError('INPUT_INVALID', 'request body is not valid JSON', {
      details: { issues: [{ path: '/body', code: 'invalid_json', message: 'not valid JSON' }] },
    });
  }
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
