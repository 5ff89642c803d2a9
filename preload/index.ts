// The whole preload: window.agent, generated from the contract. It forwards
// calls and push events and holds nothing; main checks every message.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createContractAgentApi } from '../shared/contract/agent-api.ts';

const agent = createContractAgentApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (event, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => {
      listener(payload);
    };
    ipcRenderer.on(event, forward);
    return () => ipcRenderer.removeListener(event, forward);
  },
});

contextBridge.exposeInMainWorld('agent', agent);
