import { type SupervisorStreamEvent } from '../../shared/api.ts';
import type { ApiClient } from '../api/api-client.ts';
export interface SupervisorStreamOptions {
    readonly api: ApiClient;
    readonly onEvent: (event: SupervisorStreamEvent) => void;
    readonly sleep: (ms: number) => Promise<void>;
    readonly retry: {
        readonly baseMs: number;
        readonly capMs: number;
    };
    readonly report: (error: unknown) => void;
}
/** Splits an SSE byte stream into events with their `id:` (if any); malformed ones are dropped and reported. */
export declare function sseEvents(chunks: AsyncIterable<Uint8Array>, report: (error: unknown) => void): AsyncGenerator<{
    event: SupervisorStreamEvent;
    id: string | undefined;
}>;
export declare class SupervisorStream {
    private readonly options;
    private abort;
    private running;
    /** The last audit event id seen: a reconnect resumes from it, so an outage loses nothing. */
    private lastEventId;
    constructor(options: SupervisorStreamOptions);
    get active(): boolean;
    start(): void;
    /** Stops following; `forget` (on sign-out) drops the resume point, so the next supervisor starts live. */
    stop(options?: {
        forget?: boolean;
    }): Promise<void>;
    private run;
}
