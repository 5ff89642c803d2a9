// Failures of critical security controls (PCI DSS 10.7.2). Each desk's signed
// heartbeat shows its controls: screen-capture protection, the audit queue's
// integrity, the OS keychain, audit sync and its clock; the gateway reports its
// own jobs. A control that fails opens an incident (or adds the desk to the
// open one), and the incident ends when no desk still fails it; each step is
// on the gateway's audit chain with it, and an opening raises a critical alert.
import { randomUUID } from 'node:crypto';
import type { Heartbeat } from '../../shared/api.ts';
import { DESK_CONTROLS, type Control, type DeskControl, type GatewayControl } from '../../shared/schemas/incidents.ts';
import type { Clock } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit, GatewayAuditInput } from '../core/audit-port.ts';
import { GATEWAY_DEVICE_ID } from '../../shared/gateway-device.ts';
import type { IncidentChange, IncidentRepo } from '../storage/store.ts';

export interface ControlMonitor {
  /** The controls one heartbeat shows, from a desk whose signature and session were checked. */
  deskReport(subject: { readonly deviceId: string; readonly userId: string; readonly username: string }, hb: Heartbeat): Promise<void>;
  /** One of the gateway's own jobs ran (`failing` false) or could not (`failing` true). */
  gatewayReport(control: GatewayControl, failing: boolean): Promise<void>;
}

const CONTROL_WORDS: Record<Control, string> = {
  capture_protection: 'screen-capture protection',
  audit_queue: 'the local audit queue',
  keychain: 'the OS keychain',
  sync: 'audit sync',
  clock: 'the desk clock',
  chain_verifier: 'the audit chain verifier',
  retention_job: 'the audit retention job',
  review_job: 'the daily log review job',
  live_feed: 'the live-feed listener',
};

const SYSTEM = { userId: null, username: null, roles: [] } as const;

export function createControlMonitor(deps: {
  repo: IncidentRepo;
  audit: GatewayAudit;
  alerts: AlertService;
  clock: Clock;
  settings: { syncLagMinutes: number; clockSkewSeconds: number };
}): ControlMonitor {
  const { repo, audit, alerts, clock, settings } = deps;

  const failingControls = (hb: Heartbeat, now: number): Record<DeskControl, boolean> => ({
    capture_protection: hb.captureProtection !== 'protected',
    audit_queue: hb.integrity.status === 'failed',
    keychain: hb.keychain === 'failed',
    sync: hb.oldestUnsyncedAgeMs !== null && hb.oldestUnsyncedAgeMs > settings.syncLagMinutes * 60_000,
    clock: Math.abs(now - Date.parse(hb.sentAt)) > settings.clockSkewSeconds * 1000,
  });

  const recordsOf = (control: Control, userId: string | null) => (change: IncidentChange) => {
    if (change.kind === 'none') return [];
    const input: GatewayAuditInput = {
      type: change.kind === 'opened' ? 'incident.open' : 'incident.update',
      outcome: 'success',
      actor: SYSTEM,
      target: { kind: 'incident', id: change.incident.incidentId },
      details: { control, change: change.kind, deviceId: change.deviceId, userId, failingDevices: change.incident.failingDeviceIds.length },
    };
    return [audit.prepare(input)];
  };

  const report = async (control: Control, deviceId: string, failing: boolean, userId: string | null, who: string): Promise<void> => {
    const now = clock.now();
    const change = await audit.commit(() => repo.report({ control, deviceId, failing, at: now, now, newId: `inc-${randomUUID()}` }, recordsOf(control, userId)));
    if (change.kind === 'opened' || change.kind === 'joined') {
      await alerts.raise({
        kind: 'control_failure',
        severity: 'critical',
        userId,
        deviceId: deviceId === GATEWAY_DEVICE_ID ? null : deviceId,
        message: `${CONTROL_WORDS[control]} failed on ${who}: incident ${change.incident.incidentId} is open`,
      });
    }
  };

  return {
    async deskReport(subject, hb) {
      const states = failingControls(hb, clock.now());
      const failingNow = await repo.failing();
      for (const control of DESK_CONTROLS) {
        const known = failingNow.get(control)?.has(subject.deviceId) ?? false;
        // Only a change is written: a desk that keeps failing (or keeps working) costs one read per heartbeat.
        if (states[control] !== known) await report(control, subject.deviceId, states[control], subject.userId, `${subject.deviceId} (${subject.username})`);
      }
    },
    async gatewayReport(control, failing) {
      const known = (await repo.failing()).get(control)?.has(GATEWAY_DEVICE_ID) ?? false;
      if (failing !== known) await report(control, GATEWAY_DEVICE_ID, failing, null, 'the gateway');
    },
  };
}
