/** The hono environment: per-request variables every middleware and handler can read. */
import type { Principal } from '../auth/index.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by the auth middleware on protected routes. */
    principal?: Principal;
    /** The matched route's OpenAPI path (e.g. `/v1/admin/keys/{id}`), for metrics and logs. */
    routePattern?: string;
  };
}
