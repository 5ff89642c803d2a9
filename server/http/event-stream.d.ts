import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditRepo } from '../storage/store.ts';
import type { EventBus } from '../supervision/event-bus.ts';
export declare function streamEvents(bus: EventBus, audit: AuditRepo, request: FastifyRequest, reply: FastifyReply): Promise<void>;
