import type { SupervisorStreamEvent } from '../../shared/api.ts';
/** `position` is set for audit events: their stream position, the SSE event id a reconnect resumes from. */
export type StreamListener = (event: SupervisorStreamEvent, position?: number) => void;
export interface EventBus {
    publish(event: SupervisorStreamEvent, position?: number): void;
    subscribe(listener: StreamListener): () => void;
}
export declare function createEventBus(): EventBus;
