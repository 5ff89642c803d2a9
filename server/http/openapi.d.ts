import type { RouteSpec } from '../../shared/api.ts';
export declare function buildOpenApi(routes: Readonly<Record<string, RouteSpec>>, version: string): unknown;
