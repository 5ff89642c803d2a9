// The daily log review job (PCI DSS 10.4.1.1). Once a UTC day is over, it reads
// that day's trail (the gateway's and the desks'), the alerts and the control
// incidents, applies the configured rules (review-rules.ts) and stores the
// day's findings for a reviewer to sign off. A day still unsigned
// `signOffHours` after it was generated raises an alert. The job's own failure
// is a failing control (10.7.2), and its next good run ends that incident.
import type { Clock } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { ReviewConfig } from '../core/review-config.ts';
import type { IdentityRepo, IncidentRepo, ReviewRepo, TeamRepo } from '../storage/store.ts';
import type { ControlMonitor } from '../supervision/control-monitor.ts';
import { realScheduler, type Scheduler } from './chain-verifier.ts';
import { DAY_MS, dayBounds, dayOf, REVIEWED_EVENT_TYPES, reviewDay } from './review-rules.ts';

/** Events of the reviewed types one day may hold before the rest is left out of its review (and the job says so). */
const EVENTS_PER_DAY = 50_000;

export interface DailyReview {
  /** Generates every finished day not yet generated (up to catchUpDays back) and raises the overdue alerts. */
  runNow(): Promise<{ generated: string[]; overdue: string[] }>;
  start(): void;
  stop(): Promise<void>;
}

export function createDailyReview(deps: {
  repo: ReviewRepo;
  incidents: Pick<IncidentRepo, 'overlapping'>;
  teams: Pick<TeamRepo, 'list' | 'memberships'>;
  identity: Pick<IdentityRepo, 'listUsers'>;
  alerts: AlertService;
  controls: Pick<ControlMonitor, 'gatewayReport'>;
  clock: Clock;
  config: ReviewConfig;
  scheduler?: Scheduler | undefined;
  onError: (error: unknown) => void;
}): DailyReview {
  const { repo, clock, config } = deps;
  const scheduler = deps.scheduler ?? realScheduler;
  let timer: { cancel(): void } | null = null;
  let running: Promise<{ generated: string[]; overdue: string[] }> | null = null;

  const generate = async (day: string): Promise<boolean> => {
    const { from, to, fromMs, toMs } = dayBounds(day);
    const baselineFrom = new Date(fromMs - config.baselineDays * DAY_MS).toISOString();
    const [access, readByMany, events, alerts, incidents, teams, teamOf, users] = await Promise.all([
      repo.accessCounts(baselineFrom, to),
      repo.customersReadByMany(from, to, config.rules.customerManyAgents.minAgents),
      repo.eventsOfTypes(from, to, [...REVIEWED_EVENT_TYPES, 'auth.credential.change'], EVENTS_PER_DAY),
      deps.alerts.list('all'),
      deps.incidents.overlapping(fromMs, toMs),
      deps.teams.list(),
      deps.teams.memberships(),
      deps.identity.listUsers(),
    ]);
    const findings = reviewDay(
      {
        day,
        access,
        readByMany,
        events,
        alerts: alerts.filter((a) => a.raisedAt >= from && a.raisedAt < to),
        // An incident counts on the day it started; a long one is not repeated on each day it lasted.
        incidents: incidents.filter((i) => i.startedAt >= fromMs),
        teamOf,
        teamNames: new Map(teams.map((t) => [t.teamId, t.name])),
        usernames: new Map(users.map((u) => [u.userId, u.username])),
      },
      config,
    );
    return repo.storeDay(day, clock.now(), findings);
  };

  const run = async (): Promise<{ generated: string[]; overdue: string[] }> => {
    const now = clock.now();
    const lastDone = dayOf(now - DAY_MS);
    const last = await repo.lastGeneratedDay();
    const earliest = dayOf(now - config.catchUpDays * DAY_MS);
    let day = last === null || last < earliest ? (last === null ? lastDone : earliest) : dayOf(Date.parse(`${last}T00:00:00.000Z`) + DAY_MS);
    const generated: string[] = [];
    while (day <= lastDone) {
      if (await generate(day)) generated.push(day);
      day = dayOf(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS);
    }
    const overdue = await repo.overdueDays(now - config.signOffHours * 3_600_000);
    for (const late of overdue) {
      await deps.alerts.raise({
        kind: 'review_overdue',
        severity: 'warning',
        userId: null,
        deviceId: null,
        message: `The log review of ${late} is not signed off ${config.signOffHours} hours after it was generated`,
      });
      await repo.markOverdueAlerted(late, now);
    }
    return { generated, overdue };
  };

  const runNow = (): Promise<{ generated: string[]; overdue: string[] }> => {
    running ??= run()
      .then(
        async (result) => {
          await deps.controls.gatewayReport('review_job', false);
          return result;
        },
        async (error: unknown) => {
          await deps.controls.gatewayReport('review_job', true).catch(() => undefined);
          throw error;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };

  const scheduled = (): void => {
    runNow().catch(deps.onError);
  };

  return {
    runNow,
    start() {
      scheduled();
      timer ??= scheduler.every(config.runEveryMinutes * 60_000, scheduled);
    },
    async stop() {
      timer?.cancel();
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
