import { type MaskPolicy } from '../../shared/pan.ts';
import type { CustomerDetail, LookupRequest, LookupResult, Note, Subscription } from '../../shared/schemas/customer.ts';
import type { Clock } from '../config.ts';
import type { Principal } from '../identity/tokens.ts';
import type { AlertService } from '../supervision/alerts.ts';
import type { CustomerRepo } from '../storage/store.ts';
export declare const LOOKUP_LIMIT = 20;
export interface CustomerService {
    lookup(principal: Principal, request: LookupRequest): Promise<LookupResult>;
    detail(customerId: string): Promise<CustomerDetail>;
    addNote(principal: Principal, customerId: string, text: string): Promise<Note>;
    extendSubscription(principal: Principal, change: {
        customerId: string;
        subscriptionId: string;
        days: number;
        reason: string;
    }): Promise<Subscription>;
}
export declare function createCustomerService(deps: {
    repo: CustomerRepo;
    pepper: Buffer;
    policy: MaskPolicy;
    clock: Clock;
    alerts: AlertService;
}): CustomerService;
