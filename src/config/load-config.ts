/**
 * Builds the service Config from, lowest to highest precedence: defaults, an optional JSON file
 * (`--config FILE` or VOUCH_CONFIG), environment variables (ENV_KEYS), explicit overrides (CLI flags).
 * Unknown keys are rejected so a typo cannot silently fall back to a default.
 */
import { readFileSync, statSync } from 'node:fs';
import { VouchError } from '../errors/index.js';
import { ConfigSchema, ENV_KEYS, type Config } from './schema.js';

export interface LoadConfigOptions {
  /** Path of a JSON config file; when absent, env VOUCH_CONFIG names one (if set). */
  file?: string;
  env?: Record<string, string | undefined>;
  /** Highest precedence, by dotted path (e.g. `{ 'server.port': 9000 }`). */
  overrides?: Record<string, unknown>;
}

/** The service configuration from the environment (VOUCH_*), an optional config file and overrides, validated; throws CONFIG_INVALID. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? nonEmpty(env.VOUCH_CONFIG);
  const raw: Record<string, unknown> = file === undefined ? {} : readConfigFile(file);
  for (const [name, spec] of Object.entries(ENV_KEYS)) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) setPath(raw, spec.path, fromEnv(name, value, spec.type));
  }
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setPath(raw, path, value);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const where = file === undefined ? 'environment/flags' : `${file}, environment or flags`;
    throw new VouchError(
      'CONFIG_INVALID',
      `configuration is invalid (${where}): ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      {
        details: { issues },
      },
    );
  }
  return parsed.data;
}

function readConfigFile(file: string): Record<string, unknown> {
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    bytes = readFileSync(file);
  } catch (cause) {
    throw new VouchError('FILE_UNREADABLE', `cannot read config file ${file}`, { cause, details: { file } });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // no silent U+FFFD in a host or a path
  } catch (cause) {
    throw new VouchError('CONFIG_INVALID', `config file ${file} is not valid UTF-8`, { cause, details: { file } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new VouchError('CONFIG_INVALID', `config file ${file} is not valid JSON`, { cause, details: { file } });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new VouchError('CONFIG_INVALID', `config file ${file} must hold a JSON object`, { details: { file } });
  }
  return value as Record<string, unknown>;
}

function fromEnv(name: string, value: string, type: 'integer' | 'number' | 'string' | 'boolean'): unknown {
  if (type === 'string') return value;
  if (type === 'boolean') {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw new VouchError('CONFIG_INVALID', `environment variable ${name} must be true or false`, {
      details: { env: name },
    });
  }
  const n = Number(value);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()) || !Number.isFinite(n)) {
    throw new VouchError('CONFIG_INVALID', `environment variable ${name} must be a number`, { details: { env: name } });
  }
  return n;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}
