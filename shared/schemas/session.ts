// Sign-in, lock and the session as the renderer may see it: never a token.
import { z } from 'zod';
import { RoleSchema } from '../roles.ts';
import { panFreeText, TimestampSchema } from './common.ts';

export const UsernameSchema = z
  .string()
  .trim()
  .min(1, { error: 'Enter your username' })
  .max(64)
  .regex(/^[a-z0-9._@-]+$/i, { error: 'A username has letters, digits, . _ - and @ only' });
/** PCI DSS 8.3.6: at least 12 characters. Checked again by the server at enrolment. */
export const PASSWORD_MIN_LENGTH = 12;
export const PasswordSchema = z.string().min(1, { error: 'Enter your password' }).max(256);
export const OneTimeCodeSchema = z.string().regex(/^\d{6}$/, { error: 'The one-time code has 6 digits' });

export const LoginRequestSchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  otp: OneTimeCodeSchema.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UnlockRequestSchema = z.object({
  password: PasswordSchema,
  otp: OneTimeCodeSchema.optional(),
});
export type UnlockRequest = z.infer<typeof UnlockRequestSchema>;

export const DisplayNameSchema = panFreeText('display name', 1, 128);

/** First sign-in steps a new account must finish before any other request: a new password (8.3.5), then MFA (8.4.2). */
export const PENDING_SETUP = ['password_change', 'mfa_enrolment'] as const;
export const PendingSetupSchema = z.enum(PENDING_SETUP);
export type PendingSetup = z.infer<typeof PendingSetupSchema>;

export const UserViewSchema = z.object({
  userId: z.string().min(1).max(64),
  username: UsernameSchema,
  displayName: z.string().min(1).max(128),
  roles: z.array(RoleSchema).min(1),
  mfaEnabled: z.boolean(),
  /** Absent or empty: the account is set up. Otherwise the session only reaches the account-setup routes. */
  pendingSetup: z.array(PendingSetupSchema).optional(),
});

export const ChangePasswordRequestSchema = z.object({ currentPassword: PasswordSchema, newPassword: PasswordSchema });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;
/** The otpauth:// URI the desk shows as a QR code; it carries the new TOTP secret, so it is shown once and never stored by the desk. */
export const MfaEnrolmentSchema = z.object({ otpauthUri: z.string().startsWith('otpauth://totp/').max(512), expiresAt: TimestampSchema });
export type MfaEnrolment = z.infer<typeof MfaEnrolmentSchema>;
export const MfaConfirmRequestSchema = z.object({ code: OneTimeCodeSchema });
export type UserView = z.infer<typeof UserViewSchema>;

export const LOCK_REASONS = ['idle', 'manual', 'os_lock', 'suspend', 'expired'] as const;
export const LockReasonSchema = z.enum(LOCK_REASONS);

export const SessionStateSchema = z.discriminatedUnion('status', [
  /** `reason`: the gateway ended the session because IT revoked this desk. */
  z.object({ status: z.literal('signed_out'), reason: z.literal('device_revoked').optional() }),
  /** `wallboard`: the desk shows only the floor's aggregate figures (a supervisor's display); a lock ends it. */
  z.object({ status: z.literal('active'), user: UserViewSchema, since: TimestampSchema, wallboard: z.literal(true).optional() }),
  z.object({
    status: z.literal('locked'),
    user: UserViewSchema,
    lockedAt: TimestampSchema,
    reason: LockReasonSchema,
    otpRequired: z.boolean(),
  }),
]);
export type SessionState = z.infer<typeof SessionStateSchema>;
