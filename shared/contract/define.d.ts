import type { z } from 'zod';
import type { AuditEventType } from '../audit.ts';
import type { Result } from '../errors.ts';
import type { AccessRule } from '../roles.ts';
export type ChannelName = `${string}.${string}`;
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
    readonly request: Req;
    readonly response: Res;
    /** Checked by the main router before the service runs; the server checks again. */
    readonly access: AccessRule;
    /** Written before the answer goes back; `{ none }` says why a channel writes no event. */
    readonly audit: AuditEventType | {
        readonly none: string;
    };
    /** Most channels refuse while the session is locked; these few keep working. */
    readonly whileLocked: boolean;
}
export interface PushEventSpec<Payload extends z.ZodType = z.ZodType> {
    readonly payload: Payload;
    /** Only windows whose session passes this rule receive the event. */
    readonly audience: AccessRule;
}
export declare function defineChannels<const T extends Record<ChannelName, ChannelSpec>>(channels: T): Readonly<T>;
export declare function definePushEvents<const T extends Record<ChannelName, PushEventSpec>>(events: T): Readonly<T>;
type NamespaceOf<K> = K extends `${infer N}.${string}` ? N : never;
type MethodOf<K, N extends string> = K extends `${N}.${infer M}` ? M : never;
export type RequestOf<C extends ChannelSpec> = z.input<C['request']>;
export type ResponseOf<C extends ChannelSpec> = z.output<C['response']>;
/** A request whose fields are all optional (or that has none) may be left out by the caller. */
type CallArgs<Req> = Record<string, never> extends Req ? [request?: Req] : [request: Req];
export type ChannelMethod<C extends ChannelSpec> = (...args: CallArgs<RequestOf<C>>) => Promise<Result<ResponseOf<C>>>;
export type PushListener<E extends PushEventSpec> = (payload: z.output<E['payload']>) => void;
/** `window.agent`: one method per declared channel, grouped by namespace, plus typed event subscription. */
export type AgentApiOf<Channels extends Record<ChannelName, ChannelSpec>, Events extends Record<ChannelName, PushEventSpec>> = {
    readonly [N in NamespaceOf<keyof Channels>]: {
        readonly [M in MethodOf<keyof Channels, N>]: `${N}.${M}` extends keyof Channels ? ChannelMethod<Channels[`${N}.${M}`]> : never;
    };
} & {
    readonly subscribe: <E extends keyof Events & ChannelName>(event: E, listener: PushListener<Events[E]>) => () => void;
};
/** How the API object reaches main: ipcRenderer in the preload, a direct router call in tests. */
export interface AgentTransport {
    invoke(channel: ChannelName, request: unknown): Promise<unknown>;
    subscribe(event: ChannelName, listener: (payload: unknown) => void): () => void;
}
/**
 * Builds the API object from the declarations. It only forwards: main validates
 * everything. It exposes declared names only, so there is no generic invoke.
 */
export declare function createAgentApi<Channels extends Record<ChannelName, ChannelSpec>, Events extends Record<ChannelName, PushEventSpec>>(channels: Channels, events: Events, transport: AgentTransport): AgentApiOf<Channels, Events>;
export declare function splitChannelName(name: ChannelName): [namespace: string, method: string];
export {};
