import { type Channels } from './channels.ts';
import { type AgentApiOf, type AgentTransport } from './define.ts';
import { type PushEvents } from './push-events.ts';
export type AgentApi = AgentApiOf<Channels, PushEvents>;
export declare function createContractAgentApi(transport: AgentTransport): AgentApi;
