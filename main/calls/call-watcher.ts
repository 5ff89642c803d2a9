// Follows the call on this agent's desk: asks the gateway's currentCall route
// on the desk's clock and pushes `call.current` to the renderer whenever it
// changes (a new call, its state, or no call). The gateway answers only with the
// call offered to the signed-in agent and records its first read; a failed ask
// keeps what the renderer shows until the next tick.
import type { ApiClient } from '../api/api-client.ts';
import type { Push } from '../ipc/push-gate.ts';

export interface CallWatcher {
  poll(): Promise<void>;
  /** Forgets what was shown (sign-out, lock): the next answer is pushed even if unchanged. */
  reset(): void;
}

export function createCallWatcher(deps: { api: Pick<ApiClient, 'call'>; push: Push }): CallWatcher {
  let shown: string | null = null;
  return {
    async poll() {
      let answer;
      try {
        answer = await deps.api.call('currentCall', {});
      } catch {
        return;
      }
      const seen = JSON.stringify(answer.call);
      if (seen === shown) return;
      shown = seen;
      deps.push('call.current', answer);
    },
    reset() {
      shown = null;
    },
  };
}
