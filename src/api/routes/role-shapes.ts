/** The key roles as request and response shapes (one zod schema each, so openapi.yaml names them once). */
import { z } from 'zod';
import { ROLES, TENANT_ROLES } from '../../auth/index.js';

export const Role = z.enum(ROLES).meta({ id: 'Role' });
/** The roles a tenant admin can give a key (an operator key is made only with the CLI). */
export const TenantRole = z.enum(TENANT_ROLES).meta({ id: 'TenantRole' });
