// The feed as a supervisor reads it: one line per action, in plain words. The
// desk and the gateway each record an action the gateway answered (a lookup, a
// note), so the raw trail holds it twice; here the two records are one action
// with two confirmations. Records are one action when they agree on type, user,
// target and outcome, come from a desk and from the gateway, and lie within
// SAME_ACTION_WINDOW_MS of each other (a desk's clock and the gateway's differ
// by a little, and its record may be written a moment later).
import type { AuditEvent, AuditEventType, AUDIT_TARGET_KINDS } from '../../../../shared/audit.ts';
import { GATEWAY_DEVICE_ID } from '../../../../shared/gateway-device.ts';
import type { StoredAuditEvent } from '../../../../shared/schemas/supervision.ts';

export const SAME_ACTION_WINDOW_MS = 10_000;

export interface FeedAction {
  /** The newest record's event ID. */
  readonly key: string;
  readonly event: AuditEvent;
  /** Who recorded it: the desk (by its device ID), the gateway, or both. */
  readonly recorders: readonly string[];
}

/** What happened, written after the actor's name; {target} stands for what it happened to. */
const PHRASES: Record<AuditEventType, string> = {
  'customer.lookup': 'looked up {target}',
  'customer.view': 'opened {target}',
  'customer.note.add': 'added a note to {target}',
  'subscription.extend': 'extended {target}',
  'dlp.pan_masked': 'had a card number masked in an answer',
  'admin.user.change': 'changed {target}',
  'admin.device.revoke': 'revoked {target}',
  'admin.view': 'viewed {target}',
  'admin.policy.change': 'changed {target}',
  'audit.read': 'read {target}',
  'report.generate': 'ran {target}',
  'auth.login': 'signed in',
  'auth.reauth': 'confirmed their password',
  'auth.refresh': 'renewed the session',
  'auth.logout': 'signed out',
  'access.denied': 'was refused {target}',
  'ipc.sender_rejected': 'had a call from an unknown page refused',
  'ipc.attempt': 'asked for {target}',
  'auth.credential.change': 'changed the credentials of {target}',
  'account.create': 'created {target}',
  'account.delete': 'deleted {target}',
  'account.role.change': 'changed the roles of {target}',
  'device.enroll': 'enrolled {target}',
  'app.start': 'started the desk app',
  'app.stop': 'stopped the desk app',
  'audit.queue.open': 'opened the desk’s audit queue',
  'audit.queue.full': 'filled the desk’s audit queue',
  'audit.sync.halted': 'halted the audit sync',
  'audit.sync.resumed': 'resumed the audit sync',
  'audit.integrity.failure': 'found the audit trail altered',
  'audit.integrity.cleared': 'cleared an audit integrity failure',
  'audit.log_inconsistent': 'found the gateway’s audit log inconsistent',
  'audit.purge': 'purged old audit events',
  'key.create': 'created {target}',
  'key.rotate': 'rotated {target}',
  'update.install': 'installed an update',
  'update.check': 'checked for updates',
  'update.refused': 'refused an update that failed verification',
  'update.rollout': 'changed a release rollout',
  'session.lock': 'locked the desk',
  'session.wallboard': 'turned the desk into the wallboard',
  'session.unlock': 'unlocked the desk',
  'session.expire': 'let the session expire',
  'capture.protection': 'changed screen-capture protection',
  'policy.load': 'loaded the managed policy',
  'alert.ack': 'acknowledged {target}',
  'supervisor.view': 'opened the supervision view',
  'external.open': 'opened {target}',
  'integration.account.create': 'created {target}',
  'integration.account.revoke': 'revoked {target}',
  'integration.account.update': 'changed {target}',
  'record.write': 'wrote {target}',
  'training.publish': 'published {target}',
  'training.complete': 'completed {target}',
  'privacy.request.open': 'opened {target}',
  'privacy.request.extend': 'extended the deadline of {target}',
  'privacy.request.complete': 'completed {target}',
  'privacy.erase': 'erased {target}',
  'privacy.export': 'exported the data of {target}',
  'privacy.retention.purge': 'purged {target} past its retention schedule',
  'privacy.hold.place': 'placed {target}',
  'privacy.hold.release': 'released {target}',
  'privacy.view': 'read the privacy requests',
  'wrapup.code.change': 'changed {target}',
  'wrapup.template.change': 'changed {target}',
  'customer.wrapup': 'wrapped up the contact with {target}',
  'team.create': 'created {target}',
  'team.member.assign': 'changed the members of {target}',
  'review.signoff': 'signed off {target}',
  'incident.open': 'opened {target}',
  'incident.update': 'updated {target}',
  'incident.close': 'closed {target}',
};

