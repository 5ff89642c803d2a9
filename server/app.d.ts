import { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { type GatewayAudit } from './audit/gateway-audit.ts';
import { type Clock, type GatewayConfig, type GatewayConfigInput } from './config.ts';
import { type CustomerService } from './customers/customer-service.ts';
import { type AuthService } from './identity/auth-service.ts';
import { type SecretBox } from './identity/secret-box.ts';
import type { GatewayStore } from './storage/store.ts';
import { type AlertService } from './supervision/alerts.ts';
import { type EventBus } from './supervision/event-bus.ts';
import { type PresenceService } from './supervision/presence.ts';
export interface GatewayOptions {
    readonly dataDir: string;
    readonly config?: GatewayConfigInput;
    readonly clock?: Clock;
    readonly logLevel?: string;
    readonly logDestination?: DestinationStream;
}
export interface Gateway {
    readonly app: FastifyInstance;
    readonly config: GatewayConfig;
    readonly store: GatewayStore;
    readonly seal: SecretBox;
    readonly pepper: Buffer;
    readonly bus: EventBus;
    readonly auth: AuthService;
    readonly presence: PresenceService;
    readonly alerts: AlertService;
    readonly audit: GatewayAudit;
    readonly customers: CustomerService;
    /** Listens on 127.0.0.1 only; port 0 picks a free one. Returns the base URL. */
    listen(port: number): Promise<string>;
    close(): Promise<void>;
}
export declare function buildGateway(options: GatewayOptions): Promise<Gateway>;
