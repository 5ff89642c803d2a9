// Main's supervisor stream state (connecting, live, reconnecting), read once on
// open and then followed through its push event.
import { useEffect, useState } from 'react';
import type { SupervisorStreamState } from '../../../../shared/schemas/floor.ts';
import { useAgent } from '../../agent.tsx';

export function useStreamState(): SupervisorStreamState | null {
  const agent = useAgent();
  const [state, setState] = useState<SupervisorStreamState | null>(null);
  useEffect(() => {
    let pushed = false;
    const off = agent.subscribe('supervisor.stream', (next) => {
      pushed = true;
      setState(next);
    });
    void agent.supervisor.streamState().then((r) => {
      if (r.ok && !pushed) setState(r.value);
    });
    return off;
  }, [agent]);
  return state;
}
