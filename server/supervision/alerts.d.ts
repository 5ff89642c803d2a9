import type { Alert } from '../../shared/schemas/supervision.ts';
import type { GatewayAudit } from '../audit/gateway-audit.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { Principal } from '../identity/tokens.ts';
import type { AlertRepo } from '../storage/store.ts';
import type { EventBus } from './event-bus.ts';
interface RaiseInput {
    readonly kind: Alert['kind'];
    readonly severity: Alert['severity'];
    readonly userId: string | null;
    readonly deviceId: string | null;
    readonly message: string;
}
export interface AlertService {
    raise(input: RaiseInput): Promise<Alert | null>;
    noteCardLookup(principal: Principal): Promise<void>;
    noteFailedLogin(username: string, userId: string | null): Promise<void>;
    list(status: 'open' | 'acknowledged' | 'all'): Promise<Alert[]>;
    acknowledge(principal: Principal, alertId: string, note: string): Promise<Alert>;
}
export declare function createAlertService(deps: {
    repo: AlertRepo;
    clock: Clock;
    bus: EventBus;
    audit: GatewayAudit;
    rules: GatewayConfig['alerts'];
}): AlertService;
export {};
