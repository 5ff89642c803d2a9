// The one list of "plumbing" audit events: kept in the trail (PCI DSS 10.2.1),
// but hidden from the supervisor's live feed by default because they say
// nothing about what an agent did with customer data.
import type { AuditEvent, AuditEventType } from './audit.ts';

export const PLUMBING_EVENT_TYPES: Readonly<Partial<Record<AuditEventType, string>>> = {
  'audit.queue.open': 'the desk opened its local audit queue (every start)',
  'audit.sync.resumed': 'audit sync picked up again after a network blip',
  'auth.refresh': 'the access token was renewed (every few minutes, heartbeat-like)',
  'supervisor.view': 'a supervisor opened the board or the alert list',
  'audit.read': 'a supervisor read the audit trail (this feed itself causes them)',
  'ipc.attempt': 'the desk recorded a call before running it (every audited call; its outcome is the event shown)',
  'report.generate': 'a supervisor ran a report or refreshed the floor charts',
  'policy.load': 'the desk read its managed policy at start',
  'update.check': 'the desk asked for updates',
  'dlp.pan_masked': 'main masked PAN-like digits in an answer (DLP noise; the lookup itself is shown)',
};

export function isPlumbing(event: Pick<AuditEvent, 'type'>): boolean {
  return Object.hasOwn(PLUMBING_EVENT_TYPES, event.type);
}
