// What supervisors see: presence, audit search, alerts and activity reports.
import { z } from 'zod';
import { AuditActorSchema, AuditEventSchema, AuditEventTypeSchema } from '../audit.ts';
import { SeqSchema } from '../audit-chain.ts';
import { containsPan } from '../pan.ts';
import { panFreeText, TimestampSchema } from './common.ts';
import { CustomerIdSchema } from './customer.ts';

export const PresenceStateSchema = z.enum(['active', 'idle', 'locked', 'offline']);
export type PresenceState = z.infer<typeof PresenceStateSchema>;
/** `unsupported`: the OS cannot keep the window out of screen captures (Linux). */
export const CaptureProtectionSchema = z.enum(['protected', 'unsupported', 'off']);
export type CaptureProtection = z.infer<typeof CaptureProtectionSchema>;

export const AgentPresenceSchema = z.object({
  userId: z.string().max(64),
  username: z.string().max(64),
  displayName: z.string().max(128),
  /** Null for an agent never seen on any desk. */
  deviceId: z.string().max(128).nullable(),
  state: PresenceStateSchema,
  captureProtection: CaptureProtectionSchema.nullable(),
  queueDepth: z.number().int().nonnegative(),
  appVersion: z.string().max(64).nullable(),
  lastSeenAt: TimestampSchema.nullable(),
  stateSince: TimestampSchema.nullable(),
  /** The desk's own check of its audit trail, from its last heartbeat; `failed` also raises a critical alert. */
  auditIntegrity: z.enum(['ok', 'failed']).nullable(),
});
export type AgentPresence = z.infer<typeof AgentPresenceSchema>;

/** An audit event as the server stored it. */
/** Why a stored event needs a second look: `device_revoked` = it arrived from a device after its revocation (kept as evidence). */
export const AUDIT_FLAGS = ['device_revoked'] as const;
export const AuditFlagSchema = z.enum(AUDIT_FLAGS);
export type AuditFlag = z.infer<typeof AuditFlagSchema>;
export const StoredAuditEventSchema = z.object({
  deviceId: z.string().max(128),
  seq: SeqSchema,
  receivedAt: TimestampSchema,
  event: AuditEventSchema,
  flag: AuditFlagSchema.optional(),
});
export type StoredAuditEvent = z.infer<typeof StoredAuditEventSchema>;

/**
 * The user a supervisor's search or report is about: the shape of an audit actor's user ID, which the
 * read's own audit event records, so a card number in disguise is refused (400) before anything is written.
 */
export const UserIdQuerySchema = AuditActorSchema.shape.userId
  .unwrap()
  .refine((id) => !containsPan(id), { error: 'userId looks like a card number; use a user ID' });

export const AuditSearchQuerySchema = z.object({
  userId: UserIdQuerySchema.optional(),
  type: AuditEventTypeSchema.optional(),
  customerId: CustomerIdSchema.optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque: the value of `nextCursor` from the previous page. */
  cursor: z.string().max(128).optional(),
});
export type AuditSearchQuery = z.infer<typeof AuditSearchQuerySchema>;

export const AuditSearchResultSchema = z.object({
  events: z.array(StoredAuditEventSchema),
  nextCursor: z.string().max(128).nullable(),
});

