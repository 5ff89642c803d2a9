import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors.ts';
export declare function sendError(reply: {
    code(status: number): unknown;
    header(name: string, value: string): unknown;
    send(body: unknown): unknown;
}, error: GatewayError): void;
export declare function installErrorHandling(app: FastifyInstance): void;
