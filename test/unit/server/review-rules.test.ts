// Issue 26: the daily review's rules that the simulated month plants no
// anomaly for (review-month.test.ts covers those it does), applied to one day's
// facts: a burst of failed sign-ins and a lockout, an MFA reset, a desk's
// integrity failure and halted sync, a clock incident, each a finding with its
// numbers; the same day below the thresholds, or with a rule disabled, has none.
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../shared/audit.ts';
import { reviewDay, type DayFacts } from '../../../server/audit/review-rules.ts';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { ReviewConfigSchema } from '../../../server/core/review-config.ts';
import type { IncidentRecord } from '../../../server/storage/store.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';

const DAY = '2026-11-23';
const at = (hour: number, minute: number): string => `${DAY}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
const stored = (deviceId: string, event: Partial<AuditEvent>, seq: number) => ({ deviceId, seq, receivedAt: event.at ?? at(9, 0), event: sampleAuditEvent(event) });

const failedSignIn = (minute: number, seq: number, reason = 'invalid_credentials') =>
  stored(GATEWAY_DEVICE_ID, { type: 'auth.login', outcome: 'failure', reason, at: at(10, minute), actor: { userId: 'u-agent-ben', username: 'agent.ben', roles: ['agent'] }, target: { kind: 'account', id: 'u-agent-ben' }, details: {} }, seq);

const clockIncident: IncidentRecord = {
  incidentId: 'inc-00000000-0000-4000-8000-000000000001',
  control: 'clock',
  deviceIds: ['desk-clock-1'],
  failingDeviceIds: [],
  detectedAt: Date.parse(at(13, 0)),
  startedAt: Date.parse(at(13, 0)),
  endedAt: Date.parse(at(13, 45)),
  closedAt: null,
  closedBy: null,
  closure: null,
};

const facts = (events: DayFacts['events'], incidents: readonly IncidentRecord[] = []): DayFacts => ({
  day: DAY,
  access: [],
  readByMany: [],
  events,
  alerts: [],
  incidents,
  teamOf: new Map(),
  teamNames: new Map(),
  usernames: new Map([['u-agent-ben', 'agent.ben']]),
});

const busyDay = facts(
  [
    ...[0, 1, 2, 3, 4].map((minute, i) => failedSignIn(minute, i + 1)),
    failedSignIn(5, 6, 'lockout'),
    stored(GATEWAY_DEVICE_ID, { type: 'admin.user.change', at: at(11, 0), actor: { userId: 'u-admin-ivan', username: 'admin.ivan', roles: ['admin'] }, target: { kind: 'account', id: 'u-agent-ben' }, details: { action: 'mfa_reset', reason: 'Lost phone' } }, 7),
    stored('desk-broken-1', { type: 'audit.integrity.failure', outcome: 'failure', at: at(12, 0), actor: { userId: null, username: null, roles: [] }, target: { kind: 'audit-log', id: null }, details: {} }, 1),
    stored('desk-broken-1', { type: 'audit.sync.halted', outcome: 'failure', at: at(12, 5), actor: { userId: null, username: null, roles: [] }, target: { kind: 'audit-log', id: null }, details: {} }, 2),
  ],
  [clockIncident],
);

describe('reviewDay', () => {
  it('finds each planted signal once, with its numbers', () => {
    const findings = reviewDay(busyDay, ReviewConfigSchema.parse({}));
    expect(findings.map((f) => [f.rule, f.subjectId, f.severity]).sort()).toEqual(
      [
        ['audit_integrity', 'desk-broken-1', 'critical'],
        ['clock_skew', 'desk-clock-1', 'medium'],
        ['failed_sign_in_burst', 'u-agent-ben', 'medium'],
        ['lockout', 'u-agent-ben', 'high'],
        ['mfa_change', 'u-agent-ben', 'medium'],
        ['queue_halted', 'desk-broken-1', 'high'],
      ].sort(),
    );
    const byRule = new Map(findings.map((f) => [f.rule, f]));
    expect(byRule.get('failed_sign_in_burst')).toMatchObject({ numbers: { burst: 5, failures: 5 }, summary: '5 failed sign-ins for agent.ben within 10 minutes (5 that day)' });
    expect(byRule.get('clock_skew')?.numbers).toMatchObject({ incidents: 1, minutes: 45 });
    expect(byRule.get('mfa_change')?.summary).toBe('admin.ivan reset the MFA of agent.ben');
    // A finding's ID is stable, so a day reviewed again yields the same findings.
    expect(reviewDay(busyDay, ReviewConfigSchema.parse({})).map((f) => f.findingId)).toEqual(findings.map((f) => f.findingId));
  });

  it('follows the configuration: a higher threshold and a disabled rule find nothing', () => {
    const config = ReviewConfigSchema.parse({ rules: { failedSignInBurst: { minFailures: 6 }, lockout: { enabled: false }, clockSkew: { severity: 'critical' } } });
    const findings = reviewDay(busyDay, config);
    expect(findings.map((f) => f.rule)).not.toContain('failed_sign_in_burst');
    expect(findings.map((f) => f.rule)).not.toContain('lockout');
    expect(findings.find((f) => f.rule === 'clock_skew')?.severity).toBe('critical');
  });

  it('refuses a configuration outside its bounds', () => {
    expect(ReviewConfigSchema.safeParse({ baselineDays: 3 }).success).toBe(false);
    expect(ReviewConfigSchema.safeParse({ rules: { cardLookups: { severity: 'urgent' } } }).success).toBe(false);
  });
});
