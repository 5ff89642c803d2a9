import type { FastifyBaseLogger } from 'fastify';
import { type DestinationStream } from 'pino';
export declare function panRedactingStream(destination: DestinationStream): DestinationStream;
export declare function createGatewayLogger(options: {
    level: string;
    destination?: DestinationStream;
}): FastifyBaseLogger;
