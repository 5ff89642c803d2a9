// The wallboard's figures. Main reads presence, open alerts and the last hour's
// floor report from the gateway and reduces them to counts here, so no name,
// customer or feed line ever reaches the page of a display that does not lock.
// Each tile keeps its last good figures and says when it read them: a read that
// fails leaves the tile stale, not blank.
import type { Wallboard } from '../../shared/schemas/floor.ts';
import type { AgentPresence, Alert } from '../../shared/schemas/supervision.ts';
import type { ApiClient } from '../api/api-client.ts';
import type { Clock } from '../clock.ts';

const HOUR_MS = 3_600_000;
/** Most present first: a person on two desks counts once, in the state of the desk where they are most present. */
const PRESENCE_ORDER = ['active', 'idle', 'locked', 'offline'] as const;

export interface WallboardReader {
  read(): Promise<Wallboard>;
  /** Forgets the figures (a lock or sign-out): the next wallboard starts from nothing. */
  reset(): void;
}

export function agentsByState(presence: readonly AgentPresence[]): NonNullable<Wallboard['agents']['figures']> {
  const best = new Map<string, number>();
  for (const desk of presence) {
    const rank = PRESENCE_ORDER.indexOf(desk.state);
    best.set(desk.userId, Math.min(rank, best.get(desk.userId) ?? rank));
  }
  const counts = { active: 0, idle: 0, locked: 0, offline: 0 };
  for (const rank of best.values()) counts[PRESENCE_ORDER[rank] ?? 'offline'] += 1;
  return counts;
}

export function alertsBySeverity(alerts: readonly Alert[]): NonNullable<Wallboard['openAlerts']['figures']> {
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const alert of alerts) if (alert.status === 'open') counts[alert.severity] += 1;
  return counts;
}

const EMPTY: Wallboard = {
  agents: { asOf: null, stale: false, figures: null },
  openAlerts: { asOf: null, stale: false, figures: null },
  lastHour: { asOf: null, stale: false, figures: null },
};

export function createWallboardReader(deps: { readonly api: Pick<ApiClient, 'call'>; readonly clock: Clock }): WallboardReader {
  let last: Wallboard = EMPTY;
  /** The tile after one read: new figures with their time, or the old ones marked stale. */
  const settle = <K extends keyof Wallboard>(tile: K, read: PromiseSettledResult<Wallboard[K]['figures']>, asOf: string): Wallboard[K] =>
    (read.status === 'fulfilled' ? { asOf, stale: false, figures: read.value } : { ...last[tile], stale: true }) as Wallboard[K];
  return {
    async read() {
      const now = deps.clock.now();
      const [agents, openAlerts, lastHour] = await Promise.allSettled([
        deps.api.call('agents', {}).then(agentsByState),
        deps.api.call('alerts', { query: { status: 'open' } }).then(alertsBySeverity),
        deps.api.call('floorReport', { query: { from: new Date(now - HOUR_MS).toISOString(), to: new Date(now).toISOString() } }).then((report) => ({
          lookups: report.hours.reduce((sum, h) => sum + h.lookupsByCustomerId + h.lookupsByOrder + h.lookupsByCard, 0),
          failedSignIns: report.hours.reduce((sum, h) => sum + h.failedSignIns, 0),
        })),
      ]);
      const asOf = new Date(now).toISOString();
      last = { agents: settle('agents', agents, asOf), openAlerts: settle('openAlerts', openAlerts, asOf), lastHour: settle('lastHour', lastHour, asOf) };
      return last;
    },
    reset() {
      last = EMPTY;
    },
  };
}
