/**
 * The roles an API key can carry. A route admits a fixed set of them (src/api/route.ts);
 * there is no hierarchy: `admin` is tenant administration, not a superset of the others.
 * `operator` runs the service: it manages what every tenant shares (the policy catalogue, the
 * catalogue's issuer sets) and nothing of any tenant's own. Operator keys are made only with the
 * CLI on the service's data dir (`vouch keys create --role operator`), never through the API.
 */
export const ROLES = ['admin', 'issuer', 'institution', 'venue', 'auditor', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a tenant admin may give a key over the API: every role but `operator`. */
export const TENANT_ROLES = ['admin', 'issuer', 'institution', 'venue', 'auditor'] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A tenant id: lowercase letters, digits, `.`, `_`, `-`; starts with a letter or digit; at most 63 chars. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
