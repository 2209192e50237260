/**
 * The API key format: `vk_<id>_<secret>`.
 * - `id`: 16 hex chars (64 random bits), stored in clear; finds the row without scanning and is safe to log.
 * - `secret`: 32 random bytes, base64url (43 chars); only its scrypt hash is stored.
 * The fixed `vk_` prefix lets secret scanners recognise leaked keys.
 */
import { randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'vk_';
const KEY_PATTERN = /^vk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
export const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;

export interface GeneratedApiKey {
  id: string;
  key: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `${API_KEY_PREFIX}${id}_${secret}` };
}

/** The key id of a well-formed key, or undefined. Never echoes the key. */
export function parseApiKeyId(key: string): string | undefined {
  const m = KEY_PATTERN.exec(key);
  return m ? m[1] : undefined;
}
