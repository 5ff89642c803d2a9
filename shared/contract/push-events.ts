// Every main → renderer push event, declared once.
import { CurrentCallSchema } from '../schemas/calls.ts';
import { CustomerRefreshSchema } from '../schemas/customer.ts';
import { SupervisorStreamStateSchema } from '../schemas/floor.ts';
import { SessionStateSchema } from '../schemas/session.ts';
import { AppStatusSchema, AuditSyncStatusSchema, IdleCountdownSchema } from '../schemas/status.ts';
import { AgentPresenceSchema, AlertSchema, StoredAuditEventSchema } from '../schemas/supervision.ts';
import { definePushEvents } from './define.ts';

export const pushEvents = definePushEvents({
  'session.changed': { payload: SessionStateSchema, audience: 'public' },
  'sync.status': { payload: AuditSyncStatusSchema, audience: 'session' },
  'app.status': { payload: AppStatusSchema, audience: 'public' },
  'idle.countdown': { payload: IdleCountdownSchema, audience: 'session' },
  'supervisor.presence': { payload: AgentPresenceSchema, audience: 'supervisor.monitor' },
  'supervisor.audit': { payload: StoredAuditEventSchema, audience: 'supervisor.auditRead' },
  'supervisor.alert': { payload: AlertSchema, audience: 'supervisor.monitor' },
  'supervisor.stream': { payload: SupervisorStreamStateSchema, audience: 'supervisor.monitor' },
  /** The call the platform offered to this agent, with the customers its number matches (masked); `call: null` when none. */
  'call.current': { payload: CurrentCallSchema, audience: 'customers.lookup' },
  /** The open customer read again because a source or another agent changed it, or why it could not be. */
  'customer.updated': { payload: CustomerRefreshSchema, audience: 'customers.read' },
});

export type PushEvents = typeof pushEvents;
export type PushEventName = keyof PushEvents;

export function isPushEventName(name: unknown): name is PushEventName {
  return typeof name === 'string' && Object.hasOwn(pushEvents, name);
}
