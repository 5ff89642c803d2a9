// The rules of the daily log review (PCI DSS 10.4.1.1), as one pure function
// from a day's facts (counted and read by the job) to its findings. Each
// finding says, with its numbers, why it is one; thresholds and severities come
// from configuration (core/review-config.ts). Customer access is counted from
// the gateway's own records only, so a desk's copy of the same action neither
// doubles a count nor adds one that never reached the gateway; the desk-only
// signals (capture protection, its queue) come from the desks' records.
import type { StoredAuditEvent } from '../../shared/schemas/supervision.ts';
import type { Alert } from '../../shared/schemas/supervision.ts';
import type { FindingSeverity, ReviewRule } from '../../shared/schemas/review.ts';
import { GATEWAY_DEVICE_ID } from '../../shared/gateway-device.ts';
import { sha256Hex } from '../core/hashing.ts';
import type { ReviewConfig } from '../core/review-config.ts';
import type { AccessCount, FindingRecord, IncidentRecord } from '../storage/store.ts';

export const DAY_MS = 86_400_000;

/** Event types the rules read from the day's trail. */
export const REVIEWED_EVENT_TYPES = [
  'auth.login',
  'account.role.change',
  'account.create',
  'admin.user.change',
  'device.enroll',
  'admin.device.revoke',
  'audit.integrity.failure',
  'capture.protection',
  'audit.sync.halted',
  'audit.queue.full',
] as const;

export interface DayFacts {
  /** YYYY-MM-DD (UTC) under review. */
  readonly day: string;
  /** Customer access counts from the baseline's first day through the reviewed day. */
  readonly access: readonly AccessCount[];
  readonly readByMany: readonly { customerId: string; users: readonly string[] }[];
  readonly events: readonly StoredAuditEvent[];
  readonly alerts: readonly Alert[];
  readonly incidents: readonly IncidentRecord[];
  /** user ID to team ID, and team ID to name. */
  readonly teamOf: ReadonlyMap<string, string>;
  readonly teamNames: ReadonlyMap<string, string>;
  readonly usernames: ReadonlyMap<string, string>;
}

type Kind = AccessCount['kind'];
type Subject = Pick<FindingRecord, 'subjectKind' | 'subjectId'>;

const round1 = (n: number): number => Math.round(n * 10) / 10;
/** Hex as the letters a-p: a finding ID holds no digit a DLP scan could take for part of a card number. */
const lettersOf = (hex: string): string => hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
const hh = (hour: number): string => String(hour).padStart(2, '0');

