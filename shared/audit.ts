// The audit event: one shape for the workstation's queue, the sync batches and
// the server's store. Fields follow PCI DSS 10.2.2; the event types cover the
// actions 10.2.1.1-10.2.1.7 require to be logged.
import { z } from 'zod';
import { findPanInDocument } from './pan-document.ts';
import { ROLES, RoleSchema } from './roles.ts';

export const PCI_10_2_1 = {
  '10.2.1.1': 'individual user access to cardholder data',
  '10.2.1.2': 'actions taken by any individual with administrative access',
  '10.2.1.3': 'access to all audit logs',
  '10.2.1.4': 'invalid logical access attempts',
  '10.2.1.5': 'changes to identification and authentication credentials',
  '10.2.1.6': 'initialization, starting, stopping or pausing of the audit logs',
  '10.2.1.7': 'creation and deletion of system-level objects',
} as const;
export type PciRequirement = keyof typeof PCI_10_2_1;

/**
 * Every event type with the PCI DSS 10.2.1 items it serves. An empty list
 * means the event is operational (kept for the supervisor, not demanded by 10.2.1).
 */
export const AUDIT_EVENT_TYPES = {
  'customer.lookup': ['10.2.1.1'],
  'customer.view': ['10.2.1.1'],
  'customer.note.add': ['10.2.1.1'],
  'subscription.extend': ['10.2.1.1'],
  'dlp.pan_masked': ['10.2.1.1'],
  'admin.user.change': ['10.2.1.2', '10.2.1.5'],
  'admin.device.revoke': ['10.2.1.2', '10.2.1.7'],
  /** An admin read the people, devices or admin alerts lists (actions of administrative access). */
  'admin.view': ['10.2.1.2'],
  'admin.policy.change': ['10.2.1.2'],
  'audit.read': ['10.2.1.3'],
  'report.generate': ['10.2.1.3'],
  'auth.login': ['10.2.1.4'],
  'auth.reauth': ['10.2.1.4'],
  'auth.refresh': ['10.2.1.4'],
  'auth.logout': [],
  'access.denied': ['10.2.1.4'],
  'ipc.sender_rejected': ['10.2.1.4'],
  /** Written before an audited channel runs, so an action with a side effect is on record even if its outcome cannot be. */
  'ipc.attempt': [],
  'auth.credential.change': ['10.2.1.5'],
  'account.create': ['10.2.1.5', '10.2.1.7'],
  'account.delete': ['10.2.1.5', '10.2.1.7'],
  'account.role.change': ['10.2.1.5'],
  'device.enroll': ['10.2.1.5', '10.2.1.7'],
  'app.start': ['10.2.1.6'],
  'app.stop': ['10.2.1.6'],
  'audit.queue.open': ['10.2.1.6'],
  'audit.queue.full': ['10.2.1.6'],
  'audit.sync.halted': ['10.2.1.6'],
  'audit.sync.resumed': ['10.2.1.6'],
  'audit.integrity.failure': ['10.2.1.6'],
  'audit.integrity.cleared': ['10.2.1.2', '10.2.1.6'],
  /** A desk found the gateway's transparency log checkpoints inconsistent (a fork or a rollback): both signed checkpoints are the evidence. */
  'audit.log_inconsistent': ['10.2.1.6'],
  'audit.purge': ['10.2.1.6', '10.2.1.7'],
  'key.create': ['10.2.1.7'],
  'key.rotate': ['10.2.1.7'],
  'update.install': ['10.2.1.7'],
  'update.check': [],
  /** A desk refused an update that failed TUF verification (issue 28) and kept its version. */
  'update.refused': [],
  /** An admin let a release out, paused or pulled it, or moved a desk between update rings. */
  'update.rollout': ['10.2.1.2'],
  'session.lock': [],
  /** A supervisor's desk turned into the floor's wallboard (aggregate figures only); a lock ends it. */
  'session.wallboard': [],
  'session.unlock': ['10.2.1.4'],
  'session.expire': [],
  'capture.protection': [],
  'policy.load': [],
  'alert.ack': ['10.2.1.2'],
  'supervisor.view': [],
  'external.open': [],
  /** A system of record's service account created or revoked by an admin (issue 22), or a platform account's agent map changed. */
  'integration.account.create': ['10.2.1.2', '10.2.1.5', '10.2.1.7'],
  'integration.account.revoke': ['10.2.1.2', '10.2.1.5', '10.2.1.7'],
  'integration.account.update': ['10.2.1.2', '10.2.1.5'],
  /** Records a source upserted (one event per request or import chunk, with its counts); the actor is the service account. */
  'record.write': [],
  /** An admin published a security policy or training module version (PCI DSS 12.6). */
  'training.publish': ['10.2.1.2'],
  /** A person acknowledged the security policy or submitted a training quiz (PCI DSS 12.6.3). */
  'training.complete': [],
  /** Data-subject rights (issue 27): GDPR and CCPA, not PCI DSS; the customer is named by its keyed pseudonym. */
  'privacy.request.open': [],
  'privacy.request.extend': [],
  'privacy.request.complete': [],
  'privacy.erase': [],
  'privacy.export': [],
  'privacy.retention.purge': [],
  'privacy.hold.place': [],
  'privacy.hold.release': [],
  /** A privacy officer's desk read the request list (with the holds each waits for). */
  'privacy.view': [],
  /** Wrap-up (issue 24): an admin added or retired a disposition code or a note template. */
  'wrapup.code.change': ['10.2.1.2'],
  'wrapup.template.change': ['10.2.1.2'],
  /** An agent ended a customer contact with a disposition code (the free text, if any, is a note with its own event). */
  'customer.wrapup': [],
  /** A team created, or an account put in a team, by an admin (issue 26). */
  'team.create': ['10.2.1.2'],
  'team.member.assign': ['10.2.1.2'],
  /** The daily log review (10.4.1.1): a reviewer signed a day's findings off, with a note per finding. */
  'review.signoff': ['10.2.1.3'],
  /** A failure of a critical control (10.7.2): opened, a desk joining or leaving it, its end, its closure with the analysis (10.7.3). */
  'incident.open': ['10.2.1.6'],
  'incident.update': ['10.2.1.6'],
  'incident.close': ['10.2.1.2', '10.2.1.6'],
} as const satisfies Record<string, readonly PciRequirement[]>;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;
const AUDIT_EVENT_TYPE_NAMES = Object.keys(AUDIT_EVENT_TYPES) as [AuditEventType, ...AuditEventType[]];
export const AuditEventTypeSchema = z.enum(AUDIT_EVENT_TYPE_NAMES);

