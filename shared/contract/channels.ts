// Every IPC channel of the workstation, declared once.
import { z } from 'zod';
import { resultSchema } from '../errors.ts';
import {
  AddNoteRequestSchema,
  CustomerDetailSchema,
  ExtendSubscriptionRequestSchema,
  GetCustomerRequestSchema,
  LookupRequestSchema,
  LookupResultSchema,
  NoteSchema,
  SubscriptionSchema,
} from '../schemas/customer.ts';
import { FloorReportQuerySchema, FloorReportSchema, SupervisorStreamStateSchema } from '../schemas/floor.ts';
import {
  ChangePasswordRequestSchema,
  MfaConfirmRequestSchema,
  MfaEnrolmentSchema,
  SessionStateSchema,
  UnlockRequestSchema,
  UserViewSchema,
} from '../schemas/session.ts';
import { AppStatusSchema, AuditSyncStatusSchema, OpenExternalRequestSchema } from '../schemas/status.ts';
import {
  AckAlertRequestSchema,
  ActivityReportQuerySchema,
  ActivityReportSchema,
  AgentPresenceSchema,
  AlertListQuerySchema,
  AlertSchema,
  AuditSearchQuerySchema,
  AuditSearchResultSchema,
} from '../schemas/supervision.ts';
import {
  AccessReviewSchema,
  AccessReviewSignOffSchema,
  AdminReasonSchema,
  CreateUserRequestSchema,
  DeskLoginRequestSchema,
  DeviceParamsSchema,
  EnrolmentGrantSchema,
  IssueEnrolmentRequestSchema,
  ManagedDeviceSchema,
  ManagedUserSchema,
  OneTimePasswordGrantSchema,
  SetRolesRequestSchema,
  SignOffRequestSchema,
  UserIdSchema,
} from '../schemas/admin.ts';
import { defineChannels } from './define.ts';

const Empty = z.object({}).strict();

export const ReportRequestSchema = z.object({
  query: ActivityReportQuerySchema,
  format: z.enum(['json', 'csv']),
});
export const ReportResponseSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), report: ActivityReportSchema }),
  z.object({ format: z.literal('csv'), report: ActivityReportSchema, csv: z.string() }),
]);

/** Every admin action names its target and carries the reason the admin typed. */
export const UserActionRequestSchema = z.object({ userId: UserIdSchema, reason: AdminReasonSchema });
export const SetUserRolesRequestSchema = SetRolesRequestSchema.extend({ userId: UserIdSchema });
export const RevokeDeviceRequestSchema = DeviceParamsSchema.extend({ reason: AdminReasonSchema });
export const AccessReviewRequestSchema = z.object({ format: z.enum(['json', 'csv']) });
export const AccessReviewResponseSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), review: AccessReviewSchema }),
  z.object({ format: z.literal('csv'), review: AccessReviewSchema, csv: z.string() }),
]);

/** One admin action on a person: the gateway route it calls and the event the desk records. */
const userAction = (audit: 'admin.user.change' | 'account.role.change') =>
  ({ request: UserActionRequestSchema, response: ManagedUserSchema, access: 'admin.users', audit, whileLocked: false }) as const;

