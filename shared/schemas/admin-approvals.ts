// A change that needs a second admin (shared/second-admin.ts): one admin
// requests it, another approves it before it expires. The approver is never
// the requester, an account the requester created, or the account changed.
import { z } from 'zod';
import { RoleSchema } from '../roles.ts';
import { AdminReasonSchema, CreateUserRequestSchema, ManagedUserSchema, SetRolesRequestSchema, UserIdSchema } from './admin.ts';
import { TimestampSchema } from './common.ts';
import { UsernameSchema } from './session.ts';

export const ApprovalIdSchema = z.string().regex(/^ap-[A-Za-z0-9-]{8,64}$/, { error: 'approvalId: an approval the gateway issued' });
export const ApprovalParamsSchema = z.object({ approvalId: ApprovalIdSchema });

/** What an admin asks a second admin to approve: a new account with these roles, or these roles for an account. */
export const ApprovalRequestSchema = z.discriminatedUnion('kind', [
  CreateUserRequestSchema.extend({ kind: z.literal('create') }),
  SetRolesRequestSchema.extend({ kind: z.literal('roles'), userId: UserIdSchema }),
]);
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;

export const AdminApprovalSchema = z.object({
  approvalId: ApprovalIdSchema,
  kind: z.enum(['create', 'roles']),
  /** The account to create (its ID is fixed at the request) or to change. */
  userId: UserIdSchema,
  username: UsernameSchema,
  roles: z.array(RoleSchema),
  reason: AdminReasonSchema,
  requestedBy: UsernameSchema,
  requestedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  status: z.enum(APPROVAL_STATUSES),
  decidedBy: UsernameSchema.nullable(),
  decidedAt: TimestampSchema.nullable(),
});
export type AdminApproval = z.infer<typeof AdminApprovalSchema>;

/** An approval decided: the account as changed; for a new account, its one-time password, shown once to the approver. */
export const ApprovedChangeSchema = z.object({
  approval: AdminApprovalSchema,
  user: ManagedUserSchema,
  oneTimePassword: z.string().min(12).max(64).nullable(),
  expiresAt: TimestampSchema.nullable(),
});
export type ApprovedChange = z.infer<typeof ApprovedChangeSchema>;
