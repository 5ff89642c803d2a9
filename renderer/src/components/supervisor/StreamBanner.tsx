// Says, in the page, when the live updates are not live: while main connects
// or reconnects to the gateway's stream, the board and feed may be stale.
import type { SupervisorStreamState } from '../../../../shared/schemas/floor.ts';
import { clockTime } from './format.ts';

export function StreamBanner({ state }: { state: SupervisorStreamState | null }) {
  if (state === null || state.status === 'live') {
    return <p className="stream-state ok" role="status">{state === null ? '' : `Live since ${clockTime(state.since)}`}</p>;
  }
  const text =
    state.status === 'reconnecting'
      ? `Live updates paused since ${clockTime(state.since)}: the connection to the gateway dropped. Reconnecting${state.retryAt === null ? '' : ` at ${clockTime(state.retryAt)}`} (try ${state.attempts}). Missed events are filled in when it is back.`
      : state.status === 'connecting'
        ? 'Connecting to live updates…'
        : 'Live updates are stopped.';
  return (
    <p className="stream-state banner" role="status">
      {text}
    </p>
  );
}
