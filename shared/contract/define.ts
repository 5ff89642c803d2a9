// The contract mechanism: a channel or push event is declared once, and the
// preload API type, the main router's checks, the gateway forwarding and the
// audit mapping all derive from that declaration.
import type { z } from 'zod';
import type { RouteName } from '../api.ts';
import type { AuditEvent, AuditEventType } from '../audit.ts';
import type { Result } from '../errors.ts';
import type { AccessRule } from '../roles.ts';

export type ChannelName = `${string}.${string}`;

/** What a channel's audit event says about its target: identifiers and counts, never free text or secrets. */
export interface AuditDescription {
  readonly target: AuditEvent['target'];
  readonly details: AuditEvent['details'];
}

/**
 * The event a channel writes, and what it says, typed by the channel's parsed
 * request and checked answer. Either is null when the call failed before it
 * had one (an invalid request has neither). `{ none }` says why a channel writes no event.
 */
export type ChannelAudit<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> =
  | {
      readonly event: AuditEventType;
      describe(request: z.output<Req> | null, response: z.output<Res> | null): AuditDescription;
    }
  | { readonly none: string };

/**
 * The gateway route (a key of `routes` in shared/api.ts) a channel is forwarded
 * to. Its request splits onto the route's params, query and body by field name
 * unless `toRoute` says otherwise; `present` is a local step on the route's answer.
 * main/ipc/gateway-forwarding.ts reads this; shared/contract/channel-kinds.ts types it per route.
 */
export interface GatewayForwarding {
  readonly route: RouteName;
  toRoute?(request: unknown): object;
  present?(answer: unknown, request: unknown): unknown;
}

export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  /** Checked by the main router before the call runs; the gateway checks again. */
  readonly access: AccessRule;
  /** Written before the answer goes back. */
  readonly audit: ChannelAudit<Req, Res>;
  /** Most channels refuse while the session is locked; these few keep working. */
  readonly whileLocked: boolean;
  /** The few a desk showing the wallboard still answers: it holds nothing sensitive, so it never idles into a lock. */
  readonly onWallboard?: true;
  /** Where main sends the call: a gateway route, or `local` for what main answers itself. */
  readonly gateway: GatewayForwarding | 'local';
}

export interface PushEventSpec<Payload extends z.ZodType = z.ZodType> {
  readonly payload: Payload;
  /** Only windows whose session passes this rule receive the event. */
  readonly audience: AccessRule;
}

export function defineChannels<const T extends Record<ChannelName, ChannelSpec>>(channels: T): Readonly<T> {
  return Object.freeze(channels);
}

export function definePushEvents<const T extends Record<ChannelName, PushEventSpec>>(events: T): Readonly<T> {
  return Object.freeze(events);
}

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
    readonly [M in MethodOf<keyof Channels, N>]: `${N}.${M}` extends keyof Channels
      ? ChannelMethod<Channels[`${N}.${M}`]>
      : never;
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
export function createAgentApi<
  Channels extends Record<ChannelName, ChannelSpec>,
  Events extends Record<ChannelName, PushEventSpec>,
>(channels: Channels, events: Events, transport: AgentTransport): AgentApiOf<Channels, Events> {
  const namespaces: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(channels) as ChannelName[]) {
    const [namespace, method] = splitChannelName(name);
    const group = (namespaces[namespace] ??= {});
    group[method] = (request?: unknown) => transport.invoke(name, request ?? {});
  }
  const subscribe = (event: ChannelName, listener: (payload: unknown) => void): (() => void) => {
    if (!Object.hasOwn(events, event)) throw new TypeError(`Unknown push event: ${event}`);
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener function');
    return transport.subscribe(event, listener);
  };
  const api: Record<string, unknown> = { subscribe };
  for (const [namespace, group] of Object.entries(namespaces)) api[namespace] = Object.freeze(group);
  return Object.freeze(api) as AgentApiOf<Channels, Events>;
}

export function splitChannelName(name: ChannelName): [namespace: string, method: string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}
