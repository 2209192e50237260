/**
 * Every area's routes. Adding an area is one line here: `export { fooRoutes } from './foo.js';`
 * (createApp mounts every export of this file, and the contract and role-matrix tests enumerate them).
 */
export { systemRoutes } from './system.js';
export { authRoutes } from './auth.js';
export { adminRoutes } from './admin.js';
export { logRoutes } from './log.js';
export { ledgerRoutes } from './ledger.js';
export { reportsRoutes } from './reports.js';
export { bundlesRoutes } from './bundles.js';
export { auditRoutes } from './audit.js';
export { policyRoutes, tradeRoutes } from './venue.js';
export { venuePolicyRoutes } from './venue-policies.js';
export { issuerRoutes } from './issuers.js';
export { credentialPickupRoutes } from './credential-pickup.js';
export { credentialRoutes } from './credentials.js';
export { registryRoutes } from './registry.js';
export { issuerSetRoutes } from './issuer-sets.js';
export { jobRoutes } from './jobs.js';
