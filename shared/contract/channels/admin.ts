// Administration: people, devices, the access review and admin alerts. Events
// name the account or device and what was done; one-time passwords and
// enrolment secrets are answers shown once and never reach an event.
import { z } from 'zod';
import { accessReviewCsv } from '../../access-review-csv.ts';
import { NoContentSchema as Empty } from '../../api.ts';
import {
  AccessReviewSchema,
  AdminReasonSchema,
  CreateUserRequestSchema,
  DeviceParamsSchema,
  GrantParamsSchema,
  IssueEnrolmentRequestSchema,
  SetRolesRequestSchema,
  SignOffRequestSchema,
  UserIdSchema,
} from '../../schemas/admin.ts';
import { ApprovalParamsSchema, ApprovalRequestSchema } from '../../schemas/admin-approvals.ts';
import { patchReportCsv } from '../../patch-report-csv.ts';
import { AckAlertRequestSchema } from '../../schemas/supervision.ts';
import { PatchReportSchema, ReleaseActionRequestSchema, ReleaseParamsSchema, RolloutRequestSchema } from '../../schemas/updates.ts';
import { EvidencePackAnswerSchema, EvidenceRangeSchema } from '../../schemas/evidence.ts';
import { accountAction, alertAck, listView } from '../audit-descriptions.ts';
import { forward, forwardAndPresent } from '../channel-kinds.ts';

/** Every admin action names its target and carries the reason the admin typed. */
export const UserActionRequestSchema = z.object({ userId: UserIdSchema, reason: AdminReasonSchema });
export const SetUserRolesRequestSchema = SetRolesRequestSchema.extend({ userId: UserIdSchema });
export const RevokeDeviceRequestSchema = DeviceParamsSchema.extend({ reason: AdminReasonSchema });
export const AccessReviewRequestSchema = z.object({ format: z.enum(['json', 'csv']) });
export const DecideApprovalRequestSchema = ApprovalParamsSchema.extend({ reason: AdminReasonSchema });
export const RevokeEnrolmentRequestSchema = GrantParamsSchema.extend({ reason: AdminReasonSchema });

/** A step of a four-eyes request: which request, never the one-time password an approval answers with. */
const approvalStep = (action: string) => (request: { readonly approvalId: string } | null) => ({
  target: { kind: 'account' as const, id: null },
  details: { action, approvalId: request?.approvalId ?? null },
});
export const AccessReviewResponseSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), review: AccessReviewSchema }),
  z.object({ format: z.literal('csv'), review: AccessReviewSchema, csv: z.string() }),
]);

export const ReleaseRolloutRequestSchema = ReleaseParamsSchema.extend(RolloutRequestSchema.shape);
export const ReleaseChangeRequestSchema = ReleaseParamsSchema.extend(ReleaseActionRequestSchema.shape);
export const PatchReportResponseSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), report: PatchReportSchema }),
  z.object({ format: z.literal('csv'), report: PatchReportSchema, csv: z.string() }),
]);

