import { z } from 'zod';
export declare const GatewayConfigSchema: z.ZodObject<{
    version: z.ZodDefault<z.ZodString>;
    maskReveal: z.ZodDefault<z.ZodEnum<{
        last4: "last4";
        "bin+last4": "bin+last4";
    }>>;
    lockout: z.ZodPrefault<z.ZodObject<{
        maxFailedAttempts: z.ZodDefault<z.ZodNumber>;
        lockMinutes: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strip>>;
    tokens: z.ZodPrefault<z.ZodObject<{
        accessMinutes: z.ZodDefault<z.ZodNumber>;
        refreshHours: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strip>>;
    authRateLimitPerMinute: z.ZodDefault<z.ZodNumber>;
    heartbeatSeconds: z.ZodDefault<z.ZodNumber>;
    offlineAfterSeconds: z.ZodDefault<z.ZodNumber>;
    alerts: z.ZodPrefault<z.ZodObject<{
        cardLookupBurst: z.ZodPrefault<z.ZodObject<{
            maxLookups: z.ZodDefault<z.ZodNumber>;
            windowMinutes: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strip>>;
        failedLogins: z.ZodPrefault<z.ZodObject<{
            threshold: z.ZodDefault<z.ZodNumber>;
            windowMinutes: z.ZodDefault<z.ZodNumber>;
        }, z.core.$strip>>;
        syncLagMinutes: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strip>>;
    limits: z.ZodPrefault<z.ZodObject<{
        bodyBytes: z.ZodDefault<z.ZodNumber>;
        auditBatchBytes: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
/** Time as the services see it; tests pass a controllable one. */
export interface Clock {
    now(): number;
}
export declare const systemClock: Clock;
