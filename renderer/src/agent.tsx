// The renderer's only way out: window.agent, the contract API the preload
// exposes. Components get it from context so tests can pass an in-memory one.
import { createContext, useContext } from 'react';
import type { AgentApi } from '../../shared/contract/agent-api.ts';
import type { ErrorInfo, Result } from '../../shared/errors.ts';

declare global {
  interface Window {
    readonly agent: AgentApi;
  }
}

export const AgentContext = createContext<AgentApi | null>(null);

export function useAgent(): AgentApi {
  const agent = useContext(AgentContext);
  if (agent === null) throw new Error('useAgent outside AgentContext');
  return agent;
}

export const DEVICE_REVOKED_TEXT = 'This desk was revoked by IT. Ask IT to enrol it again.';

/** The error of a failed call as one line for people; never a stack. */
export function errorText(error: ErrorInfo): string {
  if (error.code === 'account_locked' && error.retryAfterSeconds !== undefined) {
    return `${error.message} (about ${Math.ceil(error.retryAfterSeconds / 60)} min left)`;
  }
  if (error.code === 'device_revoked') return DEVICE_REVOKED_TEXT;
  if (error.code === 'server_unreachable') return 'The server cannot be reached. Check the network, then try again.';
  // A refused field's message is written for people, but it arrives as "path: message" (API clients want the
  // path): a person sees the message alone.
  if (error.code === 'invalid_request') return error.message.replace(/(^|; )[\w.[\]-]+: /g, '$1');
  return error.message;
}

export type { AgentApi, Result };
