import { type CallerSession } from '../../shared/contract/checks.ts';
import { type Result } from '../../shared/errors.ts';
import type { UserView } from '../../shared/schemas/session.ts';
import { type AuditEventInput } from '../audit/audit-queue.ts';
import type { ChannelHandlers } from './handlers.ts';
export interface RouterDeps {
    readonly handlers: ChannelHandlers;
    readonly caller: () => CallerSession | null;
    readonly user: () => UserView | null;
    readonly audit: {
        append(input: AuditEventInput): unknown;
        canAppend(): boolean;
    };
    /** Unexpected errors go here (main's log), never to the renderer. */
    readonly report: (error: unknown, channel: string) => void;
}
export interface Router {
    handle(channel: unknown, payload: unknown): Promise<Result<unknown>>;
}
export declare function createRouter(deps: RouterDeps): Router;
