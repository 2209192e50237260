/**
 * The roles an API key can carry. A route admits a fixed set of them (src/api/route.ts);
 * there is no hierarchy: `admin` is tenant administration, not a superset of the others.
 */
export const ROLES = ['admin', 'issuer', 'institution', 'venue', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A tenant id: lowercase letters, digits, `.`, `_`, `-`; starts with a letter or digit; at most 63 chars. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
