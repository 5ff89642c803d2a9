// Signing in, the lock, and first sign-in's account setup. These go through
// main's session service, which holds the tokens; only starting MFA is a
// plain gateway call.
import { NoContentSchema as Empty } from '../../api.ts';
import {
  ChangePasswordRequestSchema,
  MfaConfirmRequestSchema,
  SessionStateSchema,
  UnlockRequestSchema,
  UserViewSchema,
} from '../../schemas/session.ts';
import { DeskLoginRequestSchema, MfaStartRequestSchema } from '../../schemas/admin.ts';
import { DeskSsoSignInRequestSchema } from '../../schemas/sso.ts';
import { accountStep, sessionEvent } from '../audit-descriptions.ts';
import { forward, local } from '../channel-kinds.ts';

export const sessionChannels = {
  'session.login': local({
    request: DeskLoginRequestSchema,
    response: UserViewSchema,
    access: 'public',
    audit: { event: 'auth.login', describe: sessionEvent },
    whileLocked: false,
  }),
  // Single sign-on: the providers offered, the sign-in in the system browser (main waits for its loopback redirect), and its cancel.
  'session.ssoProviders': forward('ssoProviders', {
    request: Empty,
    audit: { none: 'reads the names of the sign-in providers, no customer or account data' },
    whileLocked: true,
  }),
  'session.ssoSignIn': local({
    request: DeskSsoSignInRequestSchema,
    response: UserViewSchema,
    access: 'public',
    audit: { event: 'auth.login', describe: sessionEvent },
    whileLocked: false,
  }),
  // A locked session of an SSO-only account: a fresh company sign-in of the same person replaces it.
  'session.ssoUnlock': local({
    request: DeskSsoSignInRequestSchema,
    response: SessionStateSchema,
    access: 'session',
    audit: { event: 'session.unlock', describe: sessionEvent },
    whileLocked: true,
  }),
  'session.ssoCancel': local({
    request: Empty,
    response: Empty,
    access: 'public',
    audit: { none: 'stops waiting for the browser; the sign-in it ends was never completed' },
    whileLocked: true,
  }),
  'session.logout': local({
    request: Empty,
    response: Empty,
    access: 'session',
    audit: { event: 'auth.logout', describe: sessionEvent },
    whileLocked: true,
    onWallboard: true,
  }),
  'session.lock': local({
    request: Empty,
    response: SessionStateSchema,
    access: 'session',
    // Every lock (manual, idle, OS lock, suspend) is audited in one place, session.lock(reason); a full trail never refuses a lock.
    audit: { none: 'audited by the session itself, as every lock is' },
    whileLocked: true,
    // Leaving the wallboard is a lock: whoever walks up to the display must unlock with their password.
    onWallboard: true,
  }),
  // A supervisor's shared display: the floor in aggregate, which never idles into a lock (supervisor.wallboard).
  'session.wallboard': local({
    request: Empty,
    response: SessionStateSchema,
    access: 'supervisor.monitor',
    audit: { event: 'session.wallboard', describe: sessionEvent },
    whileLocked: false,
  }),
  'session.unlock': local({
    request: UnlockRequestSchema,
    response: SessionStateSchema,
    access: 'session',
    audit: { event: 'session.unlock', describe: sessionEvent },
    whileLocked: true,
  }),
  'session.state': local({
    request: Empty,
    response: SessionStateSchema,
    access: 'public',
    audit: { none: 'reads only the caller’s own session state, no customer data' },
    whileLocked: true,
    onWallboard: true,
  }),
  // First sign-in: the only channels a session with pending setup steps reaches.
  'account.changePassword': local({
    request: ChangePasswordRequestSchema,
    response: UserViewSchema,
    access: 'account',
    audit: { event: 'auth.credential.change', describe: accountStep('password_change') },
    whileLocked: false,
  }),
  // The answer carries the new TOTP secret: the event names the step only, never the URI.
  'account.startMfa': forward('startMfa', {
    request: MfaStartRequestSchema,
    audit: { event: 'auth.credential.change', describe: accountStep('mfa_start') },
    whileLocked: false,
  }),
  'account.confirmMfa': local({
    request: MfaConfirmRequestSchema,
    response: UserViewSchema,
    access: 'account',
    audit: { event: 'auth.credential.change', describe: accountStep('mfa_enrol') },
    whileLocked: false,
  }),
} as const;
