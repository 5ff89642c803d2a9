import { z } from 'zod';
export declare const ROLES: readonly ["agent", "supervisor", "admin"];
export declare const RoleSchema: z.ZodEnum<{
    agent: "agent";
    supervisor: "supervisor";
    admin: "admin";
}>;
export type Role = z.infer<typeof RoleSchema>;
export declare const PERMISSIONS: readonly ["customers.lookup", "customers.read", "notes.write", "subscriptions.extend", "supervisor.monitor", "supervisor.auditRead", "supervisor.alertsAck", "supervisor.reports", "admin.users", "admin.devices"];
export declare const PermissionSchema: z.ZodEnum<{
    "customers.lookup": "customers.lookup";
    "customers.read": "customers.read";
    "notes.write": "notes.write";
    "subscriptions.extend": "subscriptions.extend";
    "supervisor.monitor": "supervisor.monitor";
    "supervisor.auditRead": "supervisor.auditRead";
    "supervisor.alertsAck": "supervisor.alertsAck";
    "supervisor.reports": "supervisor.reports";
    "admin.users": "admin.users";
    "admin.devices": "admin.devices";
}>;
export type Permission = z.infer<typeof PermissionSchema>;
export declare function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission>;
export declare function can(roles: readonly Role[], permission: Permission): boolean;
/**
 * What a channel or route requires: `public` (no session, e.g. login),
 * `session` (any signed-in user, e.g. lock), or one permission.
 */
export declare const AccessRuleSchema: z.ZodUnion<readonly [z.ZodLiteral<"public">, z.ZodLiteral<"session">, z.ZodEnum<{
    "customers.lookup": "customers.lookup";
    "customers.read": "customers.read";
    "notes.write": "notes.write";
    "subscriptions.extend": "subscriptions.extend";
    "supervisor.monitor": "supervisor.monitor";
    "supervisor.auditRead": "supervisor.auditRead";
    "supervisor.alertsAck": "supervisor.alertsAck";
    "supervisor.reports": "supervisor.reports";
    "admin.users": "admin.users";
    "admin.devices": "admin.devices";
}>]>;
export type AccessRule = z.infer<typeof AccessRuleSchema>;
export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';
export declare function decideAccess(rule: AccessRule, roles: readonly Role[] | null): AccessDecision;