export function dayBounds(day: string): { from: string; to: string; fromMs: number; toMs: number } {
  const fromMs = Date.parse(`${day}T00:00:00.000Z`);
  return { from: new Date(fromMs).toISOString(), to: new Date(fromMs + DAY_MS).toISOString(), fromMs, toMs: fromMs + DAY_MS };
}

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function reviewDay(facts: DayFacts, config: ReviewConfig): FindingRecord[] {
  const { rules } = config;
  const findings: FindingRecord[] = [];
  const name = (userId: string | null): string => (userId === null ? 'an unknown user' : (facts.usernames.get(userId) ?? userId));
  const add = (rule: ReviewRule, severity: FindingSeverity, subject: Subject, summary: string, numbers: Record<string, number>): void => {
    const findingId = `f-${lettersOf(sha256Hex(`${facts.day}\n${rule}\n${subject.subjectKind}\n${subject.subjectId}`).slice(0, 32))}`;
    findings.push({ findingId, day: facts.day, rule, severity, ...subject, summary: summary.slice(0, 600), numbers, note: null });
  };

  // Customer access per agent against their own baseline and their team's.
  const today = facts.access.filter((a) => a.day === facts.day);
  const before = facts.access.filter((a) => a.day < facts.day);
  const activeDays = new Map<string, Set<string>>();
  for (const a of before) activeDays.set(a.userId, (activeDays.get(a.userId) ?? new Set()).add(a.day));
  const total = (rows: readonly AccessCount[], userId: string, kind: Kind): number => rows.reduce((sum, a) => (a.userId === userId && a.kind === kind ? sum + a.count : sum), 0);
  const peersOf = (userId: string): string[] => {
    const team = facts.teamOf.get(userId);
    const everyone = [...activeDays.keys()].filter((id) => id !== userId);
    const mates = team === undefined ? [] : everyone.filter((id) => facts.teamOf.get(id) === team);
    return mates.length > 0 ? mates : everyone;
  };
  const baselineRule = (kind: Kind, rule: 'card_lookups_above_baseline' | 'record_reads_above_baseline', settings: ReviewConfig['rules']['cardLookups'], noun: string): void => {
    if (!settings.enabled) return;
    for (const userId of new Set(today.map((a) => a.userId))) {
      const count = total(today, userId, kind);
      if (count < settings.minCount) continue;
      const days = activeDays.get(userId)?.size ?? 0;
      const ownMean = days === 0 ? 0 : total(before, userId, kind) / days;
      const peers = peersOf(userId);
      const peerDays = peers.reduce((sum, id) => sum + (activeDays.get(id)?.size ?? 0), 0);
      const teamMean = peerDays === 0 ? 0 : peers.reduce((sum, id) => sum + total(before, id, kind), 0) / peerDays;
      const hasOwn = days >= config.minBaselineDays;
      const base = hasOwn ? ownMean : teamMean;
      if ((!hasOwn && peerDays === 0) || count < settings.ratio * Math.max(base, 1)) continue;
      const team = facts.teamOf.get(userId);
      const teamWords = team === undefined ? 'the other agents' : `team ${facts.teamNames.get(team) ?? team}`;
      const ownWords = hasOwn ? `${round1(count / Math.max(ownMean, 1))}× their own mean of ${round1(ownMean)} a day over ${days} working days` : `no baseline of their own yet (${days} working days)`;
      add(
        rule,
        settings.severity,
        { subjectKind: 'account', subjectId: userId },
        `${name(userId)} made ${count} ${noun} on ${facts.day}: ${ownWords}; ${round1(count / Math.max(teamMean, 1))}× ${teamWords}' mean of ${round1(teamMean)} per agent-day`,
        { count, ownMean: round1(ownMean), ownDays: days, teamMean: round1(teamMean), ratioToOwn: round1(count / Math.max(ownMean, 1)), ratioToTeam: round1(count / Math.max(teamMean, 1)) },
      );
    }
  };
  baselineRule('card_lookup', 'card_lookups_above_baseline', rules.cardLookups, 'card lookups');
  baselineRule('record_read', 'record_reads_above_baseline', rules.recordReads, 'customer record reads');

  // Access outside the hours an agent usually works.
  if (rules.offHours.enabled) {
    for (const userId of new Set(today.map((a) => a.userId))) {
      const days = activeDays.get(userId)?.size ?? 0;
      if (days < config.minBaselineDays) continue;
      const daysAtHour = new Map<number, Set<string>>();
      for (const a of before) if (a.userId === userId) daysAtHour.set(a.hour, (daysAtHour.get(a.hour) ?? new Set()).add(a.day));
      const usual = new Set<number>();
      for (const [hour, seen] of daysAtHour) {
        if (seen.size < rules.offHours.minDaysAtHour) continue;
        for (let d = -rules.offHours.slackHours; d <= rules.offHours.slackHours; d += 1) usual.add((hour + d + 24) % 24);
      }
      const outside = today.filter((a) => a.userId === userId && !usual.has(a.hour));
      if (outside.length === 0) continue;
      const hours = [...new Set(outside.map((a) => a.hour))].sort((a, b) => a - b);
      const accesses = outside.reduce((sum, a) => sum + a.count, 0);
      const usualHours = [...usual].sort((a, b) => a - b);
      add(
        'off_hours_access',
        rules.offHours.severity,
        { subjectKind: 'account', subjectId: userId },
        `${name(userId)} reached customer data ${accesses} times at ${hours.map((h) => `${hh(h)}:00`).join(', ')} UTC, outside their usual hours over ${days} working days (${usualHours.length === 0 ? 'none' : `${hh(usualHours[0] ?? 0)}:00-${hh(usualHours.at(-1) ?? 0)}:59`})`,
        { accesses, firstHour: hours[0] ?? 0, usualHours: usualHours.length, baselineDays: days },
      );
    }
  }

  // One customer looked at by many agents.
  if (rules.customerManyAgents.enabled) {
    for (const { customerId, users } of facts.readByMany) {
      if (users.length < rules.customerManyAgents.minAgents) continue;
      add(
        'customer_many_agents',
        rules.customerManyAgents.severity,
        { subjectKind: 'customer', subjectId: customerId },
        `customer ${customerId} was opened by ${users.length} agents on ${facts.day}: ${users.map(name).join(', ')}`,
        { agents: users.length },
      );
    }
  }

  const own = facts.events.filter((e) => e.deviceId === GATEWAY_DEVICE_ID && e.event.outcome === 'success');
  const byGateway = (type: string) => own.filter((e) => e.event.type === type);

  // Bursts of failed sign-ins per typed name, and lockouts.
  const failures = facts.events.filter((e) => e.deviceId === GATEWAY_DEVICE_ID && e.event.type === 'auth.login' && e.event.outcome === 'failure');
  if (rules.failedSignInBurst.enabled) {
    const byName = new Map<string, number[]>();
    for (const f of failures.filter((e) => e.event.reason !== 'lockout')) {
      const key = f.event.actor.userId ?? `name:${(f.event.actor.username ?? '?').slice(0, 64)}`;
      byName.set(key, [...(byName.get(key) ?? []), Date.parse(f.event.at)]);
    }
    const windowMs = rules.failedSignInBurst.windowMinutes * 60_000;
    for (const [key, times] of byName) {
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i += 1) {
        while ((times[i] ?? 0) - (times[j] ?? 0) > windowMs) j += 1;
        most = Math.max(most, i - j + 1);
      }
      if (most < rules.failedSignInBurst.minFailures) continue;
      const who = key.startsWith('name:') ? `the name "${key.slice(5)}"` : name(key);
      add('failed_sign_in_burst', rules.failedSignInBurst.severity, { subjectKind: 'account', subjectId: key.slice(0, 128) }, `${most} failed sign-ins for ${who} within ${rules.failedSignInBurst.windowMinutes} minutes (${times.length} that day)`, {
        burst: most,
        failures: times.length,
      });
    }
  }
  if (rules.lockout.enabled) {
    const locked = new Map<string, number>();
    for (const f of failures.filter((e) => e.event.reason === 'lockout')) locked.set(f.event.actor.userId ?? '?', (locked.get(f.event.actor.userId ?? '?') ?? 0) + 1);
    for (const [userId, times] of locked) add('lockout', rules.lockout.severity, { subjectKind: 'account', subjectId: userId }, `${name(userId)} was locked out ${times} time(s) after repeated failed sign-ins`, { lockouts: times });
  }

  // Changes of roles, MFA and desks: each names who did it.
  const changesBy = (rule: 'role_change' | 'mfa_change' | 'device_change', settings: { enabled: boolean; severity: FindingSeverity }, events: readonly StoredAuditEvent[], subjectKind: 'account' | 'device', words: (e: StoredAuditEvent) => string): void => {
    if (!settings.enabled) return;
    const bySubject = new Map<string, StoredAuditEvent[]>();
    for (const e of events) bySubject.set(e.event.target.id ?? '?', [...(bySubject.get(e.event.target.id ?? '?') ?? []), e]);
    for (const [id, list] of bySubject) add(rule, settings.severity, { subjectKind, subjectId: id.slice(0, 128) }, list.map(words).join('; '), { changes: list.length });
  };
  const roleText = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : 'none');
  changesBy('role_change', rules.roleChange, [...byGateway('account.role.change'), ...byGateway('account.create')], 'account', (e) =>
    e.event.type === 'account.create'
      ? `${e.event.actor.username ?? '?'} created ${name(e.event.target.id)} with roles ${roleText(e.event.details.roles)}`
      : `${e.event.actor.username ?? '?'} changed the roles of ${name(e.event.target.id)} from ${roleText(e.event.details.previousRoles)} to ${roleText(e.event.details.roles)}`,
  );
  const mfa = [...byGateway('admin.user.change').filter((e) => e.event.details.action === 'mfa_reset'), ...own.filter((e) => e.event.type === 'auth.credential.change' && e.event.details.action === 'mfa_enrol')];
  changesBy('mfa_change', rules.mfaChange, mfa, 'account', (e) =>
    e.event.type === 'admin.user.change' ? `${e.event.actor.username ?? '?'} reset the MFA of ${name(e.event.target.id)}` : `${name(e.event.target.id)} enrolled a new authenticator`,
  );
  changesBy('device_change', rules.deviceChange, [...byGateway('device.enroll'), ...byGateway('admin.device.revoke')], 'device', (e) =>
    e.event.type === 'device.enroll' ? `desk ${e.event.target.id ?? '?'} was enrolled by ${e.event.actor.username ?? '?'}` : `${e.event.actor.username ?? '?'} revoked desk ${e.event.target.id ?? '?'}`,
  );

  // Desk and gateway controls: the desks' own records, the alerts raised and the incidents of the day, one finding per rule and desk.
  const { fromMs, toMs } = dayBounds(facts.day);
  const signals = new Map<string, { rule: ReviewRule; severity: FindingSeverity; deviceId: string; events: number; alerts: number; incidents: Set<string>; minutes: number }>();
  const signal = (rule: ReviewRule, settings: { enabled: boolean; severity: FindingSeverity }, deviceId: string | null) => {
    if (!settings.enabled) return null;
    const id = deviceId ?? GATEWAY_DEVICE_ID;
    const key = `${rule}\n${id}`;
    const found = signals.get(key) ?? { rule, severity: settings.severity, deviceId: id, events: 0, alerts: 0, incidents: new Set<string>(), minutes: 0 };
    signals.set(key, found);
    return found;
  };
  const deskEvent = (type: string, rule: ReviewRule, settings: { enabled: boolean; severity: FindingSeverity }, failureOnly: boolean): void => {
    for (const e of facts.events) {
      if (e.deviceId === GATEWAY_DEVICE_ID || e.event.type !== type || (failureOnly && e.event.outcome !== 'failure')) continue;
      const s = signal(rule, settings, e.deviceId);
      if (s !== null) s.events += 1;
    }
  };
  deskEvent('audit.integrity.failure', 'audit_integrity', rules.auditIntegrity, false);
  deskEvent('capture.protection', 'capture_protection_off', rules.captureProtectionOff, true);
  deskEvent('audit.sync.halted', 'queue_halted', rules.queueHalted, false);
  deskEvent('audit.queue.full', 'queue_halted', rules.queueHalted, false);
  const ALERT_RULES: Partial<Record<Alert['kind'], [ReviewRule, { enabled: boolean; severity: FindingSeverity }]>> = {
    audit_chain_break: ['audit_integrity', rules.auditIntegrity],
    audit_quarantine: ['audit_integrity', rules.auditIntegrity],
    sync_lag: ['queue_halted', rules.queueHalted],
  };
  for (const alert of facts.alerts) {
    const mapped = ALERT_RULES[alert.kind];
    if (mapped === undefined) continue;
    const s = signal(mapped[0], mapped[1], alert.deviceId);
    if (s !== null) s.alerts += alert.occurrences;
  }
  const INCIDENT_RULES: Record<string, [ReviewRule, { enabled: boolean; severity: FindingSeverity }]> = {
    capture_protection: ['capture_protection_off', rules.captureProtectionOff],
    audit_queue: ['audit_integrity', rules.auditIntegrity],
    sync: ['queue_halted', rules.queueHalted],
    clock: ['clock_skew', rules.clockSkew],
  };
  for (const incident of facts.incidents) {
    const [rule, settings] = INCIDENT_RULES[incident.control] ?? ['control_failure', rules.controlFailure];
    const minutes = Math.round((Math.min(incident.endedAt ?? toMs, toMs) - Math.max(incident.startedAt, fromMs)) / 60_000);
    for (const deviceId of incident.deviceIds) {
      const s = signal(rule, settings, deviceId);
      if (s === null) continue;
      s.incidents.add(`${incident.incidentId} (${incident.control})`);
      s.minutes = Math.max(s.minutes, minutes);
    }
  }
  const WORDS: Partial<Record<ReviewRule, string>> = {
    audit_integrity: 'audit trail integrity failed',
    capture_protection_off: 'screen-capture protection was off',
    queue_halted: 'audit sync halted or stalled',
    clock_skew: 'the desk clock was off',
    control_failure: 'a critical control failed',
  };
  for (const s of signals.values()) {
    const where = s.deviceId === GATEWAY_DEVICE_ID ? 'on the gateway' : `on desk ${s.deviceId}`;
    const parts = [
      s.incidents.size > 0 ? `for ${s.minutes} minutes (incident ${[...s.incidents].join(', ')})` : null,
      s.events > 0 ? `${s.events} desk record(s)` : null,
      s.alerts > 0 ? `${s.alerts} alert occurrence(s)` : null,
    ].filter((p) => p !== null);
    add(s.rule, s.severity, { subjectKind: s.deviceId === GATEWAY_DEVICE_ID ? 'gateway' : 'device', subjectId: s.deviceId }, `${WORDS[s.rule] ?? s.rule} ${where}: ${parts.join(', ')}`, {
      deskRecords: s.events,
      alerts: s.alerts,
      incidents: s.incidents.size,
      minutes: s.minutes,
    });
  }
  return findings;
}
