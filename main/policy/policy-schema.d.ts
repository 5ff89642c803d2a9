import { z } from 'zod';
/** PCI DSS 8.2.8 asks for 15 minutes at most; policy may only lower it. */
export declare const MAX_IDLE_LOCK_MINUTES = 15;
export declare const PolicySchema: z.ZodObject<{
    serverUrl: z.ZodURL;
    tlsPins: z.ZodDefault<z.ZodArray<z.ZodString>>;
    idleLockMinutes: z.ZodDefault<z.ZodPipe<z.ZodNumber, z.ZodTransform<number, number>>>;
    panDisplay: z.ZodDefault<z.ZodEnum<{
        last4: "last4";
        "bin+last4": "bin+last4";
    }>>;
    captureProtection: z.ZodDefault<z.ZodEnum<{
        require: "require";
        warn: "warn";
    }>>;
    unlockRequiresOtp: z.ZodDefault<z.ZodBoolean>;
    updates: z.ZodPrefault<z.ZodObject<{
        enabled: z.ZodDefault<z.ZodBoolean>;
        url: z.ZodOptional<z.ZodURL>;
    }, z.core.$strict>>;
    auditRetentionDays: z.ZodDefault<z.ZodNumber>;
    auditQueueMaxEvents: z.ZodDefault<z.ZodNumber>;
    openExternalAllowlist: z.ZodDefault<z.ZodArray<z.ZodPipe<z.ZodURL, z.ZodTransform<string, string>>>>;
}, z.core.$strict>;
export type Policy = z.infer<typeof PolicySchema>;
