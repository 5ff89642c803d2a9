import { z } from 'zod';
export declare const UsernameSchema: z.ZodString;
/** PCI DSS 8.3.6: at least 12 characters. Checked again by the server at enrolment. */
export declare const PASSWORD_MIN_LENGTH = 12;
export declare const PasswordSchema: z.ZodString;
export declare const OneTimeCodeSchema: z.ZodString;
export declare const LoginRequestSchema: z.ZodObject<{
    username: z.ZodString;
    password: z.ZodString;
    otp: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type LoginRequest = z.infer<typeof LoginRequestSchema>;
export declare const UnlockRequestSchema: z.ZodObject<{
    password: z.ZodString;
    otp: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export type UnlockRequest = z.infer<typeof UnlockRequestSchema>;
export declare const UserViewSchema: z.ZodObject<{
    userId: z.ZodString;
    username: z.ZodString;
    displayName: z.ZodString;
    roles: z.ZodArray<z.ZodEnum<{
        agent: "agent";
        supervisor: "supervisor";
        admin: "admin";
    }>>;
    mfaEnabled: z.ZodBoolean;
}, z.core.$strip>;
export type UserView = z.infer<typeof UserViewSchema>;
export declare const LOCK_REASONS: readonly ["idle", "manual", "os_lock", "suspend", "expired"];
export declare const LockReasonSchema: z.ZodEnum<{
    expired: "expired";
    idle: "idle";
    manual: "manual";
    os_lock: "os_lock";
    suspend: "suspend";
}>;
export declare const SessionStateSchema: z.ZodDiscriminatedUnion<[z.ZodObject<{
    status: z.ZodLiteral<"signed_out">;
}, z.core.$strip>, z.ZodObject<{
    status: z.ZodLiteral<"active">;
    user: z.ZodObject<{
        userId: z.ZodString;
        username: z.ZodString;
        displayName: z.ZodString;
        roles: z.ZodArray<z.ZodEnum<{
            agent: "agent";
            supervisor: "supervisor";
            admin: "admin";
        }>>;
        mfaEnabled: z.ZodBoolean;
    }, z.core.$strip>;
    since: z.ZodISODateTime;
}, z.core.$strip>, z.ZodObject<{
    status: z.ZodLiteral<"locked">;
    user: z.ZodObject<{
        userId: z.ZodString;
        username: z.ZodString;
        displayName: z.ZodString;
        roles: z.ZodArray<z.ZodEnum<{
            agent: "agent";
            supervisor: "supervisor";
            admin: "admin";
        }>>;
        mfaEnabled: z.ZodBoolean;
    }, z.core.$strip>;
    lockedAt: z.ZodISODateTime;
    reason: z.ZodEnum<{
        expired: "expired";
        idle: "idle";
        manual: "manual";
        os_lock: "os_lock";
        suspend: "suspend";
    }>;
    otpRequired: z.ZodBoolean;
}, z.core.$strip>], "status">;
export type SessionState = z.infer<typeof SessionStateSchema>;
