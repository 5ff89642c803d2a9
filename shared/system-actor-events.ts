// The one list of audit event types a desk may file with no user behind them
// (the system actor, or a name typed at sign-in that matched no session):
// the desk's own lifecycle, and what can happen before anyone signs in. The
// gateway refuses any other type without a user (an `admin.user.change` "by
// the system" is a forgery).
import type { AuditEvent, AuditEventType } from './audit.ts';

export const SYSTEM_ACTOR_EVENT_TYPES: Readonly<Partial<Record<AuditEventType, string>>> = {
  'app.start': 'the desk started',
  'app.stop': 'the desk stopped',
  'capture.protection': 'the desk reported its screen-capture protection',
  'audit.queue.open': 'the desk opened its local audit queue',
  'audit.queue.full': 'the local audit queue refused an event',
  'audit.sync.halted': 'audit sync stopped',
  'audit.sync.resumed': 'audit sync picked up again',
  'audit.integrity.failure': 'the local trail failed its integrity check',
  'audit.integrity.cleared': 'an admin cleared the local integrity failure',
  'audit.log_inconsistent': "the desk found the gateway's transparency log inconsistent",
  'audit.purge': 'retention purged old local events',
  'key.create': 'the desk created its data key',
  'key.rotate': 'the desk rotated its data key',
  'update.check': 'the desk asked for updates',
  'update.install': 'the desk installed an update',
  'update.refused': 'the desk refused an update that failed verification',
  'ipc.sender_rejected': 'a window that is not the desk tried to call main',
  'ipc.attempt': 'a call before sign-in (the sign-in itself)',
  'auth.login': 'a sign-in attempt, by the name typed',
  'access.denied': 'a call refused for want of a session',
  'dlp.pan_masked': 'digits masked in an answer or a push with no one signed in',
};

export function isSystemActorEvent(event: Pick<AuditEvent, 'type'>): boolean {
  return Object.hasOwn(SYSTEM_ACTOR_EVENT_TYPES, event.type);
}
