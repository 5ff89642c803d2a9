// The Administration routes are declared in shared/api.ts for the desk's side of
// #12; a1-people and b-devices implement them on their branches. On this branch
// they answer a typed 404 so the gateway still binds every declared route. The
// merge replaces this file with the real handlers and deletes it.
import type { RouteHandlers } from './route-binding.ts';
import { GatewayError } from '../errors.ts';

const ADMIN_ROUTES = [
  'adminUsers',
  'adminCreateUser',
  'adminSetRoles',
  'adminDisableUser',
  'adminEnableUser',
  'adminUnlockUser',
  'adminResetMfa',
  'adminResetPassword',
  'adminAccessReview',
  'adminSignOffReview',
  'adminAlerts',
  'adminAckAlert',
  'issueEnrolment',
  'devices',
  'revokeDevice',
] as const;
type AdminRoute = (typeof ADMIN_ROUTES)[number];

export const adminRoutesUntilMerge = Object.fromEntries(
  ADMIN_ROUTES.map((name) => [name, () => Promise.reject(new GatewayError('not_found', 'Administration is not on this gateway build yet'))]),
) as unknown as Pick<RouteHandlers, AdminRoute>;
