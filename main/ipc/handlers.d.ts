import type { z } from 'zod';
import type { Channels, ContractChannelName } from '../../shared/contract/channels.ts';
import type { ParsedRequest } from '../../shared/contract/checks.ts';
import type { AppStatus, AuditSyncStatus } from '../../shared/schemas/status.ts';
import type { ApiClient } from '../api/api-client.ts';
import type { SessionService } from '../session/session-service.ts';
export type ChannelHandlers = {
    readonly [N in ContractChannelName]: (request: ParsedRequest<N>) => Promise<z.input<Channels[N]['response']>>;
};
export interface HandlerServices {
    readonly session: SessionService;
    readonly api: ApiClient;
    readonly syncStatus: () => AuditSyncStatus;
    readonly appStatus: () => AppStatus;
    /** Allowed https origins from policy. */
    readonly externalAllowlist: readonly string[];
    /** shell.openExternal in the app. */
    readonly openExternal: (url: string) => Promise<void>;
}
export declare function createHandlers(services: HandlerServices): ChannelHandlers;