export const adminChannels = {
  'admin.users': forward('adminUsers', { request: Empty, audit: { event: 'admin.view', describe: listView('admin.users') }, whileLocked: false }),
  'admin.createUser': forward('adminCreateUser', {
    request: CreateUserRequestSchema,
    audit: {
      event: 'account.create',
      describe: (request, response) => ({
        target: { kind: 'account', id: response?.user.userId ?? null },
        details: { action: 'create', roles: request?.roles.join(',') ?? null },
      }),
    },
    whileLocked: false,
  }),
  'admin.setRoles': forward('adminSetRoles', {
    request: SetUserRolesRequestSchema,
    audit: {
      event: 'account.role.change',
      describe: (request) => ({ target: { kind: 'account', id: request?.userId ?? null }, details: { action: 'roles', roles: request?.roles.join(',') ?? null } }),
    },
    whileLocked: false,
  }),
  'admin.disableUser': forward('adminDisableUser', { request: UserActionRequestSchema, audit: { event: 'admin.user.change', describe: accountAction('disable') }, whileLocked: false }),
  'admin.enableUser': forward('adminEnableUser', { request: UserActionRequestSchema, audit: { event: 'admin.user.change', describe: accountAction('enable') }, whileLocked: false }),
  'admin.unlockUser': forward('adminUnlockUser', { request: UserActionRequestSchema, audit: { event: 'admin.user.change', describe: accountAction('unlock') }, whileLocked: false }),
  'admin.resetMfa': forward('adminResetMfa', { request: UserActionRequestSchema, audit: { event: 'admin.user.change', describe: accountAction('mfa_reset') }, whileLocked: false }),
  'admin.resetPassword': forward('adminResetPassword', {
    request: UserActionRequestSchema,
    audit: { event: 'admin.user.change', describe: accountAction('password_reset') },
    whileLocked: false,
  }),
  'admin.devices': forward('devices', { request: Empty, audit: { event: 'admin.view', describe: listView('admin.devices') }, whileLocked: false }),
  'admin.issueEnrolment': forward('issueEnrolment', {
    request: IssueEnrolmentRequestSchema,
    audit: {
      event: 'device.enroll',
      describe: (request) => ({ target: { kind: 'device', id: null }, details: { action: 'enrolment_issue', kind: request?.kind ?? null } }),
    },
    whileLocked: false,
  }),
  'admin.revokeDevice': forward('revokeDevice', {
    request: RevokeDeviceRequestSchema,
    audit: { event: 'admin.device.revoke', describe: (request) => ({ target: { kind: 'device', id: request?.deviceId ?? null }, details: { action: 'device_revoke' } }) },
    whileLocked: false,
  }),
  // The desk asks for JSON and writes the CSV itself with the gateway's own writer, so both files agree.
  'admin.accessReview': forwardAndPresent('adminAccessReview', {
    request: AccessReviewRequestSchema,
    response: AccessReviewResponseSchema,
    toRoute: () => ({ query: { format: 'json' } }),
    present: (review, request) => (request.format === 'csv' ? { format: 'csv' as const, review, csv: accessReviewCsv(review) } : { format: 'json' as const, review }),
    audit: {
      event: 'report.generate',
      describe: (request, response) => ({
        target: { kind: 'report', id: 'access-review' },
        details: { format: request?.format ?? null, accounts: response?.review.rows.length ?? 0 },
      }),
    },
    whileLocked: false,
  }),
  'admin.signOffReview': forward('adminSignOffReview', {
    request: SignOffRequestSchema,
    audit: { event: 'report.generate', describe: (_request, response) => ({ target: { kind: 'report', id: response?.reviewId ?? null }, details: { action: 'access_review_signoff' } }) },
    whileLocked: false,
  }),
  // Changes that need a second admin (shared/second-admin.ts).
  'admin.approvals': forward('adminApprovals', { request: Empty, audit: { event: 'admin.view', describe: listView('admin.approvals') }, whileLocked: false }),
  'admin.requestApproval': forward('adminRequestApproval', {
    request: ApprovalRequestSchema,
    audit: {
      event: 'admin.user.change',
      describe: (request, response) => ({
        target: { kind: 'account', id: response?.userId ?? (request?.kind === 'roles' ? request.userId : null) },
        details: { action: 'approval_request', kind: request?.kind ?? null, roles: request?.roles.join(',') ?? null },
      }),
    },
    whileLocked: false,
  }),
  // The pack comes inline (base64) because the desk's answers are JSON.
  'admin.evidencePack': forwardAndPresent('adminEvidencePack', {
    request: EvidenceRangeSchema,
    response: EvidencePackAnswerSchema,
    toRoute: (request) => ({ query: { ...request, format: 'inline' } }),
    present: (answer) => answer,
    audit: {
      event: 'report.generate',
      describe: (request, response) => ({
        target: { kind: 'report', id: 'evidence-pack' },
        details: { from: request?.from ?? null, to: request?.to ?? null, files: response?.files.length ?? 0 },
      }),
    },
    whileLocked: false,
  }),
  'admin.approve': forward('adminApprove', { request: DecideApprovalRequestSchema, audit: { event: 'admin.user.change', describe: approvalStep('approval_approve') }, whileLocked: false }),
  'admin.rejectApproval': forward('adminRejectApproval', {
    request: DecideApprovalRequestSchema,
    audit: { event: 'admin.user.change', describe: approvalStep('approval_reject') },
    whileLocked: false,
  }),
  'admin.enrolmentGrants': forward('enrolmentGrants', { request: Empty, audit: { event: 'admin.view', describe: listView('admin.enrolmentGrants') }, whileLocked: false }),
  'admin.revokeEnrolment': forward('revokeEnrolment', {
    request: RevokeEnrolmentRequestSchema,
    audit: { event: 'device.enroll', describe: (request) => ({ target: { kind: 'device', id: null }, details: { action: 'enrolment_revoke', grantId: request?.grantId ?? null } }) },
    whileLocked: false,
  }),
  'admin.alerts': forward('adminAlerts', { request: Empty, audit: { event: 'admin.view', describe: listView('admin.alerts') }, whileLocked: false }),
  'admin.ackAlert': forward('adminAckAlert', { request: AckAlertRequestSchema, audit: { event: 'alert.ack', describe: alertAck }, whileLocked: false }),
  // Desk updates (issue 28): releases with their rollout, the kill switch, and the fleet patch report.
  'admin.releases': forward('adminReleases', { request: Empty, audit: { event: 'admin.view', describe: listView('admin.releases') }, whileLocked: false }),
  'admin.rollout': forward('adminRollout', {
    request: ReleaseRolloutRequestSchema,
    audit: { event: 'update.rollout', describe: (request) => ({ target: { kind: 'app', id: request?.version ?? null }, details: { change: 'rollout', stage: request?.stage ?? null, percent: request?.percent ?? null } }) },
    whileLocked: false,
  }),
  'admin.releaseAction': forward('adminReleaseAction', {
    request: ReleaseChangeRequestSchema,
    audit: { event: 'update.rollout', describe: (request) => ({ target: { kind: 'app', id: request?.version ?? null }, details: { change: request?.action ?? null } }) },
    whileLocked: false,
  }),
  'admin.patchReport': forwardAndPresent('adminPatchReport', {
    request: z.object({ format: z.enum(['json', 'csv']) }),
    response: PatchReportResponseSchema,
    toRoute: () => ({ query: { format: 'json' } }),
    present: (report, request) => (request.format === 'csv' ? { format: 'csv' as const, report, csv: patchReportCsv(report) } : { format: 'json' as const, report }),
    audit: {
      event: 'report.generate',
      describe: (request, response) => ({ target: { kind: 'report', id: 'patch-report' }, details: { format: request?.format ?? null, devices: response?.report.devices.length ?? 0 } }),
    },
    whileLocked: false,
  }),
} as const;