export const ALERT_KINDS = [
  'card_lookup_burst',
  'failed_logins',
  'failed_logins_source',
  'failed_logins_global',
  'capture_unprotected',
  'audit_chain_break',
  'audit_quarantine',
  'audit_archive_overdue',
  'sync_lag',
  'card_lookup_cap',
  'record_read_cap',
  'extension_cap',
  /** A locked session's refresh token or access token was used: something other than the desk holds them. */
  'locked_session_use',
  /** The gateway served a desk's session a customer record that the desk's own trail does not show. */
  'desk_read_mismatch',
  /** A data-subject request is close to its legal due date, or past it (issue 27). */
  'privacy_request_due',
  // For admins (the Administration workspace):
  'account_locked',
  'account_disabled_inactive',
  'last_admin_inactive',
  'account_setup_on_creator_desk',
  'device_enrolled',
  'device_revoked',
  /** A local password sign-in while single sign-on is configured: a break-glass account was used. */
  'break_glass_sign_in',
  /** A person's security awareness (policy, training) runs out within 30 days, or has run out (PCI DSS 12.6). */
  'training_due',
  /** A desk refused an update that failed verification: someone may be serving tampered, old or stale releases. */
  'update_refused',
  /** Desks running a release older than the update policy allows (PCI DSS 6.3.3). */
  'update_overdue',
  /** A desk or the witness found the audit transparency log forked or rolled back: for supervisors and admins both. */
  'audit_log_inconsistent',
  /** A day's log review still unsigned past its deadline (PCI DSS 10.4.1.1). */
  'review_overdue',
  /** A critical security control failed: an incident is open (10.7.2). */
  'control_failure',
] as const;
/** The alert kinds the Administration workspace lists and acknowledges. */
export const ADMIN_ALERT_KINDS = ['account_locked', 'account_disabled_inactive', 'last_admin_inactive', 'account_setup_on_creator_desk', 'device_enrolled', 'device_revoked', 'break_glass_sign_in', 'training_due', 'update_refused', 'update_overdue', 'audit_log_inconsistent'] as const satisfies readonly (typeof ALERT_KINDS)[number][];
/** The note a supervisor writes when acknowledging an alert: stored and streamed, so never a card number. */
export const AlertAckNoteSchema = panFreeText('The note (say what was done about the alert)', 3, 500);
/** One acknowledgement; they are appended, never replaced, so a follow-up never erases the first answer. */
export const AlertAckSchema = z.object({ by: z.string().max(64), at: TimestampSchema, note: z.string().max(500) });
export type AlertAck = z.infer<typeof AlertAckSchema>;
/** Acknowledgements one alert can collect; a runaway client cannot grow it without bound. */
export const ALERT_MAX_ACKS = 20;

export const AlertSchema = z.object({
  alertId: z.string().max(64),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(['info', 'warning', 'critical']),
  raisedAt: TimestampSchema,
  userId: z.string().max(64).nullable(),
  deviceId: z.string().max(128).nullable(),
  message: z.string().max(500),
  /** Acknowledged once it has at least one ack. */
  status: z.enum(['open', 'acknowledged']),
  /** How often the rule fired while this alert was open: repeats fold in here instead of raising new alerts. */
  occurrences: z.number().int().positive(),
  lastOccurredAt: TimestampSchema,
  acks: z.array(AlertAckSchema).max(ALERT_MAX_ACKS),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListQuerySchema = z.object({ status: z.enum(['open', 'acknowledged', 'all']).default('open') });
export const AckAlertRequestSchema = z.object({
  alertId: z.string().min(1).max(64),
  note: AlertAckNoteSchema,
});

const ActivityReportRangeSchema = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  userId: UserIdQuerySchema.optional(),
});
const fromBeforeTo = (q: { from: string; to: string }): boolean => Date.parse(q.from) < Date.parse(q.to);
export const ActivityReportQuerySchema = ActivityReportRangeSchema.refine(fromBeforeTo, {
  error: '`from` must be before `to`',
  path: ['to'],
});
/** The report route's query string: the range plus the output format. */
export const ActivityReportRouteQuerySchema = ActivityReportRangeSchema.extend({
  format: z.enum(['json', 'csv']).default('json'),
}).refine(fromBeforeTo, { error: '`from` must be before `to`', path: ['to'] });

export const ActivityReportRowSchema = z.object({
  userId: z.string().max(64),
  username: z.string().max(64),
  lookupsByCustomerId: z.number().int().nonnegative(),
  lookupsByOrder: z.number().int().nonnegative(),
  lookupsByCard: z.number().int().nonnegative(),
  recordsViewed: z.number().int().nonnegative(),
  notesAdded: z.number().int().nonnegative(),
  extensions: z.number().int().nonnegative(),
  failedLogins: z.number().int().nonnegative(),
  locks: z.number().int().nonnegative(),
});
export type ActivityReportRow = z.infer<typeof ActivityReportRowSchema>;
export const ActivityReportSchema = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  generatedAt: TimestampSchema,
  rows: z.array(ActivityReportRowSchema),
});
export type ActivityReport = z.infer<typeof ActivityReportSchema>;
