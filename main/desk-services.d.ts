import type { AppStatus } from '../shared/schemas/status.ts';
import type { CaptureProtection } from '../shared/schemas/supervision.ts';
import { type ApiClient } from './api/api-client.ts';
import { AuditQueue } from './audit/audit-queue.ts';
import type { Clock } from './clock.ts';
import { type Router } from './ipc/router.ts';
import type { Policy } from './policy/policy-schema.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import { SessionService } from './session/session-service.ts';
import { SyncEngine } from './sync/sync-engine.ts';
import type { PushEventName } from '../shared/contract/push-events.ts';
import type { SessionState } from '../shared/schemas/session.ts';
import { SupervisorStream } from './supervision/supervisor-stream.ts';
export interface DeskServicesOptions {
    readonly policy: Policy;
    readonly deviceId: string;
    readonly appVersion: string;
    readonly host: string;
    readonly platform: AppStatus['platform'];
    readonly auditDbPath: string;
    readonly secrets: SecretStore;
    readonly clock: Clock;
    readonly captureProtection: CaptureProtection;
    readonly openExternal: (url: string) => Promise<void>;
    readonly report: (error: unknown, where: string) => void;
    readonly onSessionChange?: (state: SessionState) => void;
    /** Main → renderer push events (the supervisor stream). */
    readonly onPush?: (event: PushEventName, payload: unknown) => void;
    readonly sync?: {
        batchSize?: number;
        baseMs?: number;
        capMs?: number;
        timeoutMs?: number;
    };
}
export interface DeskServices {
    readonly queue: AuditQueue;
    readonly api: ApiClient;
    readonly session: SessionService;
    readonly sync: SyncEngine;
    readonly router: Router;
    readonly supervisorStream: SupervisorStream;
    appStatus(): AppStatus;
    close(): Promise<void>;
}
export declare function createDeskServices(options: DeskServicesOptions): Promise<DeskServices>;