/** PCI DSS 10.2.2: date and time in UTC, with milliseconds. */
export const UtcTimestampSchema = z.iso.datetime({ precision: 3, offset: false, local: false });
export type UtcTimestamp = z.infer<typeof UtcTimestampSchema>;

const IdSchema = z.string().min(1).max(128).regex(/^[\w.:@-]+$/, { error: 'id: letters, digits and . _ : @ - only' });

export const AuditActorSchema = z.object({
  /** Null only for events with no signed-in user (app start, a failed login of an unknown name). */
  userId: IdSchema.nullable(),
  /** The name a user typed on a failed login is kept, so repeated attempts can be traced. */
  username: z.string().max(128).nullable(),
  roles: z.array(RoleSchema).max(ROLES.length),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/** The actor of events a desk or the gateway causes itself (start, sync, keys), with no user behind them. */
export const SYSTEM_ACTOR: AuditActor = { userId: null, username: null, roles: [] };

export const AuditOriginSchema = z.object({
  deviceId: IdSchema,
  appVersion: z.string().min(1).max(64),
  host: z.string().min(1).max(255),
});

export const AUDIT_TARGET_KINDS = [
  'customer',
  'order',
  'card',
  'subscription',
  'note',
  'session',
  'account',
  'device',
  'audit-log',
  'alert',
  'report',
  'policy',
  'key',
  'app',
  'ipc',
  'url',
  'service-account',
  'record',
  'training',
  'wrapup-code',
  'note-template',
  'privacy-request',
  'legal-hold',
  'team',
  'review',
  'incident',
] as const;

/** PCI DSS 10.2.2 "identity or name of affected data, system component, resource or service". */
export const AuditTargetSchema = z.object({
  kind: z.enum(AUDIT_TARGET_KINDS),
  /** An identifier or a masked value; never a PAN (enforced below). */
  id: z.string().max(256).nullable(),
});

const DetailValueSchema = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);
/** Characters of JSON an event's details may take: room for ids and counts, not a payload (fat events cannot fill the store). */
export const AUDIT_DETAILS_MAX_JSON = 4096;

export const AuditEventSchema = z
  .object({
    id: z.uuid(),
    type: AuditEventTypeSchema,
    at: UtcTimestampSchema,
    outcome: z.enum(['success', 'failure']),
    /** A machine-readable reason on failure: an error code, never free text from a user. */
    reason: z.string().max(64).regex(/^[a-z0-9_.-]*$/).nullable(),
    actor: AuditActorSchema,
    origin: AuditOriginSchema,
    target: AuditTargetSchema,
    details: z
      .record(z.string().max(64), DetailValueSchema)
      .refine((d) => Object.keys(d).length <= 32, { error: 'details: at most 32 entries' })
      .refine((d) => JSON.stringify(d).length <= AUDIT_DETAILS_MAX_JSON, {
        error: `details: at most ${AUDIT_DETAILS_MAX_JSON} characters of JSON`,
      }),
  })
  .strict()
  .superRefine((event, ctx) => {
    // Defence in depth: whatever built the event, a PAN never enters the audit trail, whole or split over its keys
    // and values (the desk's queue and the gateway's ingest both parse events here).
    const found = findPanInDocument(event);
    if (found === null) return;
    const message =
      found.kind === 'punctuation_key' ? 'audit event keys must hold a letter or a digit' : found.kind === 'too_deep' ? 'audit events are not nested this deep' : 'audit events must not contain a card number';
    ctx.addIssue({ code: 'custom', path: [...found.path], message });
  });
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export function pciRequirementsOf(type: AuditEventType): readonly PciRequirement[] {
  return AUDIT_EVENT_TYPES[type];
}
