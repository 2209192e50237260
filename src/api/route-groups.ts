/** The route groups the app serves: every export of routes/index.ts, in file order. */
import type { RouteDef, RouteGroup } from './route.js';
import * as areas from './routes/index.js';

export const ROUTE_GROUPS: readonly RouteGroup[] = Object.values(areas);

export function allRoutes(groups: readonly RouteGroup[] = ROUTE_GROUPS): RouteDef[] {
  return groups.flatMap((g) => g.routes);
}
