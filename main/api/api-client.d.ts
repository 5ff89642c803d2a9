import { type PeerCertificate } from 'node:tls';
import type { z } from 'zod';
import { type RouteName, type Routes } from '../../shared/api.ts';
import { type ErrorCode } from '../../shared/errors.ts';
export type ApiErrorKind = 'network' | 'timeout' | 'http' | 'invalid_response' | 'session_expired';
export declare class ApiError extends Error {
    readonly name = "ApiError";
    readonly kind: ApiErrorKind;
    readonly status: number | null;
    readonly code: ErrorCode;
    readonly retryAfterSeconds: number | null;
    /** The parsed error body, for callers that read route-specific fields (the 409 audit reject). */
    readonly body: unknown;
    constructor(kind: ApiErrorKind, code: ErrorCode, message: string, extra?: {
        status?: number;
        retryAfterSeconds?: number | null;
        body?: unknown;
    });
}
/** Where the client gets the access token, and how it asks for a fresh one (once) after a 401. */
export interface AccessTokenSource {
    accessToken(): string | null;
    refreshAccessToken(): Promise<boolean>;
}
type Part<R, P extends 'params' | 'query' | 'body'> = R extends Record<P, infer S extends z.ZodType> ? z.input<S> : undefined;
export type RouteRequest<K extends RouteName> = {
    readonly [P in 'params' | 'query' | 'body' as Part<Routes[K], P> extends undefined ? never : P]: Part<Routes[K], P>;
};
export type RouteAnswer<K extends RouteName> = z.output<Routes[K]['response']>;
export interface ApiClient {
    readonly baseUrl: string;
    call<K extends RouteName>(route: K, request: RouteRequest<K>): Promise<RouteAnswer<K>>;
    /** The supervisor event stream as raw text chunks, over the same TLS checks and token handling. */
    openStream(route: 'supervisorStream', signal: AbortSignal, lastEventId?: string): Promise<AsyncIterable<Buffer>>;
}
export interface ApiClientOptions {
    readonly baseUrl: string;
    readonly tlsPins: readonly string[];
    readonly timeoutMs?: number;
    readonly tokens?: () => AccessTokenSource | null;
    /** Extra trusted CA certificates (PEM), for a gateway behind a private CA. */
    readonly ca?: string;
}
/** The standard pin: SHA-256 over the certificate's DER SubjectPublicKeyInfo, base64. */
export declare function spkiPin(cert: PeerCertificate): string;
/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export declare function parseRetryAfter(value: unknown, now?: number): number | null;
export declare function createApiClient(options: ApiClientOptions): ApiClient;
export {};
