/** Who am I: the example authenticated route every role may call. */
import { z } from 'zod';
import { ROLES } from '../../auth/index.js';
import { Role } from './role-shapes.js';
import { defineRoutes } from '../route.js';

const Whoami = z.object({ keyId: z.string(), role: Role, tenant: z.string() }).meta({ id: 'Whoami' });

export const authRoutes = defineRoutes({
  area: 'auth',
  postgres: true, // no store of its own: the authenticator's keys are on deps.pg when set
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/whoami',
      operationId: 'whoami',
      summary: "The calling key's id, role and tenant",
      roles: ROLES,
      response: { schema: Whoami },
      handler: ({ auth }) => ({ keyId: auth.keyId, role: auth.role, tenant: auth.tenant }),
    }),
  ],
});
