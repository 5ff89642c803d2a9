import type { Heartbeat } from '../../shared/api.ts';
import type { AgentPresence } from '../../shared/schemas/supervision.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { Principal } from '../identity/tokens.ts';
import type { IdentityRepo } from '../storage/store.ts';
import type { AlertService } from './alerts.ts';
import type { EventBus } from './event-bus.ts';
export interface PresenceService {
    heartbeat(principal: Principal, heartbeat: Heartbeat): Promise<void>;
    /** Marks desks offline whose heartbeats stopped; the gateway runs it on a timer. */
    sweep(): void;
    agents(): Promise<AgentPresence[]>;
}
export declare function createPresenceService(deps: {
    clock: Clock;
    bus: EventBus;
    alerts: AlertService;
    identity: IdentityRepo;
    config: Pick<GatewayConfig, 'offlineAfterSeconds' | 'alerts'>;
}): PresenceService;