const NOUNS: Record<(typeof AUDIT_TARGET_KINDS)[number], string> = {
  customer: 'customer',
  order: 'order',
  card: 'card',
  subscription: 'subscription',
  note: 'note',
  session: 'session',
  account: 'account',
  device: 'desk',
  'audit-log': 'the audit trail',
  alert: 'alert',
  report: 'report',
  policy: 'policy',
  key: 'key',
  app: 'app',
  ipc: 'desk action',
  url: 'link',
  'service-account': 'service account',
  record: 'records',
  training: 'security training',
  'privacy-request': 'privacy request',
  'legal-hold': 'legal hold',
  'wrapup-code': 'wrap-up code',
  'note-template': 'note template',
  team: 'team',
  review: 'log review',
  incident: 'incident',
};

/** "agent.ana looked up customer CUS-000004", or "… — failed (server_unreachable)". */
export function actionWords(event: AuditEvent): string {
  const target = [NOUNS[event.target.kind], event.target.id].filter((part) => part !== null).join(' ');
  const phrase = PHRASES[event.type].replace('{target}', target);
  const failed = event.outcome === 'failure' ? ` — failed${event.reason === null ? '' : ` (${event.reason})`}` : '';
  return `${event.actor.username ?? 'The system'} ${phrase}${failed}`;
}

const sameAction = (a: AuditEvent, b: AuditEvent): boolean =>
  a.type === b.type &&
  a.actor.userId === b.actor.userId &&
  a.target.kind === b.target.kind &&
  a.target.id === b.target.id &&
  a.outcome === b.outcome &&
  Math.abs(Date.parse(a.at) - Date.parse(b.at)) <= SAME_ACTION_WINDOW_MS;

const isGateway = (deviceId: string): boolean => deviceId === GATEWAY_DEVICE_ID;

/** Feed records (newest first) as actions (newest first): each desk record joined by at most one gateway record. */
export function groupActions(records: readonly StoredAuditEvent[]): FeedAction[] {
  const actions: { key: string; event: AuditEvent; recorders: string[] }[] = [];
  for (const record of records) {
    const at = Date.parse(record.event.at);
    let partner: (typeof actions)[number] | undefined;
    // The newest actions are first, so the candidates are at the end: stop once they are too new to match.
    for (let i = actions.length - 1; i >= 0; i--) {
      const action = actions[i];
      if (action === undefined || Date.parse(action.event.at) - at > SAME_ACTION_WINDOW_MS) break;
      if (action.recorders.every((r) => isGateway(r) !== isGateway(record.deviceId)) && sameAction(action.event, record.event)) {
        partner = action;
        break;
      }
    }
    if (partner === undefined) actions.push({ key: record.event.id, event: record.event, recorders: [record.deviceId] });
    else partner.recorders.push(record.deviceId);
  }
  return actions;
}

/** "desk and gateway", "desk only", "gateway only". */
export function confirmations(action: FeedAction): string {
  const byGateway = action.recorders.some(isGateway);
  const byDesk = action.recorders.some((r) => !isGateway(r));
  return byGateway && byDesk ? 'recorded by desk and gateway' : byGateway ? 'recorded by the gateway only' : 'recorded by the desk only';
}
