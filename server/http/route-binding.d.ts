import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteName, Routes, RouteSpec } from '../../shared/api.ts';
import type { Principal } from '../identity/tokens.ts';
type Part<R, P extends 'params' | 'query' | 'body'> = R extends Record<P, infer S extends z.ZodType> ? z.output<S> : undefined;
export interface RouteInput<K extends RouteName> {
    readonly principal: Routes[K]['access'] extends 'public' ? null : Principal;
    readonly params: Part<Routes[K], 'params'>;
    readonly query: Part<Routes[K], 'query'>;
    readonly body: Part<Routes[K], 'body'>;
    readonly request: FastifyRequest;
    readonly reply: FastifyReply;
}
/** Returned by a handler that wrote its own answer (CSV, the event stream). */
export declare const ALREADY_SENT: unique symbol;
export type RouteHandlers = {
    readonly [K in RouteName]: (input: RouteInput<K>) => Promise<z.input<Routes[K]['response']> | typeof ALREADY_SENT>;
};
export interface RouteBindingOptions {
    readonly authenticate: (accessToken: string) => Promise<Principal | null>;
    /** Per-route Fastify options: body limits, rate limits. */
    readonly routeOptions?: Partial<Record<RouteName, {
        bodyLimit?: number;
        config?: Record<string, unknown>;
    }>>;
}
export declare function bindRoutes(app: FastifyInstance, routes: Readonly<Record<RouteName, RouteSpec>>, handlers: RouteHandlers, options: RouteBindingOptions): void;
export {};
