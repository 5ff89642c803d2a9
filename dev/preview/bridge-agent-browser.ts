// Browser side of the bridge: window.agent built from the same contract as the
// preload (createContractAgentApi), carried over the bridge's WebSocket on the
// page's own origin. The URL fragment carries this run's token: #token=…
import '../../renderer/src/zod-jitless.ts';
import { createContractAgentApi } from '../../shared/contract/agent-api.ts';
import type { BridgeMessage } from './protocol.ts';

const params = new URLSearchParams(location.hash.slice(1));
const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(params.get('token') ?? '')}`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('bridge unreachable')), { once: true });
});
const pending = new Map<number, (result: unknown) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (event: MessageEvent<string>) => {
  const message = JSON.parse(event.data) as BridgeMessage;
  if (message.kind === 'result') {
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  } else {
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  }
});

const agent = createContractAgentApi({
  invoke: async (channel, request) => {
    await opened;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, payload: request }));
    });
  },
  subscribe: (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
});
Object.defineProperty(window, 'agent', { value: agent });
