// The desk's window.agent as the workspace sees it: the same methods, and any
// answer `training_required` (a new policy version was published, or the 12
// months ran out, mid-session) sends the person back to the training gate.
import type { AgentApi } from '../../agent.tsx';

const refusedForTraining = (answer: unknown): boolean =>
  typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === false && (answer as { error?: { code?: unknown } }).error?.code === 'training_required';

export function watchTraining(agent: AgentApi, onRequired: () => void): AgentApi {
  const watched: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(agent)) {
    // `subscribe`: push events pass as they are.
    if (typeof member === 'function') {
      watched[name] = member;
      continue;
    }
    watched[name] = Object.freeze(
      Object.fromEntries(
        Object.entries(member as Record<string, (request?: unknown) => Promise<unknown>>).map(([method, call]) => [
          method,
          async (request?: unknown) => {
            const answer = await call(request);
            if (refusedForTraining(answer)) onRequired();
            return answer;
          },
        ]),
      ),
    );
  }
  return Object.freeze(watched) as unknown as AgentApi;
}
