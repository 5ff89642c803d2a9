// Roles and permissions (PCI DSS 7.2: least privilege by job function). The main
// router and the server both decide with `can`, so they cannot drift apart.
import { z } from 'zod';

/** `security`: reviews the daily log findings and the control-failure incidents, and nothing else (issue 26). */
export const ROLES = ['agent', 'supervisor', 'admin', 'privacy', 'security'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const PERMISSIONS = [
  'customers.lookup',
  'customers.read',
  'notes.write',
  'subscriptions.extend',
  'supervisor.monitor',
  'supervisor.auditRead',
  'supervisor.alertsAck',
  'supervisor.reports',
  'admin.users',
  'admin.devices',
  'admin.review',
  /** Opens a data-subject request for the customer on the call (issue 27). */
  'privacy.open',
  /** The privacy officer's: works requests through their life, holds, erasure and export. */
  'privacy.manage',
  /** The daily log review (PCI DSS 10.4.1.1): read the findings, sign a day off. */
  'review.read',
  'review.signOff',
  /** Failures of critical security controls (10.7.2, 10.7.3): see the incidents, close one with its analysis. */
  'incidents.read',
  'incidents.close',
] as const;
export const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

// A supervisor who also takes calls gets both roles; no role implies another.
const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  agent: ['customers.lookup', 'customers.read', 'notes.write', 'subscriptions.extend', 'privacy.open'],
  supervisor: ['supervisor.monitor', 'supervisor.auditRead', 'supervisor.alertsAck', 'supervisor.reports', 'review.read', 'review.signOff', 'incidents.read', 'incidents.close'],
  admin: ['admin.users', 'admin.devices', 'admin.review', 'incidents.read', 'incidents.close'],
  privacy: ['privacy.open', 'privacy.manage'],
  security: ['review.read', 'review.signOff', 'incidents.read', 'incidents.close'],
};

export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((role) => GRANTS[role]));
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
}

/**
 * What a channel or route requires: `public` (no session, e.g. login),
 * `account` (any signed-in session, even one that must still finish account
 * setup: the setup routes themselves), `session` (any signed-in user whose
 * account is set up, e.g. lock), or one permission.
 */
export const AccessRuleSchema = z.union([z.literal('public'), z.literal('account'), z.literal('session'), PermissionSchema]);
export type AccessRule = z.infer<typeof AccessRuleSchema>;

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden' | 'setup_required';

/**
 * `pendingSetup`: the first sign-in steps the session still has to finish
 * (a new password, MFA). Such a session reaches `account` routes only.
 */
export function decideAccess(rule: AccessRule, roles: readonly Role[] | null, pendingSetup: readonly string[] = []): AccessDecision {
  if (rule === 'public') return 'allow';
  if (roles === null) return 'unauthenticated';
  if (rule === 'account') return 'allow';
  if (pendingSetup.length > 0) return 'setup_required';
  if (rule === 'session') return 'allow';
  return can(roles, rule) ? 'allow' : 'forbidden';
}
