import { z } from 'zod';
export declare const SyncStateSchema: z.ZodEnum<{
    idle: "idle";
    offline: "offline";
    syncing: "syncing";
    retrying: "retrying";
    halted: "halted";
}>;
export declare const AuditSyncStatusSchema: z.ZodObject<{
    state: z.ZodEnum<{
        idle: "idle";
        offline: "offline";
        syncing: "syncing";
        retrying: "retrying";
        halted: "halted";
    }>;
    queueDepth: z.ZodNumber;
    oldestUnsyncedAgeMs: z.ZodNullable<z.ZodNumber>;
    lastSuccessAt: z.ZodNullable<z.ZodISODateTime>;
    lastError: z.ZodNullable<z.ZodObject<{
        code: z.ZodString;
        message: z.ZodString;
        at: z.ZodISODateTime;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type AuditSyncStatus = z.infer<typeof AuditSyncStatusSchema>;
/** The part of managed policy the renderer needs to behave; the rest stays in main. */
export declare const PolicyViewSchema: z.ZodObject<{
    idleLockMinutes: z.ZodNumber;
    maskReveal: z.ZodEnum<{
        last4: "last4";
        "bin+last4": "bin+last4";
    }>;
    captureProtection: z.ZodEnum<{
        require: "require";
        warn: "warn";
    }>;
    unlockRequiresOtp: z.ZodBoolean;
}, z.core.$strip>;
export type PolicyView = z.infer<typeof PolicyViewSchema>;
export declare const AppStatusSchema: z.ZodObject<{
    appVersion: z.ZodString;
    deviceId: z.ZodString;
    platform: z.ZodEnum<{
        win32: "win32";
        darwin: "darwin";
        linux: "linux";
    }>;
    server: z.ZodString;
    captureProtection: z.ZodEnum<{
        protected: "protected";
        unsupported: "unsupported";
        off: "off";
    }>;
    sensitiveViewsAllowed: z.ZodBoolean;
    policy: z.ZodObject<{
        idleLockMinutes: z.ZodNumber;
        maskReveal: z.ZodEnum<{
            last4: "last4";
            "bin+last4": "bin+last4";
        }>;
        captureProtection: z.ZodEnum<{
            require: "require";
            warn: "warn";
        }>;
        unlockRequiresOtp: z.ZodBoolean;
    }, z.core.$strip>;
    serverTime: z.ZodNullable<z.ZodISODateTime>;
}, z.core.$strip>;
export type AppStatus = z.infer<typeof AppStatusSchema>;
export declare const OpenExternalRequestSchema: z.ZodObject<{
    url: z.ZodURL;
}, z.core.$strip>;
/** Pushed by main's idle clock on every check while the session is active. */
export declare const IdleCountdownSchema: z.ZodObject<{
    secondsLeft: z.ZodNumber;
}, z.core.$strip>;
export type IdleCountdown = z.infer<typeof IdleCountdownSchema>;
