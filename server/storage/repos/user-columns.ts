// The users columns stored as text that the repositories read back typed: the
// roles (a JSON array) and the reason an account was disabled.
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { RoleSchema, type Role } from '../../../shared/roles.ts';
import { DISABLED_REASONS } from '../../../shared/schemas/admin.ts';
import type { DisabledReason } from '../store.ts';
import type { UsersTable } from '../tables.ts';

const RolesJsonSchema = z.array(RoleSchema);
const DisabledReasonSchema = z.enum(DISABLED_REASONS).nullable();

export const rolesOf = (row: Pick<Selectable<UsersTable>, 'roles'>): Role[] => RolesJsonSchema.parse(JSON.parse(row.roles));

export const disabledReasonOf = (row: Pick<Selectable<UsersTable>, 'disabled_reason'>): DisabledReason | null => DisabledReasonSchema.parse(row.disabled_reason);

type AdminColumns = Pick<Selectable<UsersTable>, 'roles' | 'disabled_at' | 'must_change_password' | 'mfa_secret_sealed' | 'mfa_required' | 'locked_until'>;

/** An enabled account holding the admin role (it may still be setting up, or locked). */
export const isActiveAdmin = (row: Pick<AdminColumns, 'roles' | 'disabled_at'>): boolean => row.disabled_at === null && rolesOf(row).includes('admin');

/**
 * An admin who can sign in and act at `at`: enabled, set up (own password chosen, MFA enrolled unless the
 * account is exempt) and not locked. The last-admin rule counts only these: a never-set-up or locked admin
 * cannot rescue a store.
 */
export const isUsableAdmin = (row: AdminColumns, at: number): boolean =>
  isActiveAdmin(row) &&
  row.must_change_password === 0 &&
  (row.mfa_secret_sealed !== null || row.mfa_required === 0) &&
  (row.locked_until === null || row.locked_until <= at);
