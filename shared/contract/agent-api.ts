// `window.agent`, derived from the channel and push-event declarations.
import { channels, type Channels } from './channels.ts';
import { createAgentApi, type AgentApiOf, type AgentTransport } from './define.ts';
import { pushEvents, type PushEvents } from './push-events.ts';

export type AgentApi = AgentApiOf<Channels, PushEvents>;

export function createContractAgentApi(transport: AgentTransport): AgentApi {
  return createAgentApi(channels, pushEvents, transport);
}