export const channels = defineChannels({
  'session.login': {
    request: DeskLoginRequestSchema,
    response: UserViewSchema,
    access: 'public',
    audit: 'auth.login',
    whileLocked: false,
  },
  'session.logout': { request: Empty, response: Empty, access: 'session', audit: 'auth.logout', whileLocked: true },
  'session.lock': {
    request: Empty,
    response: SessionStateSchema,
    access: 'session',
    // Every lock (manual, idle, OS lock, suspend) is audited in one place, session.lock(reason); a full trail never refuses a lock.
    audit: { none: 'audited by the session itself, as every lock is' },
    whileLocked: true,
  },
  'session.unlock': {
    request: UnlockRequestSchema,
    response: SessionStateSchema,
    access: 'session',
    audit: 'session.unlock',
    whileLocked: true,
  },
  'session.state': {
    request: Empty,
    response: SessionStateSchema,
    access: 'public',
    audit: { none: 'reads only the caller’s own session state, no customer data' },
    whileLocked: true,
  },
  // First sign-in: the only channels a session with pending setup steps reaches.
  'account.changePassword': {
    request: ChangePasswordRequestSchema,
    response: UserViewSchema,
    access: 'account',
    audit: 'auth.credential.change',
    whileLocked: false,
  },
  'account.startMfa': {
    request: Empty,
    response: MfaEnrolmentSchema,
    access: 'account',
    // The answer carries the new TOTP secret: the event names the step only (main/ipc/audit-descriptions.ts), never the URI.
    audit: 'auth.credential.change',
    whileLocked: false,
  },
  'account.confirmMfa': {
    request: MfaConfirmRequestSchema,
    response: UserViewSchema,
    access: 'account',
    audit: 'auth.credential.change',
    whileLocked: false,
  },
  'customers.lookup': {
    request: LookupRequestSchema,
    response: LookupResultSchema,
    access: 'customers.lookup',
    audit: 'customer.lookup',
    whileLocked: false,
  },
  'customers.get': {
    request: GetCustomerRequestSchema,
    response: CustomerDetailSchema,
    access: 'customers.read',
    audit: 'customer.view',
    whileLocked: false,
  },
  'notes.add': {
    request: AddNoteRequestSchema,
    response: NoteSchema,
    access: 'notes.write',
    audit: 'customer.note.add',
    whileLocked: false,
  },
  'subscriptions.extend': {
    request: ExtendSubscriptionRequestSchema,
    response: SubscriptionSchema,
    access: 'subscriptions.extend',
    audit: 'subscription.extend',
    whileLocked: false,
  },
  'audit.status': {
    request: Empty,
    response: AuditSyncStatusSchema,
    access: 'session',
    audit: { none: 'status-bar poll of queue depth; no audit content is read' },
    whileLocked: true,
  },
  'supervisor.agents': {
    request: Empty,
    response: z.array(AgentPresenceSchema),
    access: 'supervisor.monitor',
    audit: 'supervisor.view',
    whileLocked: false,
  },
  'supervisor.searchAudit': {
    request: AuditSearchQuerySchema,
    response: AuditSearchResultSchema,
    access: 'supervisor.auditRead',
    audit: 'audit.read',
    whileLocked: false,
  },
  'supervisor.alerts': {
    request: AlertListQuerySchema,
    response: z.array(AlertSchema),
    access: 'supervisor.monitor',
    audit: 'supervisor.view',
    whileLocked: false,
  },
  'supervisor.ackAlert': {
    request: AckAlertRequestSchema,
    response: AlertSchema,
    access: 'supervisor.alertsAck',
    audit: 'alert.ack',
    whileLocked: false,
  },
  'supervisor.report': {
    request: ReportRequestSchema,
    response: ReportResponseSchema,
    access: 'supervisor.reports',
    audit: 'report.generate',
    whileLocked: false,
  },
  'supervisor.floorReport': {
    request: FloorReportQuerySchema,
    response: FloorReportSchema,
    access: 'supervisor.reports',
    audit: 'report.generate',
    whileLocked: false,
  },
  'supervisor.streamState': {
    request: Empty,
    response: SupervisorStreamStateSchema,
    access: 'supervisor.monitor',
    audit: { none: 'whether main’s live stream is connected; no audit or customer data' },
    whileLocked: false,
  },
  // Administration: people, devices, the access review and admin alerts.
  'admin.users': { request: Empty, response: z.array(ManagedUserSchema), access: 'admin.users', audit: 'admin.view', whileLocked: false },
  'admin.createUser': {
    request: CreateUserRequestSchema,
    // The one-time password goes to the screen once; the audit event records only the account.
    response: OneTimePasswordGrantSchema,
    access: 'admin.users',
    audit: 'account.create',
    whileLocked: false,
  },
  'admin.setRoles': { ...userAction('account.role.change'), request: SetUserRolesRequestSchema },
  'admin.disableUser': userAction('admin.user.change'),
  'admin.enableUser': userAction('admin.user.change'),
  'admin.unlockUser': userAction('admin.user.change'),
  'admin.resetMfa': userAction('admin.user.change'),
  'admin.resetPassword': { ...userAction('admin.user.change'), response: OneTimePasswordGrantSchema },
  'admin.devices': { request: Empty, response: z.array(ManagedDeviceSchema), access: 'admin.devices', audit: 'admin.view', whileLocked: false },
  'admin.issueEnrolment': {
    request: IssueEnrolmentRequestSchema,
    // The enrolment secret goes to the screen once; the audit event records only its kind.
    response: EnrolmentGrantSchema,
    access: 'admin.devices',
    audit: 'device.enroll',
    whileLocked: false,
  },
  'admin.revokeDevice': { request: RevokeDeviceRequestSchema, response: ManagedDeviceSchema, access: 'admin.devices', audit: 'admin.device.revoke', whileLocked: false },
  'admin.accessReview': { request: AccessReviewRequestSchema, response: AccessReviewResponseSchema, access: 'admin.review', audit: 'report.generate', whileLocked: false },
  'admin.signOffReview': { request: SignOffRequestSchema, response: AccessReviewSignOffSchema, access: 'admin.review', audit: 'report.generate', whileLocked: false },
  'admin.alerts': { request: Empty, response: z.array(AlertSchema), access: 'admin.users', audit: 'admin.view', whileLocked: false },
  'admin.ackAlert': { request: AckAlertRequestSchema, response: AlertSchema, access: 'admin.users', audit: 'alert.ack', whileLocked: false },
  'app.status': {
    request: Empty,
    response: AppStatusSchema,
    access: 'public',
    audit: { none: 'version, device and policy summary; no user or customer data' },
    whileLocked: true,
  },
  'app.openExternal': {
    request: OpenExternalRequestSchema,
    response: Empty,
    access: 'session',
    audit: 'external.open',
    whileLocked: false,
  },
});

export type Channels = typeof channels;
export type ContractChannelName = keyof Channels;

export function isChannelName(name: unknown): name is ContractChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function channelSpec<N extends ContractChannelName>(name: N): Channels[N] {
  return channels[name];
}

/** The envelope main sends back for a channel, validated on the way out. */
export function channelResultSchema(name: ContractChannelName) {
  return resultSchema(channels[name].response);
}

