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
